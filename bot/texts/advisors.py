"""What the bot says in the advisors' group: ticket cards and their buttons, the list of open
tickets, reminders, answers to the advisors' taps and messages (in Italian, the advisors'
language; HTML where noted, values escaped by the caller)."""

from __future__ import annotations

from bot.tickets.store import TicketStatus as S

STATUS_LABELS: dict[str, str] = {
    S.OPEN: "🟡 aperto",
    S.CLAIMED: "🟠 preso in carico",
    S.ANSWERED: "🟢 risposto",
    S.CLOSED: "✅ chiuso",
    S.CANCELLED: "⚪ annullato dall'utente",
}

# -- the card (HTML) -------------------------------------------------------------------------

CARD_TITLE = "🎫 <b>Ticket #{id}</b> — {status}"
CARD_USER = "👤 {who} · lingua {language} · id <code>{user_id}</code>"
CARD_USER_FALLBACK = "utente"
CARD_QUESTION = "❓ <b>Domanda</b>: {question}"
CARD_DETAIL = "➕ <b>Dettagli</b>: {detail}"
CARD_TURNS = "🗨 <b>Ultimi scambi</b>:"
CARD_TURN = "• {question}"
CARD_BOT_ANSWER = "🤖 <b>Risposta del bot</b> (confidenza {confidence}):"
CARD_SOURCES = "📚 <b>Fonti</b>: {sources}"
CARD_ASSIGNEE = "👷 <b>In carico a</b>: {name}"
CARD_RATING = "⭐ Voto dell'utente: {rating}/5"

BTN_CLAIM = "🙋 Prendo io"
BTN_DRAFT = "📝 Bozza"
BTN_CLOSE = "✅ Chiudi"
BTN_FAQ = "⭐ Aggiungi alle FAQ"

# -- /ticket and reminders (HTML) -------------------------------------------------------------

LIST_EMPTY = "Nessun ticket aperto. 🎉"
LIST_TITLE = "<b>Ticket aperti</b>"
LIST_ITEM = "#{id} · {status} · da {hours}h{minutes:02d} · in carico a {who} · {question}"
LIST_NOBODY = "nessuno"
NOT_FOUND = "Ticket non trovato."
REMINDER_UNCLAIMED = "⏰ Il ticket #{id} aspetta ancora che qualcuno lo prenda in carico."
REMINDER_UNANSWERED = "⏰ {mention}, il ticket #{id} è in carico a te e aspetta una risposta."

# -- answers to taps (plain text) -------------------------------------------------------------

TAP_NOT_FOUND = "Ticket non trovato"
TAP_ADVISORS_ONLY = "Solo i consulenti possono gestire i ticket."
TAP_CLAIMED = "Ticket #{id} è tuo."
TAP_TAKEN = "Già preso da {owner}."
TAP_TAKEN_BY_SOMEONE = "un altro consulente"
TAP_ADDING_FAQ = "Aggiungo alle FAQ…"

# -- messages in a ticket's topic or thread ---------------------------------------------------

TICKET_CLOSED_NOT_RELAYED = "Il ticket #{id} è chiuso: l'utente non lo riceve."
NOT_DELIVERED_BLOCKED = "⚠️ Non consegnato: l'utente del ticket #{id} ha bloccato il bot."
NOT_DELIVERED = "⚠️ Non consegnato ({error}); riprova."
#: HTML.
FROM_USER = "✉️ <b>{name}</b> (ticket #{id}):"
FROM_USER_FALLBACK = "Utente"
CLOSED_BY_USER = "🔒 Ticket #{id} chiuso dall'utente."
CLOSED_BY_ADVISOR = "🔒 Ticket #{id} chiuso dal consulente."
#: HTML.
DRAFT = (
    "📝 <b>Bozza per il ticket #{id}</b> (non inviata all'utente: copiala, "
    "correggila e inviala qui):\n{body}"
)
FAQ_NO_ANSWER = "Nessuna risposta testuale da usare come FAQ."
#: HTML.
FAQ_ADDED = (
    "⭐ Aggiunto alle FAQ come <code>{doc_id}</code>: il bot lo userà "
    "da subito. Lo staff può modificarlo o rimuoverlo come ogni documento."
)
