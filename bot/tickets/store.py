"""Tickets: questions handed to the advisors, their life cycle, and the messages relayed for
them. State changes are compare-and-set updates, so two advisors claiming at once cannot both
win and a message is relayed once. Knows nothing of Telegram."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from bot.storage.db import Database, rowcount
from bot.storage.models import Ticket, TicketMessage, utcnow


class TicketStatus(StrEnum):
    """Where a ticket is in its life: prepared by the user, in the advisors' hands, finished."""

    DRAFT = "draft"  # offered to the user, not confirmed yet
    ASKING = "asking"  # `/consulente` with no question: waiting for it
    CLARIFYING = "clarifying"  # waiting for the user's optional detail
    OPEN = "open"  # posted to the advisors, nobody has it
    CLAIMED = "claimed"  # an advisor took it
    ANSWERED = "answered"  # a reply reached the user
    CLOSED = "closed"  # finished after a reply
    CANCELLED = "cancelled"  # finished without one


S = TicketStatus
PENDING = (S.DRAFT, S.ASKING, S.CLARIFYING)
ACTIVE = (S.OPEN, S.CLAIMED, S.ANSWERED)
FINISHED = (S.CLOSED, S.CANCELLED)

#: Every move a ticket may make. A claim passes through `claimed` even when the ticket was
#: already answered, and is put back to `answered` at once.
TRANSITIONS: dict[TicketStatus, frozenset[TicketStatus]] = {
    S.DRAFT: frozenset({S.CLARIFYING, S.OPEN, S.CANCELLED}),
    S.ASKING: frozenset({S.CLARIFYING, S.OPEN, S.CANCELLED}),
    S.CLARIFYING: frozenset({S.OPEN, S.CANCELLED}),
    S.OPEN: frozenset({S.CLAIMED, S.ANSWERED, S.CLOSED, S.CANCELLED}),
    S.CLAIMED: frozenset({S.ANSWERED, S.CLOSED, S.CANCELLED}),
    S.ANSWERED: frozenset({S.CLAIMED, S.CLOSED, S.CANCELLED}),
    S.CLOSED: frozenset(),
    S.CANCELLED: frozenset(),
}


def may_move(from_statuses: tuple[TicketStatus, ...], to_status: TicketStatus) -> bool:
    """True when the table lets every one of `from_statuses` move to `to_status`."""
    return all(to_status in TRANSITIONS[TicketStatus(f)] for f in from_statuses)


def _checked(from_statuses: tuple[TicketStatus, ...], to_status: TicketStatus) -> None:
    if not may_move(from_statuses, to_status):
        raise ValueError(
            f"a ticket cannot move from {'/'.join(from_statuses)} to {to_status}: "
            "see TRANSITIONS in bot.tickets.store"
        )


class TicketStore:
    """Async access to tickets and relayed messages."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, ticket_id: int) -> Ticket | None:
        async with self.db.session() as s:
            return await s.get(Ticket, ticket_id)

    async def _one(self, *where: Any) -> Ticket | None:
        async with self.db.session() as s:
            return (
                await s.execute(select(Ticket).where(*where).order_by(Ticket.id.desc()).limit(1))
            ).scalar_one_or_none()

    async def pending_for_user(self, user_id: int) -> Ticket | None:
        """A ticket the user is still preparing (confirming, typing, adding detail)."""
        return await self._one(Ticket.user_id == user_id, Ticket.status.in_(PENDING))

    async def active_for_user(self, user_id: int) -> Ticket | None:
        """The user's ticket in the advisors' hands, if any."""
        return await self._one(Ticket.user_id == user_id, Ticket.status.in_(ACTIVE))

    async def create(self, **fields: Any) -> Ticket:
        """A new ticket (status `draft` or `asking`); earlier unfinished drafts are dropped."""
        async with self.db.session() as s, s.begin():
            await s.execute(
                update(Ticket)
                .where(Ticket.user_id == fields["user_id"], Ticket.status.in_(PENDING))
                .values(status=S.CANCELLED, closed_at=utcnow())
            )
            defaults: dict[str, Any] = {
                "context": [],
                "bot_sources": [],
                "reminders": 0,
                "routing_notice_sent": False,
            }
            ticket = Ticket(**(defaults | fields))
            s.add(ticket)
            await s.flush()
            return ticket

    async def transition(
        self,
        ticket_id: int,
        from_statuses: tuple[TicketStatus, ...],
        to_status: TicketStatus,
        **fields: Any,
    ) -> bool:
        """Move a ticket to `to_status` if it is in one of `from_statuses` (compare-and-set);
        the move must be in `TRANSITIONS`."""
        _checked(from_statuses, to_status)
        async with self.db.session() as s, s.begin():
            result = await s.execute(
                update(Ticket)
                .where(Ticket.id == ticket_id, Ticket.status.in_(from_statuses))
                .values(status=to_status, **fields)
            )
            return rowcount(result) == 1

    async def set_fields(self, ticket_id: int, **fields: Any) -> None:
        async with self.db.session() as s, s.begin():
            await s.execute(update(Ticket).where(Ticket.id == ticket_id).values(**fields))

    async def claim(self, ticket_id: int, advisor_id: int, advisor_name: str) -> bool:
        """True for the one advisor who claims an unclaimed ticket first."""
        async with self.db.session() as s, s.begin():
            result = await s.execute(
                update(Ticket)
                .where(
                    Ticket.id == ticket_id, Ticket.assignee_id.is_(None), Ticket.status.in_(ACTIVE)
                )
                .values(
                    assignee_id=advisor_id,
                    assignee_name=advisor_name,
                    claimed_at=utcnow(),
                    status=S.CLAIMED,
                )
            )
            won = rowcount(result) == 1
        if won:
            # An advisor may have answered before claiming: keep `answered`.
            async with self.db.session() as s, s.begin():
                await s.execute(
                    update(Ticket)
                    .where(Ticket.id == ticket_id, Ticket.first_reply_at.is_not(None))
                    .values(status=S.ANSWERED)
                )
        return won

    async def mark_answered(self, ticket_id: int) -> None:
        """The first advisor reply reached the user."""
        async with self.db.session() as s, s.begin():
            await s.execute(
                update(Ticket)
                .where(Ticket.id == ticket_id, Ticket.status.in_((S.OPEN, S.CLAIMED)))
                .values(status=S.ANSWERED)
            )
            await s.execute(
                update(Ticket)
                .where(Ticket.id == ticket_id, Ticket.first_reply_at.is_(None))
                .values(first_reply_at=utcnow())
            )

    async def close(self, ticket_id: int) -> TicketStatus | None:
        """Close an active ticket: `closed` if it was answered, else `cancelled`."""
        ticket = await self.get(ticket_id)
        if ticket is None or ticket.status not in ACTIVE:
            return None
        final = S.CLOSED if ticket.first_reply_at is not None else S.CANCELLED
        ok = await self.transition(ticket_id, ACTIVE, final, closed_at=utcnow())
        return final if ok else None

    async def rate(self, ticket_id: int, user_id: int, rating: int) -> bool:
        async with self.db.session() as s, s.begin():
            result = await s.execute(
                update(Ticket)
                .where(
                    Ticket.id == ticket_id, Ticket.user_id == user_id, Ticket.status.in_(FINISHED)
                )
                .values(rating=max(1, min(5, rating)))
            )
            return rowcount(result) == 1

    async def by_thread(self, thread_id: int) -> Ticket | None:
        """The ticket of a forum topic in the advisors' group."""
        return await self._one(Ticket.thread_id == thread_id)

    async def by_group_message(self, message_id: int, group_id: int) -> Ticket | None:
        """The ticket a message of the advisors' group belongs to (its card, a relayed user
        message, or an earlier advisor reply)."""
        ticket = await self._one(Ticket.card_message_id == message_id)
        if ticket is not None:
            return ticket
        async with self.db.session() as s:
            row = (
                await s.execute(
                    select(TicketMessage.ticket_id)
                    .where(
                        or_(
                            (TicketMessage.direction == "to_advisors")
                            & (TicketMessage.target_message_id == message_id),
                            (TicketMessage.source_chat_id == group_id)
                            & (TicketMessage.source_message_id == message_id),
                        )
                    )
                    .limit(1)
                )
            ).scalar_one_or_none()
        return await self.get(int(row)) if row is not None else None

    async def record_message(
        self,
        ticket_id: int,
        *,
        direction: str,
        source_chat_id: int,
        source_message_id: int,
        author_id: int | None = None,
        author_name: str | None = None,
        text: str | None = None,
    ) -> int | None:
        """Record a message to relay; None when it was already recorded (never relay twice)."""
        async with self.db.session() as s:
            try:
                async with s.begin():
                    message = TicketMessage(
                        ticket_id=ticket_id,
                        direction=direction,
                        source_chat_id=source_chat_id,
                        source_message_id=source_message_id,
                        author_id=author_id,
                        author_name=author_name,
                        text=text,
                        delivered=False,
                    )
                    s.add(message)
                    await s.flush()
                    return int(message.id)
            except IntegrityError:
                return None

    async def mark_delivered(self, message_id: int, target_message_id: int | None) -> None:
        async with self.db.session() as s, s.begin():
            await s.execute(
                update(TicketMessage)
                .where(TicketMessage.id == message_id)
                .values(delivered=True, target_message_id=target_message_id)
            )

    async def mark_failed(self, message_id: int, error: str) -> None:
        async with self.db.session() as s, s.begin():
            await s.execute(
                update(TicketMessage)
                .where(TicketMessage.id == message_id)
                .values(error=error[:300])
            )

    async def advisor_replies(self, ticket_id: int) -> list[str]:
        """Texts the advisors sent to the user, in order."""
        async with self.db.session() as s:
            rows = (
                (
                    await s.execute(
                        select(TicketMessage.text)
                        .where(
                            TicketMessage.ticket_id == ticket_id,
                            TicketMessage.direction == "to_user",
                            TicketMessage.delivered.is_(True),
                            TicketMessage.text.is_not(None),
                        )
                        .order_by(TicketMessage.id)
                    )
                )
                .scalars()
                .all()
            )
        return [str(t) for t in rows if t]

    async def active(self) -> list[Ticket]:
        """Every ticket in the advisors' hands, oldest first."""
        async with self.db.session() as s:
            return list(
                (
                    await s.execute(
                        select(Ticket).where(Ticket.status.in_(ACTIVE)).order_by(Ticket.id)
                    )
                )
                .scalars()
                .all()
            )

    async def due_reminders(
        self, now: dt.datetime, unclaimed_after: dt.timedelta, unanswered_after: dt.timedelta
    ) -> list[tuple[Ticket, str]]:
        """Tickets to raise again: unclaimed too long, or claimed and unanswered too long.
        A ticket is reminded again only after the same delay since its last reminder."""
        due: list[tuple[Ticket, str]] = []
        for ticket in await self.active():
            last = ticket.last_reminder_at
            if ticket.status == S.OPEN and ticket.opened_at is not None:
                since = max(ticket.opened_at, last) if last else ticket.opened_at
                if now - _aware(since) >= unclaimed_after:
                    due.append((ticket, "unclaimed"))
            elif ticket.status == S.CLAIMED and ticket.claimed_at is not None:
                since = max(ticket.claimed_at, last) if last else ticket.claimed_at
                if now - _aware(since) >= unanswered_after:
                    due.append((ticket, "unanswered"))
        return due

    async def unposted(self) -> list[Ticket]:
        """Open tickets whose card never reached the group (a crash right after opening)."""
        async with self.db.session() as s:
            return list(
                (
                    await s.execute(
                        select(Ticket).where(
                            Ticket.status.in_(ACTIVE), Ticket.card_message_id.is_(None)
                        )
                    )
                )
                .scalars()
                .all()
            )

    async def anonymise_user(self, user_id: int) -> int:
        """`/cancella`: end the user's tickets and remove who they were."""
        async with self.db.session() as s, s.begin():
            await s.execute(
                update(Ticket)
                .where(Ticket.user_id == user_id, Ticket.status.in_(PENDING + ACTIVE))
                .values(status=S.CANCELLED, closed_at=utcnow())
            )
            result = await s.execute(
                update(Ticket)
                .where(Ticket.user_id == user_id)
                .values(
                    user_name="(cancellato)",
                    username=None,
                    user_id=0,
                    chat_id=0,
                    context=[],
                    clarification=None,
                )
            )
            await s.execute(
                update(TicketMessage)
                .where(TicketMessage.author_id == user_id)
                .values(author_id=None, author_name=None, text=None)
            )
            return rowcount(result)


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite returns naive datetimes: they are UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
