"""Ticket cards and keyboards, as pure functions of a ticket (HTML for the advisors' group)."""

from __future__ import annotations

import datetime as dt
import html

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.storage.models import Ticket
from bot.texts import text
from bot.tickets.service import clip
from bot.tickets.store import FINISHED
from bot.tickets.store import TicketStatus as S

STATUS_LABELS: dict[str, str] = {
    S.OPEN: "🟡 aperto",
    S.CLAIMED: "🟠 preso in carico",
    S.ANSWERED: "🟢 risposto",
    S.CLOSED: "✅ chiuso",
    S.CANCELLED: "⚪ annullato dall'utente",
}


def render_card(ticket: Ticket) -> str:
    """The ticket card for the advisors' group (HTML, well under 4096 characters)."""
    e = html.escape
    who = e(ticket.user_name or "utente")
    if ticket.username:
        who += f" (@{e(ticket.username)})"
    lines = [
        f"🎫 <b>Ticket #{ticket.id}</b> — {STATUS_LABELS.get(ticket.status, ticket.status)}",
        f"👤 {who} · lingua {e(ticket.language)} · id <code>{ticket.user_id}</code>",
        f"❓ <b>Domanda</b>: {e(clip(ticket.question, 900))}",
    ]
    if ticket.clarification:
        lines.append(f"➕ <b>Dettagli</b>: {e(clip(ticket.clarification, 400))}")
    turns = [t for t in ticket.context or [] if isinstance(t, dict)][-3:]
    if turns:
        lines.append("🗨 <b>Ultimi scambi</b>:")
        lines += [f"• {e(clip(str(t.get('question', '')), 200))}" for t in turns]
    if ticket.bot_answer:
        conf = f"{ticket.confidence:.2f}" if ticket.confidence is not None else "-"
        lines.append(f"🤖 <b>Risposta del bot</b> (confidenza {conf}):")
        lines.append(e(clip(ticket.bot_answer, 1200)))
    sources = [str(s) for s in ticket.bot_sources or []]
    if sources:
        lines.append("📚 <b>Fonti</b>: " + e(clip("; ".join(sources), 400)))
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
        return "Nessun ticket aperto. 🎉"
    lines = ["<b>Ticket aperti</b>"]
    for t in active:
        opened = t.opened_at or t.created_at
        age = now - (opened if opened.tzinfo else opened.replace(tzinfo=dt.UTC))
        hours, minutes = divmod(int(age.total_seconds()) // 60, 60)
        who = html.escape(t.assignee_name) if t.assignee_name else "nessuno"
        lines.append(
            f"#{t.id} · {STATUS_LABELS.get(t.status, t.status)} · da {hours}h{minutes:02d} · "
            f"in carico a {who} · {html.escape(clip(t.question, 60))}"
        )
    return "\n".join(lines)


def render_reminder(ticket: Ticket, reason: str) -> str:
    """The reminder posted for a ticket: unclaimed, or claimed and unanswered."""
    if reason == "unclaimed":
        return f"⏰ Il ticket #{ticket.id} aspetta ancora che qualcuno lo prenda in carico."
    who = html.escape(ticket.assignee_name or "")
    mention = (
        f'<a href="tg://user?id={ticket.assignee_id}">{who}</a>' if ticket.assignee_id else who
    )
    return f"⏰ {mention}, il ticket #{ticket.id} è in carico a te e aspetta una risposta."
