"""The update journal: updates that arrive together are written in one transaction, before
they are handled (long polling: before the next getUpdates; webhook: before `put` returns).
Real SQLite file, real `StateStore`."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from telegram import Update

from bot.edge.updates import JournalingQueue
from bot.storage.db import Database
from bot.storage.state import StateStore


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'state.db'}")
    await db.open()
    yield db
    await db.close()


def updates(first: int, count: int) -> list[Update]:
    return [Update(update_id=i) for i in range(first, first + count)]


async def journaled(database: Database) -> list[int]:
    """What a process started now would replay."""
    return [p["update_id"] for p in await StateStore(database).unfinished_updates()]


async def test_a_polled_batch_is_one_transaction_written_before_anything_is_handled(
    database: Database,
) -> None:
    queue = JournalingQueue()
    queue.state = StateStore(database)
    queue.deferred = True  # long polling: the next getUpdates waits for `durable()`
    for update in updates(100, 40):
        await queue.put(update)
    assert queue.qsize() == 0  # nothing handed to the handlers before it is on disk
    await queue.durable()
    assert queue.batch_sizes == [40]
    assert await journaled(database) == list(range(100, 140))
    assert [queue.get_nowait().update_id for _ in range(40)] == list(range(100, 140))


async def test_with_webhooks_put_returns_once_its_update_is_written(database: Database) -> None:
    queue = JournalingQueue()
    queue.state = StateStore(database)
    await queue.put(Update(update_id=7))
    assert await journaled(database) == [7]
    # concurrent deliveries (several webhook requests at once) share a transaction
    await asyncio.gather(*(queue.put(u) for u in updates(8, 10)))
    assert await journaled(database) == list(range(7, 18))
    assert queue.batch_sizes == [1, 10]


async def test_a_redelivered_update_is_queued_again_but_journaled_once(
    database: Database,
) -> None:
    queue = JournalingQueue()
    queue.state = StateStore(database)
    await queue.put(Update(update_id=1))
    await queue.put(Update(update_id=1))  # Telegram sent it again: the claim will skip it
    assert await journaled(database) == [1]
    assert queue.qsize() == 2
