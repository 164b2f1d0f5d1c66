"""The conversation engine shared by Telegram and the terminal chat: rate limit, context,
answering, and the record of what was answered. Knows nothing of Telegram."""

from __future__ import annotations

import datetime as dt
import logging
import math
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.ratelimit import SlidingWindowLimiter
from bot.settings import Settings
from bot.storage.state import StateStore
from knowledge.answering import Answerer
from knowledge.answers import Answer

if TYPE_CHECKING:
    from bot.metrics import Metrics

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Reply:
    """What to send back for one question."""

    answer: Answer | None
    answer_id: int | None = None
    truncated: bool = False
    retry_after_s: int = 0

    @property
    def rate_limited(self) -> bool:
        return self.retry_after_s > 0


class ConversationService:
    """Answers a chat's questions with the chat's recent context."""

    def __init__(
        self,
        answerer: Answerer,
        state: StateStore,
        settings: Settings,
        metrics: Metrics | None = None,
    ) -> None:
        self.answerer = answerer
        self.state = state
        self.settings = settings
        self.metrics = metrics
        self.limiter = SlidingWindowLimiter(settings.questions_per_minute, 60.0)

    async def ask(
        self, *, chat_id: int, user_id: int, text: str, language: str | None = None
    ) -> Reply:
        """Answer `text` from `user_id` in `chat_id`."""
        wait = self.limiter.check(user_id)
        if wait > 0:
            return Reply(answer=None, retry_after_s=max(1, math.ceil(wait)))
        started = time.perf_counter()
        limit = self.settings.max_message_chars
        truncated = len(text) > limit
        question = text[:limit] if truncated else text
        history = await self.state.recent_turns(
            chat_id,
            self.settings.context_turns,
            dt.timedelta(minutes=self.settings.context_ttl_minutes),
        )
        answer = await self.answerer.answer(question, history, language=language)
        outcome = (
            "clarified"
            if answer.needs_clarification
            else "answered"
            if answer.covered
            else "abstained"
        )
        if self.metrics is not None:
            self.metrics.observe_answer(outcome, time.perf_counter() - started)
        answer_id = await self.state.record_answer(
            chat_id=chat_id,
            user_id=user_id,
            question=question,
            answer=answer.text,
            language=answer.language,
            outcome=outcome,
            confidence=answer.confidence,
            sources=answer.clarification
            if answer.needs_clarification
            else [s.doc_id for s in answer.sources],
        )
        if answer.covered and not answer.needs_clarification:
            await self.state.add_turn(
                chat_id, user_id, question, answer.standalone_question, answer.text
            )
        log.info(
            "answered chat=%s outcome=%s confidence=%.2f ms=%.0f",
            chat_id,
            outcome,
            answer.confidence,
            answer.timings_ms.get("total", 0.0),
            extra={"chat_id": chat_id, "outcome": outcome},
        )
        return Reply(answer=answer, answer_id=answer_id, truncated=truncated)
