"""The bot's state in SQL: users' languages, conversation context, answers, feedback, and the
updates already handled. Knows nothing of Telegram."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from bot.storage.db import Database, rowcount
from bot.storage.models import (
    AnswerRecord,
    ConversationTurn,
    Feedback,
    ProcessedUpdate,
    UserProfile,
    utcnow,
)
from knowledge.followup import Turn


@dataclass(frozen=True, slots=True)
class Claim:
    """An update this process may handle; `earlier_boot` is the process that had started it
    and died (its deliveries must not be sent again), None for an update never started."""

    earlier_boot: str | None


@dataclass(frozen=True, slots=True)
class DeletionReport:
    """What `/cancella` removed."""

    turns: int
    answers: int
    feedback: int


class StateStore:
    """Async access to the bot's tables."""

    def __init__(self, db: Database) -> None:
        self.db = db
        #: Marks updates this process is handling, to tell them from ones a dead process left.
        self.boot_id = uuid.uuid4().hex[:12]

    # -- users ----------------------------------------------------------------------------

    async def touch_user(self, user_id: int) -> str | None:
        """Record that a user was seen; return the language they chose, if any."""
        async with self.db.session() as s, s.begin():
            user = await s.get(UserProfile, user_id)
            if user is None:
                s.add(UserProfile(id=user_id))
                return None
            user.last_seen = utcnow()
            return user.language

    async def set_language(self, user_id: int, language: str) -> None:
        async with self.db.session() as s, s.begin():
            user = await s.get(UserProfile, user_id)
            if user is None:
                s.add(UserProfile(id=user_id, language=language))
            else:
                user.language = language

    # -- conversation context -------------------------------------------------------------

    async def recent_turns(self, chat_id: int, limit: int, ttl: dt.timedelta) -> list[Turn]:
        """The last `limit` turns of a chat, oldest first, not older than `ttl`."""
        if limit <= 0:
            return []
        since = utcnow() - ttl
        async with self.db.session() as s:
            rows = (
                (
                    await s.execute(
                        select(ConversationTurn)
                        .where(
                            ConversationTurn.chat_id == chat_id,
                            ConversationTurn.created_at >= since,
                        )
                        .order_by(ConversationTurn.id.desc())
                        .limit(limit)
                    )
                )
                .scalars()
                .all()
            )
        return [Turn(r.standalone, r.answer) for r in reversed(rows)]

    async def add_turn(
        self, chat_id: int, user_id: int, question: str, standalone: str, answer: str
    ) -> None:
        async with self.db.session() as s, s.begin():
            s.add(
                ConversationTurn(
                    chat_id=chat_id,
                    user_id=user_id,
                    question=question,
                    standalone=standalone,
                    answer=answer,
                )
            )

    async def forget_context(self, chat_id: int) -> int:
        """`/nuovo`: drop a chat's turns."""
        async with self.db.session() as s, s.begin():
            result = await s.execute(
                delete(ConversationTurn).where(ConversationTurn.chat_id == chat_id)
            )
            return rowcount(result)

    # -- answers and feedback ---------------------------------------------------------------

    async def record_answer(
        self,
        *,
        chat_id: int,
        user_id: int,
        question: str,
        answer: str,
        language: str,
        outcome: str,
        confidence: float,
        sources: list[str],
    ) -> int:
        async with self.db.session() as s, s.begin():
            record = AnswerRecord(
                chat_id=chat_id,
                user_id=user_id,
                question=question,
                answer=answer,
                language=language,
                outcome=outcome,
                confidence=confidence,
                sources=sources,
            )
            s.add(record)
            await s.flush()
            return int(record.id)

    async def last_answer(
        self, user_id: int, within: dt.timedelta = dt.timedelta(hours=2)
    ) -> AnswerRecord | None:
        """The user's most recent answer, if recent: what a request for an advisor is about."""
        async with self.db.session() as s:
            return (
                await s.execute(
                    select(AnswerRecord)
                    .where(
                        AnswerRecord.user_id == user_id,
                        AnswerRecord.created_at >= utcnow() - within,
                    )
                    .order_by(AnswerRecord.id.desc())
                    .limit(1)
                )
            ).scalar_one_or_none()

    async def get_answer(self, answer_id: int) -> AnswerRecord | None:
        async with self.db.session() as s:
            return await s.get(AnswerRecord, answer_id)

    async def record_feedback(
        self, answer_id: int, user_id: int, helpful: bool, reason: str | None = None
    ) -> bool:
        """Store or update a user's feedback on one of their answers; False if not theirs."""
        async with self.db.session() as s, s.begin():
            answer = await s.get(AnswerRecord, answer_id)
            if answer is None or answer.user_id != user_id:
                return False
            existing = (
                await s.execute(
                    select(Feedback).where(
                        Feedback.answer_id == answer_id, Feedback.user_id == user_id
                    )
                )
            ).scalar_one_or_none()
            if existing is None:
                s.add(
                    Feedback(answer_id=answer_id, user_id=user_id, helpful=helpful, reason=reason)
                )
            else:
                existing.helpful = helpful
                existing.reason = reason if reason is not None else existing.reason
            return True

    async def purge_old_texts(self, older_than: dt.timedelta) -> int:
        """Blank question and answer texts past the retention period (outcomes stay)."""
        cutoff = utcnow() - older_than
        async with self.db.session() as s, s.begin():
            result = await s.execute(
                update(AnswerRecord)
                .where(AnswerRecord.created_at < cutoff, AnswerRecord.question.is_not(None))
                .values(question=None, answer=None)
            )
            await s.execute(delete(ConversationTurn).where(ConversationTurn.created_at < cutoff))
            return rowcount(result)

    async def delete_user_data(self, user_id: int) -> DeletionReport:
        """`/cancella`: conversations, answers and feedback of a user, and the profile."""
        async with self.db.session() as s, s.begin():
            feedback = await s.execute(delete(Feedback).where(Feedback.user_id == user_id))
            turns = await s.execute(
                delete(ConversationTurn).where(ConversationTurn.user_id == user_id)
            )
            answers = await s.execute(delete(AnswerRecord).where(AnswerRecord.user_id == user_id))
            await s.execute(delete(UserProfile).where(UserProfile.id == user_id))
        return DeletionReport(
            turns=rowcount(turns),
            answers=rowcount(answers),
            feedback=rowcount(feedback),
        )

    # -- the update journal ------------------------------------------------------------------

    async def journal_update(self, update_id: int, payload: dict[str, Any]) -> bool:
        """Record a received update; False when it was already recorded (a redelivery)."""
        return bool(await self.journal_updates([(update_id, payload)]))

    async def journal_updates(self, updates: list[tuple[int, dict[str, Any]]]) -> int:
        """Record received updates in one transaction; how many were new (a redelivered
        update, already recorded, is left as it is)."""
        if not updates:
            return 0
        insert = sqlite_insert if self.db.is_sqlite else postgresql_insert
        status = f"queued:{self.boot_id}"
        rows = [{"update_id": u, "status": status, "payload": p} for u, p in updates]
        async with self.db.session() as s, s.begin():
            result = await s.execute(
                insert(ProcessedUpdate)
                .values(rows)
                .on_conflict_do_nothing(index_elements=["update_id"])
            )
            return rowcount(result)

    async def claim_update(self, update_id: int) -> Claim | None:
        """A claim when this update should be handled now: new, queued, or started by a process
        that died before finishing it. None when it was handled or is being handled now."""
        mine = f"started:{self.boot_id}"
        async with self.db.session() as s:
            try:
                async with s.begin():
                    s.add(ProcessedUpdate(update_id=update_id, status=mine))
                return Claim(earlier_boot=None)
            except IntegrityError:
                pass
        async with self.db.session() as s, s.begin():
            status = (
                await s.execute(
                    select(ProcessedUpdate.status).where(ProcessedUpdate.update_id == update_id)
                )
            ).scalar_one_or_none()
            if status is None or status in ("done", mine):
                return None
            result = await s.execute(
                update(ProcessedUpdate)
                .where(ProcessedUpdate.update_id == update_id, ProcessedUpdate.status == status)
                .values(status=mine, updated_at=utcnow())
            )
            if rowcount(result) == 0:
                return None
        state, _, boot = status.partition(":")
        return Claim(earlier_boot=boot if state == "started" else None)

    async def finish_update(self, update_id: int) -> None:
        """Mark an update handled and drop its payload."""
        async with self.db.session() as s, s.begin():
            await s.execute(
                update(ProcessedUpdate)
                .where(ProcessedUpdate.update_id == update_id)
                .values(status="done", payload=None, updated_at=utcnow())
            )

    async def unfinished_updates(self) -> list[dict[str, Any]]:
        """Updates received by an earlier run and never handled, oldest first."""
        async with self.db.session() as s:
            rows = (
                (
                    await s.execute(
                        select(ProcessedUpdate)
                        .where(
                            ProcessedUpdate.status != "done",
                            ProcessedUpdate.payload.is_not(None),
                            ~ProcessedUpdate.status.endswith(self.boot_id),
                        )
                        .order_by(ProcessedUpdate.update_id)
                    )
                )
                .scalars()
                .all()
            )
        return [dict(r.payload or {}) for r in rows]

    async def prune_updates(self, older_than: dt.timedelta) -> None:
        """Forget handled updates older than Telegram keeps them (24 hours)."""
        async with self.db.session() as s, s.begin():
            await s.execute(
                delete(ProcessedUpdate).where(
                    ProcessedUpdate.status == "done",
                    ProcessedUpdate.updated_at < utcnow() - older_than,
                )
            )
