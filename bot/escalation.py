"""Escalation to human advisors, inside Telegram.

User side: a request (button, `/consulente`, "voglio parlare con una persona") → confirmation →
one skippable detail → ticket opened; while it is open the user's messages go to the advisors
and the bot stays silent; `/fine` closes it and asks for a 1–5 rating.

Advisors' side (`ADVISORS_CHAT_ID`): each ticket gets a forum topic (or, in a plain group, a card
whose replies thread under it) with the question, context, the bot's answer and sources, and
buttons to claim, draft, close and add to the FAQ. Replies in the topic or thread reach the user,
once. Reminders come from the database, so they survive restarts.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import html
import logging
import re
from pathlib import Path
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update, User
from telegram.constants import ChatMemberStatus, ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.context import BotContext
from bot.models import Ticket, utcnow
from bot.texts import text, when
from bot.tickets import ACTIVE, FINISHED, PENDING
from bot.tickets import TicketStatus as S

log = logging.getLogger(__name__)

HUMAN_REQUEST = re.compile(
    r"\b(parlare|parlo|sentire|contattare|chattare)\s+(con|a)\s+(una\s+persona|un\s+consulente|"
    r"un\s+operatore|qualcuno|un\s+umano|un\s+esperto|una\s+persona\s+vera)|"
    r"\b(voglio|vorrei|posso\s+avere)\s+(un|una)\s+(consulente|operatore|persona)\b|"
    r"\boperatore\s+umano\b|\bconsulente\s+umano\b|"
    r"\b(talk|speak|chat)\s+(to|with)\s+(someone|somebody|a\s+human|a\s+person|an\s+advisor|"
    r"an\s+adviser|an\s+agent|a\s+real\s+person)|\breal\s+person\b|\bhuman\s+(please|agent)\b",
    re.IGNORECASE,
)
ADVISOR_STATUSES = {
    ChatMemberStatus.OWNER,
    ChatMemberStatus.ADMINISTRATOR,
    ChatMemberStatus.MEMBER,
}
STATUS_LABELS: dict[str, str] = {
    S.OPEN: "🟡 aperto",
    S.CLAIMED: "🟠 preso in carico",
    S.ANSWERED: "🟢 risposto",
    S.CLOSED: "✅ chiuso",
    S.CANCELLED: "⚪ annullato dall'utente",
}


def asks_for_human(message_text: str) -> bool:
    """Whether a message asks for a person rather than an answer."""
    return bool(HUMAN_REQUEST.search(message_text))


def _user_name(user: User | None) -> str:
    if user is None:
        return ""
    return " ".join(p for p in (user.first_name, user.last_name) if p)


def _clip(value: str | None, limit: int) -> str:
    value = (value or "").strip()
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


# -- pure rendering --------------------------------------------------------------------------


def render_card(ticket: Ticket) -> str:
    """The ticket card for the advisors' group (HTML, well under 4096 characters)."""
    e = html.escape
    who = e(ticket.user_name or "utente")
    if ticket.username:
        who += f" (@{e(ticket.username)})"
    lines = [
        f"🎫 <b>Ticket #{ticket.id}</b> — {STATUS_LABELS.get(ticket.status, ticket.status)}",
        f"👤 {who} · lingua {e(ticket.language)} · id <code>{ticket.user_id}</code>",
        f"❓ <b>Domanda</b>: {e(_clip(ticket.question, 900))}",
    ]
    if ticket.clarification:
        lines.append(f"➕ <b>Dettagli</b>: {e(_clip(ticket.clarification, 400))}")
    turns = [t for t in ticket.context or [] if isinstance(t, dict)][-3:]
    if turns:
        lines.append("🗨 <b>Ultimi scambi</b>:")
        lines += [f"• {e(_clip(str(t.get('question', '')), 200))}" for t in turns]
    if ticket.bot_answer:
        conf = f"{ticket.confidence:.2f}" if ticket.confidence is not None else "-"
        lines.append(f"🤖 <b>Risposta del bot</b> (confidenza {conf}):")
        lines.append(e(_clip(ticket.bot_answer, 1200)))
    sources = [str(s) for s in ticket.bot_sources or []]
    if sources:
        lines.append("📚 <b>Fonti</b>: " + e(_clip("; ".join(sources), 400)))
    if ticket.assignee_name:
        lines.append(f"👷 <b>In carico a</b>: {e(ticket.assignee_name)}")
    if ticket.rating:
        lines.append(f"⭐ Voto dell'utente: {ticket.rating}/5")
    return "\n".join(lines)


def card_keyboard(ticket: Ticket) -> InlineKeyboardMarkup | None:
    """Claim, draft, close, and add to FAQ once answered."""
    if ticket.status in FINISHED:
        if ticket.status == S.CLOSED and not ticket.faq_doc_id:
            return InlineKeyboardMarkup(
                [[InlineKeyboardButton("⭐ Aggiungi alle FAQ", callback_data=f"tkf:{ticket.id}")]]
            )
        return None
    row = []
    if ticket.assignee_id is None:
        row.append(InlineKeyboardButton("🙋 Prendo io", callback_data=f"tkc:{ticket.id}"))
    row.append(InlineKeyboardButton("📝 Bozza", callback_data=f"tkd:{ticket.id}"))
    row.append(InlineKeyboardButton("✅ Chiudi", callback_data=f"tkx:{ticket.id}"))
    rows = [row]
    if ticket.first_reply_at is not None and not ticket.faq_doc_id:
        rows.append(
            [InlineKeyboardButton("⭐ Aggiungi alle FAQ", callback_data=f"tkf:{ticket.id}")]
        )
    return InlineKeyboardMarkup(rows)


def rating_keyboard(ticket_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(str(n), callback_data=f"tkr:{ticket_id}:{n}") for n in range(1, 6)]]
    )


def faq_markdown(ticket: Ticket, replies: list[str], today: dt.date) -> str:
    """A FAQ document from a ticket: the question and the advisors' answer."""
    title = _clip(" ".join(ticket.question.split()), 200).replace('"', "'")
    body = "\n\n".join(r.strip() for r in replies if r.strip())
    lang = ticket.language if ticket.language in ("it", "en") else "it"
    heading = "Risposta dei consulenti" if lang == "it" else "Answer from the advisors"
    origin = (
        f"Fonte: risposta dei consulenti dello Sportello al ticket #{ticket.id}."
        if lang == "it"
        else f"Source: the advisors' answer to ticket #{ticket.id}."
    )
    return (
        f'---\ntitle: "{title}"\nkind: faq\nlanguage: {lang}\nupdated: {today.isoformat()}\n'
        f"tags: [ticket, ticket-{ticket.id}]\n---\n# {title}\n\n## {heading}\n\n{body}\n\n"
        f"{origin}\n"
    )


# -- services used by handlers ------------------------------------------------------------------


class Escalation:
    """Ticket actions that talk to Telegram; built once, reached through the bot context."""

    def __init__(self, context: BotContext) -> None:
        self.context = context
        self.bot = context.bot
        self.settings = context.settings
        self.tickets = context.services.tickets
        assert self.tickets is not None
        self.group_id = context.settings.advisors_chat_id

    async def is_forum(self) -> bool:
        services = self.context.services
        if services.advisors_forum is None and self.group_id is not None:
            chat = await self.bot.get_chat(self.group_id)
            services.advisors_forum = bool(chat.is_forum)
        return bool(services.advisors_forum)

    async def post_card(self, ticket: Ticket) -> None:
        """Create the ticket's topic (forum) and post its card; remember where."""
        assert self.group_id is not None
        assert self.tickets is not None
        thread_id = ticket.thread_id
        if thread_id is None and await self.is_forum():
            name = _clip(f"#{ticket.id} {ticket.user_name} – {ticket.question}", 120)
            topic = await self.bot.create_forum_topic(self.group_id, name)
            thread_id = topic.message_thread_id
            await self.tickets.set_fields(ticket.id, thread_id=thread_id)
            ticket.thread_id = thread_id
        card = await self.bot.send_message(
            self.group_id,
            render_card(ticket),
            parse_mode=ParseMode.HTML,
            reply_markup=card_keyboard(ticket),
            message_thread_id=thread_id,
        )
        await self.tickets.set_fields(ticket.id, card_message_id=card.message_id)

    async def refresh_card(self, ticket_id: int) -> None:
        """Redraw the card after a change (status, assignee, rating)."""
        assert self.tickets is not None
        assert self.group_id is not None
        ticket = await self.tickets.get(ticket_id)
        if ticket is None or ticket.card_message_id is None:
            return
        with contextlib.suppress(BadRequest):  # "message is not modified"
            await self.bot.edit_message_text(
                render_card(ticket),
                chat_id=self.group_id,
                message_id=ticket.card_message_id,
                parse_mode=ParseMode.HTML,
                reply_markup=card_keyboard(ticket),
            )

    async def to_group(self, ticket: Ticket, html_text: str) -> Message:
        """A message in the ticket's topic, or as a reply to its card."""
        assert self.group_id is not None
        return await self.bot.send_message(
            self.group_id,
            html_text,
            parse_mode=ParseMode.HTML,
            message_thread_id=ticket.thread_id,
            reply_to_message_id=ticket.card_message_id if ticket.thread_id is None else None,
        )

    async def open(self, ticket: Ticket) -> None:
        """Open a prepared ticket: the user is told at once, the card goes to the group."""
        assert self.tickets is not None
        if not await self.tickets.transition(
            ticket.id, (S.DRAFT, S.CLARIFYING, S.ASKING), S.OPEN, opened_at=utcnow()
        ):
            return
        opened = await self.tickets.get(ticket.id)
        assert opened is not None
        lang = opened.language
        notice = text(lang, "esc_opened", id=opened.id)
        office = self.settings.office
        now = dt.datetime.now(dt.UTC)
        if not office.is_open(now):
            notice += "\n" + text(
                lang, "esc_after_hours", when=when(lang, office.next_opening(now))
            )
        await self.bot.send_message(opened.chat_id, notice)
        await self.post_card(opened)

    async def close(self, ticket_id: int, *, by_user: bool) -> None:
        """Close a ticket from either side; ask the user for a rating if it was answered."""
        assert self.tickets is not None
        final = await self.tickets.close(ticket_id)
        if final is None:
            return
        ticket = await self.tickets.get(ticket_id)
        assert ticket is not None
        lang = ticket.language
        if ticket.chat_id:
            key = "esc_closed_by_user" if by_user else "esc_closed_by_advisor"
            with contextlib.suppress(TelegramError):
                await self.bot.send_message(ticket.chat_id, text(lang, key, id=ticket.id))
                if final == S.CLOSED:
                    await self.bot.send_message(
                        ticket.chat_id,
                        text(lang, "esc_rate"),
                        reply_markup=rating_keyboard(ticket.id),
                    )
        who = "dall'utente" if by_user else "dal consulente"
        await self.to_group(ticket, f"🔒 Ticket #{ticket.id} chiuso {who}.")
        await self.refresh_card(ticket.id)

    async def is_advisor(self, user_id: int) -> bool:
        """Only members of the advisors' group act on tickets."""
        if self.group_id is None:
            return False
        try:
            member = await self.bot.get_chat_member(self.group_id, user_id)
        except TelegramError:
            return False
        return member.status in ADVISOR_STATUSES

    def advisor_label(self, user: User | None, lang: str) -> str:
        if self.settings.advisor_signature == "first_name" and user is not None:
            return user.first_name
        if self.settings.advisor_signature not in ("", "first_name"):
            return self.settings.advisor_signature
        return text(lang, "advisor_team")


# -- user side -----------------------------------------------------------------------------------


async def request_advisor(
    update: Update, context: BotContext, *, answer_id: int | None = None
) -> None:
    """The user asks for a person: confirm the question first (or ask for it)."""
    user = update.effective_user
    chat = update.effective_chat
    if user is None or chat is None or context.services.tickets is None:
        return
    lang = (await context.state.touch_user(user.id)) or (
        "en" if (user.language_code or "").startswith("en") else "it"
    )
    if context.settings.advisors_chat_id is None:
        await context.bot.send_message(
            chat.id, text(lang, "advisor_unavailable", contact=context.settings.advisor_contact)
        )
        return
    tickets = context.services.tickets
    active = await tickets.active_for_user(user.id)
    if active is not None:
        await context.bot.send_message(chat.id, text(lang, "esc_already_open", id=active.id))
        return
    record = await (
        context.state.get_answer(answer_id) if answer_id else context.state.last_answer(user.id)
    )
    if record is not None and record.user_id != user.id:
        record = None
    history = await context.state.recent_turns(chat.id, 3, dt.timedelta(hours=24))
    fields: dict[str, Any] = {
        "user_id": user.id,
        "chat_id": chat.id,
        "user_name": _user_name(user),
        "username": user.username,
        "language": record.language if record else lang,
        "context": [{"question": t.question, "answer": t.answer[:500]} for t in history],
    }
    if record is not None and record.question:
        ticket = await tickets.create(
            status=S.DRAFT,
            question=record.question,
            bot_answer=record.answer,
            bot_sources=list(record.sources or []),
            confidence=record.confidence,
            **fields,
        )
        keyboard = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        text(lang, "btn_send"), callback_data=f"tk:{ticket.id}:yes"
                    ),
                    InlineKeyboardButton(
                        text(lang, "btn_cancel"), callback_data=f"tk:{ticket.id}:no"
                    ),
                ]
            ]
        )
        await context.bot.send_message(
            chat.id,
            text(lang, "esc_confirm", question=_clip(record.question, 500)),
            reply_markup=keyboard,
        )
    else:
        await tickets.create(status=S.ASKING, question="", **fields)
        await context.bot.send_message(chat.id, text(lang, "esc_ask_question"))


async def ask_detail(context: BotContext, ticket: Ticket) -> None:
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    text(ticket.language, "btn_skip"), callback_data=f"tk:{ticket.id}:skip"
                )
            ]
        ]
    )
    await context.bot.send_message(
        ticket.chat_id, text(ticket.language, "esc_ask_detail"), reply_markup=keyboard
    )


async def route_user_message(update: Update, context: BotContext) -> bool:
    """Handle a private message that belongs to a ticket; False when the bot should answer."""
    message = update.effective_message
    user = update.effective_user
    tickets = context.services.tickets
    if (
        message is None
        or user is None
        or tickets is None
        or context.settings.advisors_chat_id is None
    ):
        return False
    pending = await tickets.pending_for_user(user.id)
    if pending is not None and message.text:
        if pending.status == S.ASKING:
            await tickets.transition(
                pending.id,
                (S.ASKING,),
                S.CLARIFYING,
                question=message.text[: context.settings.max_message_chars],
            )
            pending.status = S.CLARIFYING
            await ask_detail(context, pending)
            return True
        if pending.status == S.CLARIFYING:
            await tickets.set_fields(pending.id, clarification=message.text[:1000])
            await Escalation(context).open(pending)
            return True
    active = await tickets.active_for_user(user.id)
    if active is None:
        return False
    await relay_to_advisors(context, active, message, user)
    return True


async def relay_to_advisors(
    context: BotContext, ticket: Ticket, message: Message, user: User
) -> None:
    """A user's message while the ticket is open: into the ticket's topic or thread."""
    tickets = context.services.tickets
    assert tickets is not None
    escalation = Escalation(context)
    record_id = await tickets.record_message(
        ticket.id,
        direction="to_advisors",
        source_chat_id=message.chat.id,
        source_message_id=message.message_id,
        author_id=user.id,
        author_name=_user_name(user),
        text=message.text or message.caption,
    )
    if record_id is None:
        return  # already relayed
    if ticket.card_message_id is None:
        await escalation.post_card(ticket)
        ticket = await tickets.get(ticket.id) or ticket
    header = f"✉️ <b>{html.escape(ticket.user_name or 'Utente')}</b> (ticket #{ticket.id}):"
    try:
        if message.text:
            sent = await escalation.to_group(ticket, f"{header}\n{html.escape(message.text)}")
        else:
            await escalation.to_group(ticket, header)
            assert context.settings.advisors_chat_id is not None
            copied = await context.bot.copy_message(
                context.settings.advisors_chat_id,
                message.chat.id,
                message.message_id,
                message_thread_id=ticket.thread_id,
                reply_to_message_id=ticket.card_message_id if ticket.thread_id is None else None,
            )
            sent = None
            await tickets.mark_delivered(record_id, copied.message_id)
        if sent is not None:
            await tickets.mark_delivered(record_id, sent.message_id)
    except TelegramError as exc:
        await tickets.mark_failed(record_id, str(exc))
        await message.reply_text(text(ticket.language, "esc_delivery_failed"))
        return
    if not ticket.routing_notice_sent:
        await tickets.set_fields(ticket.id, routing_notice_sent=True)
        await message.reply_text(text(ticket.language, "esc_routed", id=ticket.id))


async def finish(update: Update, context: BotContext) -> None:
    """`/fine`: close the user's ticket and return to the bot."""
    user = update.effective_user
    message = update.effective_message
    tickets = context.services.tickets
    if user is None or message is None or tickets is None:
        return
    active = await tickets.active_for_user(user.id)
    pending = await tickets.pending_for_user(user.id)
    if pending is not None:
        await tickets.transition(pending.id, PENDING, S.CANCELLED, closed_at=utcnow())
    if active is None:
        lang = (await context.state.touch_user(user.id)) or "it"
        await message.reply_text(text(lang, "esc_no_ticket"))
        return
    await Escalation(context).close(active.id, by_user=True)


async def on_ticket_callback(update: Update, context: BotContext) -> None:
    """Buttons of tickets: the user's confirm/skip/rating, the advisors' claim/draft/close/FAQ."""
    query = update.callback_query
    user = update.effective_user
    tickets = context.services.tickets
    if query is None or query.data is None or user is None or tickets is None:
        return
    kind, _, rest = query.data.partition(":")
    ticket_part, _, arg = rest.partition(":")
    if not ticket_part.isdigit():
        await query.answer()
        return
    ticket = await tickets.get(int(ticket_part))
    if ticket is None:
        await query.answer("Ticket non trovato")
        return
    if kind in ("tk", "tkr"):
        if ticket.user_id != user.id:  # never act on someone else's ticket
            await query.answer()
            return
        await _user_ticket_button(context, query, ticket, kind, arg)
        return
    escalation = Escalation(context)
    message = query.message
    if (
        message is None
        or message.chat.id != context.settings.advisors_chat_id
        or not await escalation.is_advisor(user.id)
    ):
        await query.answer("Solo i consulenti possono gestire i ticket.", show_alert=True)
        return
    if kind == "tkc":
        won = await tickets.claim(ticket.id, user.id, _user_name(user))
        if won:
            await query.answer(f"Ticket #{ticket.id} è tuo.")
            await escalation.refresh_card(ticket.id)
        else:
            fresh = await tickets.get(ticket.id)
            owner = fresh.assignee_name if fresh and fresh.assignee_name else "un altro consulente"
            await query.answer(f"Già preso da {owner}.", show_alert=True)
    elif kind == "tkx":
        await query.answer()
        await escalation.close(ticket.id, by_user=False)
    elif kind == "tkd":
        await query.answer()
        await post_draft(context, escalation, ticket)
    elif kind == "tkf":
        await query.answer("Aggiungo alle FAQ…")
        await promote_to_faq(context, escalation, ticket)
    else:
        await query.answer()


async def _user_ticket_button(
    context: BotContext, query: Any, ticket: Ticket, kind: str, arg: str
) -> None:
    tickets = context.services.tickets
    assert tickets is not None
    lang = ticket.language
    await query.answer()
    if kind == "tkr" and arg.isdigit():
        if await tickets.rate(ticket.id, ticket.user_id, int(arg)):
            with contextlib.suppress(BadRequest):
                await query.edit_message_text(text(lang, "esc_rated"))
            await Escalation(context).refresh_card(ticket.id)
        return
    if arg == "yes" and await tickets.transition(ticket.id, (S.DRAFT,), S.CLARIFYING):
        with contextlib.suppress(BadRequest):
            await query.edit_message_reply_markup(None)
        await ask_detail(context, ticket)
    elif arg == "no" and await tickets.transition(
        ticket.id, PENDING, S.CANCELLED, closed_at=utcnow()
    ):
        with contextlib.suppress(BadRequest):
            await query.edit_message_text(text(lang, "esc_cancelled"))
    elif arg == "skip" and ticket.status == S.CLARIFYING:
        with contextlib.suppress(BadRequest):
            await query.edit_message_reply_markup(None)
        await Escalation(context).open(ticket)


# -- advisors' side -------------------------------------------------------------------------------


async def advisor_message(update: Update, context: BotContext) -> None:
    """A message in the advisors' group: relay it if it is in a ticket's topic or thread."""
    message = update.effective_message
    user = update.effective_user
    tickets = context.services.tickets
    group_id = context.settings.advisors_chat_id
    if message is None or user is None or tickets is None or group_id is None or user.is_bot:
        return
    ticket = None
    if message.is_topic_message and message.message_thread_id is not None:
        ticket = await tickets.by_thread(message.message_thread_id)
    if ticket is None and message.reply_to_message is not None:
        ticket = await tickets.by_group_message(message.reply_to_message.message_id, group_id)
    if ticket is None:
        return
    escalation = Escalation(context)
    if ticket.status not in ACTIVE:
        await message.reply_text(f"Il ticket #{ticket.id} è chiuso: l'utente non lo riceve.")
        return
    record_id = await tickets.record_message(
        ticket.id,
        direction="to_user",
        source_chat_id=group_id,
        source_message_id=message.message_id,
        author_id=user.id,
        author_name=_user_name(user),
        text=message.text or message.caption,
    )
    if record_id is None:
        return  # this message was relayed already (a redelivered update)
    lang = ticket.language
    header = text(lang, "esc_advisor_says", name=escalation.advisor_label(user, lang))
    try:
        if message.text:
            sent = await context.bot.send_message(
                ticket.chat_id,
                f"<b>{html.escape(header)}</b>\n{html.escape(message.text)}",
                parse_mode=ParseMode.HTML,
            )
            target = sent.message_id
        else:
            await context.bot.send_message(ticket.chat_id, header)
            copied = await context.bot.copy_message(ticket.chat_id, group_id, message.message_id)
            target = copied.message_id
    except Forbidden as exc:
        await tickets.mark_failed(record_id, str(exc))
        await message.reply_text(
            f"⚠️ Non consegnato: l'utente del ticket #{ticket.id} ha bloccato il bot."
        )
        return
    except TelegramError as exc:
        await tickets.mark_failed(record_id, str(exc))
        await message.reply_text(f"⚠️ Non consegnato ({html.escape(str(exc))}); riprova.")
        return
    await tickets.mark_delivered(record_id, target)
    first = ticket.first_reply_at is None
    await tickets.mark_answered(ticket.id)
    if first:
        await escalation.refresh_card(ticket.id)


async def post_draft(context: BotContext, escalation: Escalation, ticket: Ticket) -> None:
    """The bot's best answer, posted for the advisor to edit and send (not to the user)."""
    conversation = context.services.conversation
    assert conversation is not None
    question = ticket.question
    if ticket.clarification:
        question = f"{question} ({ticket.clarification})"
    answer = await conversation.answerer.answer(question, language=ticket.language)
    body = answer.text
    if answer.sources:
        body += "\n" + "\n".join(f"[{s.number}] {s.title} {s.url}".strip() for s in answer.sources)
    await escalation.to_group(
        ticket,
        f"📝 <b>Bozza per il ticket #{ticket.id}</b> (non inviata all'utente: copiala, "
        f"correggila e inviala qui):\n{html.escape(body)}",
    )


async def promote_to_faq(context: BotContext, escalation: Escalation, ticket: Ticket) -> None:
    """The question and the advisors' answer become a FAQ document, ingested at once."""
    tickets = context.services.tickets
    assert tickets is not None
    replies = await tickets.advisor_replies(ticket.id)
    if not replies or not ticket.question:
        await escalation.to_group(ticket, "Nessuna risposta testuale da usare come FAQ.")
        return
    faq_dir = context.settings.data_dir / "faq"
    path = faq_dir / f"ticket-{ticket.id}.md"
    today = dt.datetime.now(dt.UTC).date()
    content = faq_markdown(ticket, replies, today)
    added = await asyncio.to_thread(_write_and_ingest, context, path, content)
    await tickets.set_fields(ticket.id, faq_doc_id=added)
    await escalation.to_group(
        ticket,
        f"⭐ Aggiunto alle FAQ come <code>{html.escape(added)}</code>: il bot lo userà "
        "da subito. Lo staff può modificarlo o rimuoverlo come ogni documento.",
    )
    await escalation.refresh_card(ticket.id)


def _write_and_ingest(context: BotContext, path: Path, content: str) -> str:
    from ingest.sources import SourceRoot
    from ingest.sync import build_ingestor

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    ingestor = build_ingestor(context.settings, kb=context.services.knowledge)
    ingestor.run([SourceRoot(key="faq", kind="folder", path=path.parent.resolve())])
    return f"faq/{path.name}"


async def list_tickets(update: Update, context: BotContext) -> None:
    """`/ticket` in the advisors' group: open tickets with age and assignee; `/ticket N`: one."""
    message = update.effective_message
    tickets = context.services.tickets
    if message is None or tickets is None:
        return
    args = context.args or []
    if args and args[0].lstrip("#").isdigit():
        ticket = await tickets.get(int(args[0].lstrip("#")))
        if ticket is None:
            await message.reply_text("Ticket non trovato.")
            return
        await message.reply_text(
            render_card(ticket), parse_mode=ParseMode.HTML, reply_markup=card_keyboard(ticket)
        )
        return
    active = await tickets.active()
    if not active:
        await message.reply_text("Nessun ticket aperto. 🎉")
        return
    now = dt.datetime.now(dt.UTC)
    lines = ["<b>Ticket aperti</b>"]
    for t in active:
        opened = t.opened_at or t.created_at
        age = now - (opened if opened.tzinfo else opened.replace(tzinfo=dt.UTC))
        hours, minutes = divmod(int(age.total_seconds()) // 60, 60)
        who = html.escape(t.assignee_name) if t.assignee_name else "nessuno"
        lines.append(
            f"#{t.id} · {STATUS_LABELS.get(t.status, t.status)} · da {hours}h{minutes:02d} · "
            f"in carico a {who} · {html.escape(_clip(t.question, 60))}"
        )
    await message.reply_text("\n".join(lines), parse_mode=ParseMode.HTML)


async def check_reminders(context: BotContext) -> None:
    """JobQueue tick: post missing cards, raise unclaimed tickets, remind assignees."""
    tickets = context.services.tickets
    if tickets is None or context.settings.advisors_chat_id is None:
        return
    escalation = Escalation(context)
    for ticket in await tickets.unposted():
        try:
            await escalation.post_card(ticket)
        except TelegramError as exc:
            log.warning(
                "ticket=%s: card not posted (%s)", ticket.id, exc, extra={"ticket_id": ticket.id}
            )
    s = context.settings
    due = await tickets.due_reminders(
        dt.datetime.now(dt.UTC),
        dt.timedelta(minutes=s.reminder_unclaimed_minutes),
        dt.timedelta(minutes=s.reminder_unanswered_minutes),
    )
    for ticket, reason in due:
        if reason == "unclaimed":
            note = f"⏰ Il ticket #{ticket.id} aspetta ancora che qualcuno lo prenda in carico."
        else:
            who = html.escape(ticket.assignee_name or "")
            mention = (
                f'<a href="tg://user?id={ticket.assignee_id}">{who}</a>'
                if ticket.assignee_id
                else who
            )
            note = f"⏰ {mention}, il ticket #{ticket.id} è in carico a te e aspetta una risposta."
        try:
            await escalation.to_group(ticket, note)
        except TelegramError as exc:
            log.warning(
                "ticket=%s: reminder not posted (%s)",
                ticket.id,
                exc,
                extra={"ticket_id": ticket.id},
            )
            continue
        await tickets.set_fields(
            ticket.id, reminders=ticket.reminders + 1, last_reminder_at=utcnow()
        )
