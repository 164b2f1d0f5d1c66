"""The delivery log: one row per delivered call of an update, in a SQLite file of its own
(see `bot.edge.deliveries`; written by the sender process, `bot.edge.sender`)."""

from __future__ import annotations

import fcntl
import json
import logging
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def senders_lock_path(log_path: Path) -> Path:
    """The file a running sender process (`bot.edge.sender`) holds a shared lock on."""
    return log_path.with_name(log_path.name + ".senders")


def slim(result: Any) -> Any:
    """What of a call's result the log keeps: enough for a `Message` (id, date, chat), no text."""
    if isinstance(result, list):
        return [slim(item) for item in result]
    if isinstance(result, dict) and "message_id" in result:
        chat = result.get("chat") or {}
        return {
            "message_id": result["message_id"],
            "date": result.get("date", 0),
            "chat": {"id": chat.get("id"), "type": chat.get("type", "private")},
        }
    return result


class DeliveryLog:
    """The log: one row per delivered call of an update, in a SQLite file of its own.

    Every write is a short synchronous commit (the bot's loop waits for it: a fraction of a
    millisecond); a lock lets other threads (benchmarks, tests) read it safely."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._lock = threading.Lock()
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS deliveries ("
            " boot TEXT NOT NULL, update_id INTEGER NOT NULL, seq INTEGER NOT NULL,"
            " method TEXT NOT NULL, result TEXT NOT NULL, recorded_at REAL NOT NULL,"
            " PRIMARY KEY (boot, update_id, seq))"
        )

    def wait_for_senders(self, timeout_s: float) -> float:
        """Wait until no sender process of an earlier bot is still finishing its calls on this
        log (it holds a shared lock on `<log>.senders`, `bot.edge.sender`), so that what this
        bot reads of them is all they delivered. Returns the seconds waited; after `timeout_s`
        goes on with a warning (a call still unanswered then may be sent again)."""
        started = time.monotonic()
        with senders_lock_path(self.path).open("a") as lock:
            while True:
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    waited = time.monotonic() - started
                    if waited >= timeout_s:
                        log.warning(
                            "a sender process of an earlier run is still sending after %.0f s:"
                            " going on without its last records",
                            waited,
                        )
                        return waited
                    time.sleep(0.02)
                    continue
                fcntl.flock(lock, fcntl.LOCK_UN)
                return time.monotonic() - started

    def record(self, boot: str, update_id: int, seq: int, method: str, result: Any) -> None:
        """Write one delivery of the process `boot` and commit."""
        row = (boot, update_id, seq, method, json.dumps(slim(result)), time.time())
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO deliveries VALUES (?, ?, ?, ?, ?, ?)", row)

    def delivered(self, boot: str, update_id: int) -> dict[int, tuple[str, Any]]:
        """The calls of an update the process `boot` delivered, by number."""
        with self._lock:
            rows = self._db.execute(
                "SELECT seq, method, result FROM deliveries WHERE boot = ? AND update_id = ?",
                (boot, update_id),
            ).fetchall()
        return {seq: (method, json.loads(result)) for seq, method, result in rows}

    def all(self) -> list[tuple[str, int, int, str, Any, float]]:
        """Every row, for benchmarks and tests."""
        with self._lock:
            rows = self._db.execute(
                "SELECT boot, update_id, seq, method, result, recorded_at FROM deliveries"
                " ORDER BY recorded_at"
            ).fetchall()
        return [(b, u, s, m, json.loads(r), t) for b, u, s, m, r, t in rows]

    def prune(self, older_than_s: float) -> int:
        with self._lock:
            cursor = self._db.execute(
                "DELETE FROM deliveries WHERE recorded_at < ?", (time.time() - older_than_s,)
            )
            return cursor.rowcount

    def close(self) -> None:
        with self._lock:
            self._db.close()
