"""How updates flow: journaled on arrival, handled concurrently across chats and in order within
a chat, at most once, and replayed after a crash.

- `JournalingQueue` writes each update to the database before python-telegram-bot asks Telegram
  for the next batch (which confirms the previous one), so an update Telegram considers
  delivered is always on disk.
- `ChatOrderedProcessor` runs updates of different chats concurrently and those of one chat one
  after the other, and claims each update in the journal first: a redelivered or replayed
  update that was already handled is skipped.
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

from bot.state import StateStore

if TYPE_CHECKING:
    from bot.ops import Metrics

log = logging.getLogger(__name__)


class JournalingQueue(asyncio.Queue[object]):
    """The application's update queue; journals updates before accepting them."""

    def __init__(self) -> None:
        super().__init__()
        self.state: StateStore | None = None

    async def put(self, item: object) -> None:
        if isinstance(item, Update) and self.state is not None:
            try:
                await self.state.journal_update(item.update_id, item.to_dict())
            except Exception:  # the update is still handled, just not journaled
                log.exception(
                    "could not journal update %s",
                    item.update_id,
                    extra={"update_id": item.update_id},
                )
        await super().put(item)


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
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}

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
        if update_id is not None and state is not None and not await state.claim_update(update_id):
            log.info(
                "update %s already handled, skipped", update_id, extra={"update_id": update_id}
            )
            if asyncio.iscoroutine(coroutine):
                coroutine.close()
            return
        await coroutine
        if self.metrics is not None:
            self.metrics.count_update()
        if update_id is not None and self.state is not None:
            await self.state.finish_update(update_id)

    async def initialize(self) -> None:
        """Nothing to set up; the state store is attached in post_init."""

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
