"""The report's SQL: the rows of a period, nothing computed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from bot.storage.db import Database
from bot.storage.models import AnswerRecord, Feedback, Ticket


@dataclass(frozen=True, slots=True)
class PeriodRows:
    """The rows of one period: answers given, feedback on them, tickets opened."""

    answers: Sequence[Any]
    feedback: Sequence[Any]
    tickets: Sequence[Any]


async def read_period(db: Database, since: dt.datetime, until: dt.datetime) -> PeriodRows:
    """Answers given from `since` (included) to `until` (excluded), the feedback on them and
    the tickets opened in that time."""
    async with db.session() as s:
        answers = (
            await s.execute(
                select(
                    AnswerRecord.id,
                    AnswerRecord.created_at,
                    AnswerRecord.outcome,
                    AnswerRecord.question,
                ).where(AnswerRecord.created_at >= since, AnswerRecord.created_at < until)
            )
        ).all()
        feedback = (
            await s.execute(
                select(Feedback.answer_id, Feedback.helpful, Feedback.reason)
                .join(AnswerRecord, AnswerRecord.id == Feedback.answer_id)
                .where(AnswerRecord.created_at >= since, AnswerRecord.created_at < until)
            )
        ).all()
        tickets = (
            await s.execute(
                select(Ticket.opened_at, Ticket.first_reply_at).where(
                    Ticket.opened_at >= since, Ticket.opened_at < until
                )
            )
        ).all()

    return PeriodRows(answers, feedback, tickets)
