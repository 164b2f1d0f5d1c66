"""Ticket cards and keyboards, as pure functions of a ticket (HTML for the advisors' group)."""

from __future__ import annotations

import datetime as dt
import html

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.storage.models import Ticket
from bot.texts import advisors as say
from bot.texts import text
from bot.tickets.service import clip
from bot.tickets.store import FINISHED
from bot.tickets.store import TicketStatus as S


def render_card(ticket: Ticket) -> str:
    """The ticket card for the advisors' group (HTML, well under 4096 characters)."""
    e = html.escape
    who = e(ticket.user_name or say.CARD_USER_FALLBACK)
    if ticket.username:
        who += f" (@{e(ticket.username)})"
    lines = [
        say.CARD_TITLE.format(id=ticket.id, status=status_label(ticket.status)),
        say.CARD_USER.format(who=who, language=e(ticket.language), user_id=ticket.user_id),
        say.CARD_QUESTION.format(question=e(clip(ticket.question, 900))),
    ]
    if ticket.clarification:
        lines.append(say.CARD_DETAIL.format(detail=e(clip(ticket.clarification, 400))))
    turns = [t for t in ticket.context or [] if isinstance(t, dict)][-3:]
    if turns:
        lines.append(say.CARD_TURNS)
        lines += [
            say.CARD_TURN.format(question=e(clip(str(t.get("question", "")), 200))) for t in turns
        ]
    if ticket.bot_answer:
        conf = f"{ticket.confidence:.2f}" if ticket.confidence is not None else "-"
        lines.append(say.CARD_BOT_ANSWER.format(confidence=conf))
        lines.append(e(clip(ticket.bot_answer, 1200)))
    sources = [str(s) for s in ticket.bot_sources or []]
    if sources:
        lines.append(say.CARD_SOURCES.format(sources=e(clip("; ".join(sources), 400))))
    if ticket.assignee_name:
        lines.append(say.CARD_ASSIGNEE.format(name=e(ticket.assignee_name)))
    if ticket.rating:
        lines.append(say.CARD_RATING.format(rating=ticket.rating))
    return "\n".join(lines)


def status_label(status: str) -> str:
    """A ticket's status as the advisors read it."""
    return say.STATUS_LABELS.get(status, status)


def card_keyboard(ticket: Ticket) -> InlineKeyboardMarkup | None:
    """Claim, draft, close, and add to FAQ once answered."""
    if ticket.status in FINISHED:
        if ticket.status == S.CLOSED and not ticket.faq_doc_id:
            return InlineKeyboardMarkup(
                [[InlineKeyboardButton(say.BTN_FAQ, callback_data=f"tkf:{ticket.id}")]]
            )
        return None
    row = []
    if ticket.assignee_id is None:
        row.append(InlineKeyboardButton(say.BTN_CLAIM, callback_data=f"tkc:{ticket.id}"))
    row.append(InlineKeyboardButton(say.BTN_DRAFT, callback_data=f"tkd:{ticket.id}"))
    row.append(InlineKeyboardButton(say.BTN_CLOSE, callback_data=f"tkx:{ticket.id}"))
    rows = [row]
    if ticket.first_reply_at is not None and not ticket.faq_doc_id:
        rows.append([InlineKeyboardButton(say.BTN_FAQ, callback_data=f"tkf:{ticket.id}")])
    return InlineKeyboardMarkup(rows)


def rating_keyboard(ticket_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(str(n), callback_data=f"tkr:{ticket_id}:{n}") for n in range(1, 6)]]
    )


def confirm_keyboard(ticket_id: int, language: str) -> InlineKeyboardMarkup:
    """Send the drafted question to the advisors, or not."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    text(language, "btn_send"), callback_data=f"tk:{ticket_id}:yes"
                ),
                InlineKeyboardButton(
                    text(language, "btn_cancel"), callback_data=f"tk:{ticket_id}:no"
                ),
            ]
        ]
    )


def detail_keyboard(ticket: Ticket) -> InlineKeyboardMarkup:
    """Skip the optional detail."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    text(ticket.language, "btn_skip"), callback_data=f"tk:{ticket.id}:skip"
                )
            ]
        ]
    )


def render_ticket_list(active: list[Ticket], now: dt.datetime) -> str:
    """`/ticket`: the open tickets with age, assignee and question."""
    if not active:
        return say.LIST_EMPTY
    lines = [say.LIST_TITLE]
    for t in active:
        opened = t.opened_at or t.created_at
        age = now - (opened if opened.tzinfo else opened.replace(tzinfo=dt.UTC))
        hours, minutes = divmod(int(age.total_seconds()) // 60, 60)
        who = html.escape(t.assignee_name) if t.assignee_name else say.LIST_NOBODY
        lines.append(
            say.LIST_ITEM.format(
                id=t.id,
                status=status_label(t.status),
                hours=hours,
                minutes=minutes,
                who=who,
                question=html.escape(clip(t.question, 60)),
            )
        )
    return "\n".join(lines)


def render_reminder(ticket: Ticket, reason: str) -> str:
    """The reminder posted for a ticket: unclaimed, or claimed and unanswered."""
    if reason == "unclaimed":
        return say.REMINDER_UNCLAIMED.format(id=ticket.id)
    who = html.escape(ticket.assignee_name or "")
    mention = (
        f'<a href="tg://user?id={ticket.assignee_id}">{who}</a>' if ticket.assignee_id else who
    )
    return say.REMINDER_UNANSWERED.format(mention=mention, id=ticket.id)
