"""The ticket service: the steps of a ticket's life as the rules allow them (confirm, open,
claim, reply, close, rate, promote to FAQ). Knows nothing of Telegram: the edge
(`bot.tickets.group`, `bot.tickets.user_side`, `bot.tickets.advisor_side`) sends and renders."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bot.storage.models import Ticket, utcnow
from bot.texts import text
from bot.tickets.store import ACTIVE, PENDING, TicketStatus, TicketStore
from ingest.admin import KnowledgeAdmin

S = TicketStatus

HUMAN_REQUEST = re.compile(
    r"\b(parlare|parlo|parla|chattare)\s+(con\s+)?(un|una|uno|il|la|l')?\s*"
    r"(consulente|operatore|operatrice|persona|umano|esperto|esperta|funzionario)\b|"
    r"\boperatore\s+umano\b|\bconsulente\s+umano\b|"
    r"\b(talk|speak|chat)\s+(to|with)\s+(someone|somebody|a\s+human|a\s+person|an\s+advisor|"
    r"an\s+adviser|an\s+agent|a\s+real\s+person)|\breal\s+person\b|\bhuman\s+(please|agent)\b",
    re.IGNORECASE,
)


def asks_for_human(message_text: str) -> bool:
    """Whether a message asks for a person rather than an answer."""
    return bool(HUMAN_REQUEST.search(message_text))


def clip(value: str | None, limit: int) -> str:
    value = (value or "").strip()
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def faq_markdown(ticket: Ticket, replies: list[str], today: dt.date) -> str:
    """A FAQ document from a ticket: the question and the advisors' answer."""
    title = clip(" ".join(ticket.question.split()), 200).replace('"', "'")
    body = "\n\n".join(r.strip() for r in replies if r.strip())
    lang = ticket.language if ticket.language in ("it", "en") else "it"
    heading = text(lang, "faq_heading")
    origin = text(lang, "faq_origin", id=ticket.id)
    return (
        f'---\ntitle: "{title}"\nkind: faq\nlanguage: {lang}\nupdated: {today.isoformat()}\n'
        f"tags: [ticket, ticket-{ticket.id}]\n---\n# {title}\n\n## {heading}\n\n{body}\n\n"
        f"{origin}\n"
    )


@dataclass(frozen=True, slots=True)
class Claim:
    """The outcome of a claim: `won` by this advisor, else held by `owner` (if known)."""

    won: bool
    owner: str | None = None


@dataclass(frozen=True, slots=True)
class Closing:
    """A closed ticket and how it ended (`closed` after a reply, else `cancelled`)."""

    ticket: Ticket
    final: TicketStatus


class TicketService:
    """The steps of a ticket's life over the `TicketStore`; the knowledge base for FAQs."""

    def __init__(self, store: TicketStore, admin: KnowledgeAdmin | None = None) -> None:
        self.store = store
        self.admin = admin

    # -- the user's side --------------------------------------------------------------------

    async def confirm(self, ticket_id: int) -> bool:
        """The user confirmed a draft: ask for optional detail next."""
        return await self.store.transition(ticket_id, (S.DRAFT,), S.CLARIFYING)

    async def set_question(self, ticket_id: int, question: str) -> bool:
        """The question of a ticket opened without one: ask for optional detail next."""
        return await self.store.transition(ticket_id, (S.ASKING,), S.CLARIFYING, question=question)

    async def cancel_pending(self, ticket_id: int) -> bool:
        """The user gave up a ticket they were preparing."""
        return await self.store.transition(ticket_id, PENDING, S.CANCELLED, closed_at=utcnow())

    async def open(self, ticket_id: int) -> Ticket | None:
        """A prepared ticket goes to the advisors; None when it was not prepared (any more)."""
        if not await self.store.transition(ticket_id, PENDING, S.OPEN, opened_at=utcnow()):
            return None
        return await self.store.get(ticket_id)

    async def rate(self, ticket_id: int, user_id: int, rating: int) -> bool:
        """The user's 1-5 rating of a finished ticket (only their own)."""
        return await self.store.rate(ticket_id, user_id, rating)

    # -- the advisors' side -----------------------------------------------------------------

    async def claim(self, ticket_id: int, advisor_id: int, advisor_name: str) -> Claim:
        """The first advisor to claim an unclaimed ticket wins it."""
        if await self.store.claim(ticket_id, advisor_id, advisor_name):
            return Claim(won=True)
        fresh = await self.store.get(ticket_id)
        return Claim(won=False, owner=fresh.assignee_name if fresh else None)

    async def replied(self, ticket: Ticket, record_id: int, target_message_id: int) -> bool:
        """An advisor's reply reached the user; True when it was the first one."""
        await self.store.mark_delivered(record_id, target_message_id)
        first = ticket.first_reply_at is None
        await self.store.mark_answered(ticket.id)
        return first

    async def close(self, ticket_id: int) -> Closing | None:
        """Close an active ticket from either side; None when it was not active."""
        final = await self.store.close(ticket_id)
        if final is None:
            return None
        ticket = await self.store.get(ticket_id)
        assert ticket is not None  # tickets are never deleted
        return Closing(ticket, final)

    async def promote_to_faq(self, ticket: Ticket, today: dt.date) -> str | None:
        """The question and the advisors' answer become a FAQ document, ingested at once;
        returns its id, or None when there is no text answer to use."""
        replies = await self.store.advisor_replies(ticket.id)
        if not replies or not ticket.question or self.admin is None:
            return None
        content = faq_markdown(ticket, replies, today)
        doc_id = await self.admin.add_faq(f"ticket-{ticket.id}.md", content)
        await self.store.set_fields(ticket.id, faq_doc_id=doc_id)
        return doc_id

    @staticmethod
    def is_active(ticket: Ticket) -> bool:
        return ticket.status in ACTIVE
