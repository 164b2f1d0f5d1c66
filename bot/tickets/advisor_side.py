"""Tickets from the advisors' side: the buttons (claim, draft, close, FAQ), replies relayed
to the user once, `/ticket`, and the reminders job."""

from __future__ import annotations

import datetime as dt
import html
import logging

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import Forbidden, TelegramError

from bot.context import BotContext
from bot.storage.models import Ticket, utcnow
from bot.texts import advisors as say
from bot.texts import text
from bot.tickets.cards import card_keyboard, render_card, render_reminder, render_ticket_list
from bot.tickets.group import Escalation, user_name
from bot.tickets.store import ACTIVE
from bot.tickets.user_side import user_ticket_button

log = logging.getLogger(__name__)


async def on_ticket_callback(update: Update, context: BotContext) -> None:
    """Buttons of tickets: the user's confirm/skip/rating, the advisors' claim/draft/close/FAQ."""
    query = update.callback_query
    user = update.effective_user
    tickets = context.services.tickets
    if query is None or query.data is None or user is None:
        return
    kind, _, rest = query.data.partition(":")
    ticket_part, _, arg = rest.partition(":")
    if not ticket_part.isdigit():
        await query.answer()
        return
    ticket = await tickets.get(int(ticket_part))
    if ticket is None:
        await query.answer(say.TAP_NOT_FOUND)
        return
    if kind in ("tk", "tkr"):
        if ticket.user_id != user.id:  # never act on someone else's ticket
            await query.answer()
            return
        await user_ticket_button(context, query, ticket, kind, arg)
        return
    escalation = Escalation(context)
    message = query.message
    if (
        message is None
        or message.chat.id != context.settings.advisors_chat_id
        or not await escalation.is_advisor(user.id)
    ):
        await query.answer(say.TAP_ADVISORS_ONLY, show_alert=True)
        return
    if kind == "tkc":
        claim = await escalation.service.claim(ticket.id, user.id, user_name(user))
        if claim.won:
            await query.answer(say.TAP_CLAIMED.format(id=ticket.id))
            await escalation.refresh_card(ticket.id)
        else:
            owner = claim.owner or say.TAP_TAKEN_BY_SOMEONE
            await query.answer(say.TAP_TAKEN.format(owner=owner), show_alert=True)
    elif kind == "tkx":
        await query.answer()
        await escalation.close(ticket.id, by_user=False)
    elif kind == "tkd":
        await query.answer()
        await post_draft(context, escalation, ticket)
    elif kind == "tkf":
        await query.answer(say.TAP_ADDING_FAQ)
        await promote_to_faq(context, escalation, ticket)
    else:
        await query.answer()


async def advisor_message(update: Update, context: BotContext) -> None:
    """A message in the advisors' group: relay it if it is in a ticket's topic or thread."""
    message = update.effective_message
    user = update.effective_user
    tickets = context.services.tickets
    group_id = context.settings.advisors_chat_id
    if message is None or user is None or group_id is None or user.is_bot:
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
        await message.reply_text(say.TICKET_CLOSED_NOT_RELAYED.format(id=ticket.id))
        return
    record_id = await tickets.record_message(
        ticket.id,
        direction="to_user",
        source_chat_id=group_id,
        source_message_id=message.message_id,
        author_id=user.id,
        author_name=user_name(user),
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
        await message.reply_text(say.NOT_DELIVERED_BLOCKED.format(id=ticket.id))
        return
    except TelegramError as exc:
        await tickets.mark_failed(record_id, str(exc))
        await message.reply_text(say.NOT_DELIVERED.format(error=html.escape(str(exc))))
        return
    if await escalation.service.replied(ticket, record_id, target):
        await escalation.refresh_card(ticket.id)


async def post_draft(context: BotContext, escalation: Escalation, ticket: Ticket) -> None:
    """The bot's best answer, posted for the advisor to edit and send (not to the user)."""
    question = ticket.question
    if ticket.clarification:
        question = f"{question} ({ticket.clarification})"
    answer = await context.conversation.answerer.answer(question, language=ticket.language)
    body = answer.text
    if answer.sources:
        body += "\n" + "\n".join(f"[{s.number}] {s.title} {s.url}".strip() for s in answer.sources)
    await escalation.to_group(ticket, say.DRAFT.format(id=ticket.id, body=html.escape(body)))


async def promote_to_faq(context: BotContext, escalation: Escalation, ticket: Ticket) -> None:
    """The question and the advisors' answer become a FAQ document, ingested at once."""
    today = dt.datetime.now(dt.UTC).date()
    added = await escalation.service.promote_to_faq(ticket, today)
    if added is None:
        await escalation.to_group(ticket, say.FAQ_NO_ANSWER)
        return
    await escalation.to_group(ticket, say.FAQ_ADDED.format(doc_id=html.escape(added)))
    await escalation.refresh_card(ticket.id)


async def list_tickets(update: Update, context: BotContext) -> None:
    """`/ticket` in the advisors' group: open tickets with age and assignee; `/ticket N`: one."""
    message = update.effective_message
    tickets = context.services.tickets
    if message is None:
        return
    args = context.args or []
    if args and args[0].lstrip("#").isdigit():
        ticket = await tickets.get(int(args[0].lstrip("#")))
        if ticket is None:
            await message.reply_text(say.NOT_FOUND)
            return
        await message.reply_text(
            render_card(ticket), parse_mode=ParseMode.HTML, reply_markup=card_keyboard(ticket)
        )
        return
    active = await tickets.active()
    listing = render_ticket_list(active, dt.datetime.now(dt.UTC))
    await message.reply_text(listing, parse_mode=ParseMode.HTML if active else None)


async def check_reminders(context: BotContext) -> None:
    """JobQueue tick: post missing cards, raise unclaimed tickets, remind assignees."""
    tickets = context.services.tickets
    if context.settings.advisors_chat_id is None:
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
        note = render_reminder(ticket, reason)
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
