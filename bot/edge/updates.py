"""How updates flow: journaled on arrival, handled concurrently across chats and in order within
a chat, at most once, and replayed after a crash.

- `JournalingQueue` writes updates to the database in batches, one transaction for all the
  updates that arrived together, before they are handled and before python-telegram-bot asks
  Telegram for the next batch (which confirms the previous one: `JournalBarrierRequest` holds
  that call until the journal is written), so an update Telegram considers delivered is always
  on disk. With webhooks, `put` returns only once its update is written (the webhook's answer
  is the confirmation); updates arriving together share one transaction there too.
- `ChatOrderedProcessor` runs updates of different chats concurrently and those of one chat one
  after the other, and claims each update in the journal first: a redelivered or replayed
  update that was already handled is skipped. Its sends are numbered and recorded as they are
  delivered (`bot.edge.deliveries`), so a replayed update does not send again what was delivered.
- At start-up, `replay_unfinished` puts back in the queue what a previous run received but
  never finished.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any

from telegram import Bot, Update
from telegram.ext import BaseUpdateProcessor
from telegram.request import HTTPXRequest

from bot.edge.deliveries import DeliveryLog, handling
from bot.storage.state import StateStore

if TYPE_CHECKING:
    from bot.metrics import Metrics

log = logging.getLogger(__name__)

#: Waits before each new try of a journal write that failed (about 15 s in all).
JOURNAL_RETRIES_S = (0.5, 1.0, 2.0, 4.0, 8.0)


class JournalingQueue(asyncio.Queue[object]):
    """The application's update queue; journals updates, in batches, before accepting them.

    `put` hands an update to a writer that journals everything pending in one transaction and
    then queues it, in arrival order. With `deferred` (long polling: set by the
    `JournalBarrierRequest` at the first getUpdates) `put` returns at once and the next
    getUpdates waits for `durable()`; otherwise (webhooks) `put` returns once its update is
    written. Anything else put (the application's stop signal) waits for the updates before it.
    A failed write is tried again (`JOURNAL_RETRIES_S`) before the updates are handled anyway."""

    def __init__(self) -> None:
        super().__init__()
        self.state: StateStore | None = None
        self.deferred = False
        self._pending: list[Update] = []
        self._flush: asyncio.Future[None] | None = None
        self._writing = asyncio.Lock()
        self._tasks: set[asyncio.Future[None]] = set()
        #: Updates per journal transaction (last 1,000), for benchmarks.
        self.batch_sizes: list[int] = []

    def attach(self, state: StateStore) -> None:
        """Journal into `state` from now on (post_init, once the database is open; until then
        updates pass through unjournaled)."""
        self.state = state

    async def put(self, item: object) -> None:
        if not isinstance(item, Update) or self.state is None:
            await self.durable()  # the stop signal comes after the updates received before it
            await super().put(item)
            return
        self._pending.append(item)
        if self._flush is None:
            self._flush = asyncio.ensure_future(self._write_pending())
            self._tasks.add(self._flush)
            self._flush.add_done_callback(self._tasks.discard)
        flush = self._flush
        if not self.deferred:
            await asyncio.shield(flush)

    async def durable(self) -> None:
        """Return when every update put so far is journaled (and queued)."""
        while self._flush is not None:
            await asyncio.shield(self._flush)
        async with self._writing:  # a batch already taken may still be being written
            pass

    async def _write_pending(self) -> None:
        async with self._writing:  # batches are written and queued one after the other
            await asyncio.sleep(0)  # let the rest of the batch arrive
            batch, self._pending = self._pending, []
            self._flush = None
            if self.state is not None and batch:
                await self._journal(self.state, batch)
            self.batch_sizes.append(len(batch))
            del self.batch_sizes[:-1000]
            for update in batch:
                self.put_nowait(update)

    async def _journal(self, state: StateStore, batch: list[Update]) -> None:
        rows = [(u.update_id, u.to_dict()) for u in batch]
        for delay in (*JOURNAL_RETRIES_S, None):
            try:
                await state.journal_updates(rows)
                return
            except Exception:
                ids = ", ".join(str(u.update_id) for u in batch)
                if delay is None:  # handled anyway, but a crash now would lose them
                    log.exception("could not journal updates %s; handling them anyway", ids)
                    return
                log.warning("could not journal updates %s; again in %.1f s", ids, delay)
                await asyncio.sleep(delay)


class JournalBarrierRequest(HTTPXRequest):
    """The getUpdates request: asking for the next batch confirms the previous one to Telegram,
    so it waits until the queue has journaled every update received so far."""

    def __init__(self, queue: JournalingQueue, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.queue = queue

    async def do_request(  # type: ignore[override]
        self, url: str, method: str, request_data: Any = None, **kwargs: Any
    ) -> tuple[int, bytes]:
        if url.endswith("/getUpdates"):
            self.queue.deferred = True  # long polling: this call is the confirmation
            await self.queue.durable()
        return await super().do_request(url, method, request_data, **kwargs)


def _chat_key(update: object) -> int | None:
    if isinstance(update, Update):
        if update.effective_chat is not None:
            return update.effective_chat.id
        if update.effective_user is not None:
            return update.effective_user.id
    return None


class ChatOrderedProcessor(BaseUpdateProcessor):
    """Concurrent across chats, sequential within a chat, each update handled at most once."""

    def __init__(self, max_concurrent_updates: int = 64) -> None:
        super().__init__(max_concurrent_updates)
        self.state: StateStore | None = None
        self.metrics: Metrics | None = None
        self.deliveries: DeliveryLog | None = None
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}

    def attach(self, state: StateStore, metrics: Metrics, deliveries: DeliveryLog) -> None:
        """Claim updates in `state`, count them and record their sends from now on
        (post_init, once the services are open)."""
        self.state = state
        self.metrics = metrics
        self.deliveries = deliveries

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _chat_key(update)
        if key is None:
            await self._run_once(update, coroutine)
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            async with lock:
                await self._run_once(update, coroutine)
        finally:
            self._waiting[key] -= 1
            if not self._waiting[key]:
                del self._waiting[key]
                self._locks.pop(key, None)

    async def _run_once(self, update: object, coroutine: Awaitable[Any]) -> None:
        update_id = update.update_id if isinstance(update, Update) else None
        state = self.state
        if update_id is None or state is None:
            await coroutine
            if self.metrics is not None:
                self.metrics.count_update()
            return
        claim = await state.claim_update(update_id)
        if claim is None:
            log.info(
                "update %s already handled, skipped", update_id, extra={"update_id": update_id}
            )
            if asyncio.iscoroutine(coroutine):
                coroutine.close()
            return
        with handling(self.deliveries, state.boot_id, update_id, claim.earlier_boot):
            await coroutine
        if self.metrics is not None:
            self.metrics.count_update()
        await state.finish_update(update_id)

    async def initialize(self) -> None:
        """Nothing to set up; the services are attached in post_init."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""


async def replay_unfinished(state: StateStore, queue: asyncio.Queue[object], bot: Bot) -> int:
    """Queue again the updates an earlier run received but did not finish handling."""
    count = 0
    for payload in await state.unfinished_updates():
        update = Update.de_json(payload, bot)
        if update is not None:
            await asyncio.Queue.put(queue, update)  # already journaled
            count += 1
    if count:
        log.warning("replaying %d update(s) received before the last stop", count)
    return count
