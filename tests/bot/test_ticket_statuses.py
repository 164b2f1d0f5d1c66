"""Ticket statuses: one transition table that every move is checked against."""

from __future__ import annotations

import pytest

from bot.tickets.store import (
    ACTIVE,
    FINISHED,
    PENDING,
    TRANSITIONS,
    TicketStatus,
    TicketStore,
    may_move,
)

S = TicketStatus


def test_every_status_is_in_exactly_one_phase_and_in_the_table() -> None:
    assert sorted(PENDING + ACTIVE + FINISHED) == sorted(TicketStatus)
    assert set(TRANSITIONS) == set(TicketStatus)


def test_finished_tickets_never_move_again() -> None:
    assert all(not TRANSITIONS[status] for status in FINISHED)


def test_a_prepared_ticket_opens_or_is_cancelled_and_an_active_one_closes() -> None:
    assert may_move(PENDING, S.OPEN)
    assert may_move(PENDING, S.CANCELLED)
    assert may_move(ACTIVE, S.CLOSED)
    assert may_move(ACTIVE, S.CANCELLED)
    assert not may_move((S.CLOSED,), S.OPEN)
    assert not may_move((S.CLARIFYING,), S.DRAFT)


async def test_a_move_outside_the_table_is_refused_before_touching_the_database() -> None:
    store = TicketStore(db=None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="cannot move from closed to open"):
        await store.transition(1, (S.CLOSED,), S.OPEN)
