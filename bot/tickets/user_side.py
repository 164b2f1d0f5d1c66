"""Tickets from the user's side: the request, the confirmation, one skippable detail, the
messages relayed while a ticket is open, `/fine` and the rating."""

from __future__ import annotations

import contextlib
import datetime as dt
import html
from typing import Any

from telegram import Message, Update, User
from telegram.error import BadRequest, TelegramError

from bot.context import BotContext
from bot.storage.models import Ticket
from bot.texts import advisors as say
from bot.texts import text
from bot.tickets.cards import confirm_keyboard, detail_keyboard
from bot.tickets.group import Escalation, ticket_service, user_name
from bot.tickets.service import clip
from bot.tickets.store import TicketStatus as S


async def request_advisor(
    update: Update, context: BotContext, *, answer_id: int | None = None
) -> None:
    """The user asks for a person: confirm the question first (or ask for it)."""
    user = update.effective_user
    chat = update.effective_chat
    if user is None or chat is None:
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
        "user_name": user_name(user),
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
        await context.bot.send_message(
            chat.id,
            text(lang, "esc_confirm", question=clip(record.question, 500)),
            reply_markup=confirm_keyboard(ticket.id, lang),
        )
    else:
        await tickets.create(status=S.ASKING, question="", **fields)
        await context.bot.send_message(chat.id, text(lang, "esc_ask_question"))


async def ask_detail(context: BotContext, ticket: Ticket) -> None:
    await context.bot.send_message(
        ticket.chat_id,
        text(ticket.language, "esc_ask_detail"),
        reply_markup=detail_keyboard(ticket),
    )


async def route_user_message(update: Update, context: BotContext) -> bool:
    """Handle a private message that belongs to a ticket; False when the bot should answer."""
    message = update.effective_message
    user = update.effective_user
    tickets = context.services.tickets
    if message is None or user is None or context.settings.advisors_chat_id is None:
        return False
    pending = await tickets.pending_for_user(user.id)
    if pending is not None and message.text:
        if pending.status == S.ASKING:
            await ticket_service(context).set_question(
                pending.id, message.text[: context.settings.max_message_chars]
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
    escalation = Escalation(context)
    record_id = await tickets.record_message(
        ticket.id,
        direction="to_advisors",
        source_chat_id=message.chat.id,
        source_message_id=message.message_id,
        author_id=user.id,
        author_name=user_name(user),
        text=message.text or message.caption,
    )
    if record_id is None:
        return  # already relayed
    if ticket.card_message_id is None:
        await escalation.post_card(ticket)
        ticket = await tickets.get(ticket.id) or ticket
    name = html.escape(ticket.user_name or say.FROM_USER_FALLBACK)
    header = say.FROM_USER.format(name=name, id=ticket.id)
    try:
        if message.text:
            sent = await escalation.to_group(ticket, f"{header}\n{html.escape(message.text)}")
        else:
            await escalation.to_group(ticket, header)
            copied = await context.bot.copy_message(
                escalation.group_id,
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
    if user is None or message is None:
        return
    active = await tickets.active_for_user(user.id)
    pending = await tickets.pending_for_user(user.id)
    if pending is not None:
        await ticket_service(context).cancel_pending(pending.id)
    if active is None:
        lang = (await context.state.touch_user(user.id)) or "it"
        await message.reply_text(text(lang, "esc_no_ticket"))
        return
    await Escalation(context).close(active.id, by_user=True)


async def user_ticket_button(
    context: BotContext, query: Any, ticket: Ticket, kind: str, arg: str
) -> None:
    service = ticket_service(context)
    lang = ticket.language
    await query.answer()
    if kind == "tkr" and arg.isdigit():
        if await service.rate(ticket.id, ticket.user_id, int(arg)):
            with contextlib.suppress(BadRequest):
                await query.edit_message_text(text(lang, "esc_rated"))
            await Escalation(context).refresh_card(ticket.id)
        return
    if arg == "yes" and await service.confirm(ticket.id):
        with contextlib.suppress(BadRequest):
            await query.edit_message_reply_markup(None)
        await ask_detail(context, ticket)
    elif arg == "no" and await service.cancel_pending(ticket.id):
        with contextlib.suppress(BadRequest):
            await query.edit_message_text(text(lang, "esc_cancelled"))
    elif arg == "skip" and ticket.status == S.CLARIFYING:
        with contextlib.suppress(BadRequest):
            await query.edit_message_reply_markup(None)
        await Escalation(context).open(ticket)
