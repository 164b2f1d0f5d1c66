"""One active bot per token: a leader lock, so two processes never both poll Telegram, relay
advisors' messages, send reminders or broadcasts. The others wait as hot standbys and take over
when the leader's process ends (its lock is released by the database or the OS).

PostgreSQL: a session-level advisory lock held on a dedicated connection (works across
machines). SQLite: a lock file beside the database (one machine, which is all SQLite serves).
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.storage.db import Database

log = logging.getLogger(__name__)


class LeaderLock:
    """Wait to become the active process; hold the role until `release()` or exit."""

    def __init__(self, database: Database, key: int, lock_dir: Path, poll_s: float = 2.0):
        self.database = database
        self.key = key
        self.poll_s = poll_s
        self._postgres = make_url(database.url).get_backend_name() == "postgresql"
        self._file = FileLock(str(lock_dir / f"bot-{key}.leader.lock"), timeout=0)
        self._connection: Any = None
        lock_dir.mkdir(parents=True, exist_ok=True)

    async def _try(self) -> bool:
        if not self._postgres:
            try:
                self._file.acquire()
            except Timeout:
                return False
            return True
        connection = await self.database.engine.connect()
        got = (
            await connection.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": self.key})
        ).scalar()
        if got:
            self._connection = connection  # the lock lives as long as this session
            return True
        await connection.close()
        return False

    async def acquire(self) -> None:
        """Return once this process is the leader (log once while standing by)."""
        announced = False
        while not await self._try():
            if not announced:
                log.warning("another bot process is active: standing by to take over")
                announced = True
            await asyncio.sleep(self.poll_s)
        if announced:
            log.warning("taking over as the active bot process")

    async def release(self) -> None:
        if self._postgres and self._connection is not None:
            try:
                await self._connection.execute(
                    text("SELECT pg_advisory_unlock(:k)"), {"k": self.key}
                )
            finally:
                await self._connection.close()
                self._connection = None
        elif self._file.is_locked:
            self._file.release()
