"""The broadcaster: sends the queued notices paced below Telegram's limits, each at most once.

It knows nothing of Telegram: the edge (`bot.subscriptions.handlers`) gives it a send function
that renders and sends one notice, and sorts a failed send into `SendFailed` (skip, retry or
fail; see the package's docstring in `bot.subscriptions.store` for the rules).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, Literal

from bot.storage.models import utcnow
from bot.subscriptions.store import PendingDelivery, SubscriptionStore

log = logging.getLogger(__name__)

JOB_NAME = "subscription-broadcast"
PER_SECOND = 25.0
MAX_ATTEMPTS = 3
RETRY_DELAYS_S = (5.0, 30.0, 120.0)

Outcome = Literal["skip", "retry", "fail"]


class SendFailed(Exception):
    """A notice that did not go through, sorted by the sender: skip, retry or fail."""

    def __init__(self, outcome: Outcome, error: str, retry_after: float | None = None) -> None:
        super().__init__(error)
        self.outcome = outcome
        self.error = error
        self.retry_after = retry_after


#: Sends one notice and returns the sent message's id; raises `SendFailed`.
SendNotice = Callable[[PendingDelivery], Awaitable[int]]
#: Starts the drain as a task (the application's `create_task`, say).
Spawn = Callable[[Coroutine[Any, Any, dict[str, int]]], "asyncio.Task[dict[str, int]]"]


class Pacer:
    """Spaces send starts evenly: at most `per_second` in any second, less `headroom`."""

    def __init__(
        self,
        per_second: float,
        headroom: float = 0.05,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if per_second <= 0:
            raise ValueError("per_second must be positive")
        self.spacing = (1.0 + headroom) / per_second
        self._clock = clock
        self._next = 0.0

    async def wait(self) -> None:
        """Return when the next send may start (callers take turns)."""
        now = self._clock()
        start = max(now, self._next)
        self._next = start + self.spacing
        if start > now:
            await asyncio.sleep(start - now)

    def hold(self, seconds: float) -> None:
        """Start nothing for `seconds` (Telegram asked to wait)."""
        self._next = max(self._next, self._clock() + seconds)


class Broadcaster:
    """Sends the queued notices: one drain at a time, paced, each delivery at most once."""

    def __init__(
        self,
        store: SubscriptionStore,
        send: SendNotice,
        *,
        per_second: float = PER_SECOND,
        concurrency: int = 8,
        batch: int = 100,
    ) -> None:
        self.store = store
        self.send = send
        self.pacer = Pacer(per_second)
        self.concurrency = concurrency
        self.batch = batch
        self._task: asyncio.Task[dict[str, int]] | None = None

    @property
    def busy(self) -> bool:
        return self._task is not None and not self._task.done()

    def kick(self, spawn: Spawn, keep_going: Callable[[], bool]) -> None:
        """Start draining the queue, unless a drain is under way or `keep_going()` is false
        (the application stops)."""
        if not keep_going() or self.busy:
            return
        self._task = spawn(self.drain(keep_going))

    async def drain(self, keep_going: Callable[[], bool]) -> dict[str, int]:
        """Send due deliveries until none is left or `keep_going()` turns false; the sends
        in flight always finish and are recorded. Returns the outcomes counted."""
        slots = asyncio.Semaphore(self.concurrency)
        in_flight: set[asyncio.Task[str]] = set()
        outcomes: dict[str, int] = {}

        def done(task: asyncio.Task[str]) -> None:
            in_flight.discard(task)
            slots.release()
            if task.cancelled():
                return
            if task.exception() is not None:
                log.error("broadcast: a delivery failed", exc_info=task.exception())
                return
            outcomes[task.result()] = outcomes.get(task.result(), 0) + 1

        try:
            while keep_going():
                batch = await self.store.next_pending(self.batch)
                if not batch:
                    break
                for item in batch:
                    if not keep_going():
                        break
                    await slots.acquire()
                    if not await self.store.claim(item.id):
                        slots.release()
                        continue
                    await self.pacer.wait()  # after the claim: its SQL time must not bunch sends
                    task = asyncio.create_task(self._deliver(item))
                    in_flight.add(task)
                    task.add_done_callback(done)
        finally:
            if in_flight:
                await asyncio.gather(*in_flight, return_exceptions=True)
        await self.store.finish_notifications()
        if outcomes:
            log.info("broadcast: %s", ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))
        return outcomes

    async def _deliver(self, item: PendingDelivery) -> str:
        """Send one claimed delivery and record the outcome; return the new status."""
        try:
            message_id = await self.send(item)
        except SendFailed as exc:
            return await self._after_error(item, exc)
        except Exception as exc:  # a sender that did not sort its error: not sent again
            failed = SendFailed("fail", f"{type(exc).__name__}: {exc}")
            return await self._after_error(item, failed)
        await self.store.mark(
            item.id, "sending", "sent", sent_at=utcnow(), message_id=message_id, error=None
        )
        return "sent"

    async def _after_error(self, item: PendingDelivery, exc: SendFailed) -> str:
        outcome = exc.outcome
        error = exc.error[:300]
        if outcome == "retry" and item.attempts + 1 < MAX_ATTEMPTS:
            if exc.retry_after is not None:
                delay = exc.retry_after
                self.pacer.hold(delay)
            else:
                delay = RETRY_DELAYS_S[min(item.attempts, len(RETRY_DELAYS_S) - 1)]
            log.warning(
                "delivery=%s chat=%s: %s; retry in %.0fs",
                item.id,
                item.chat_id,
                exc.__cause__ or exc,
                delay,
            )
            await self.store.mark(
                item.id,
                "sending",
                "pending",
                not_before=utcnow() + dt.timedelta(seconds=delay),
                error=error,
            )
            return "retry"
        status = "skipped" if outcome == "skip" else "failed"
        if status == "failed":
            log.warning("delivery=%s chat=%s: not sent (%s)", item.id, item.chat_id, error)
        await self.store.mark(item.id, "sending", status, error=error)
        return status
