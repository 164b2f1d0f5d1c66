"""Exactly-once sends: each delivery recorded in the same breath as the send.

While the bot handles an update, every Bot API call that makes or changes something in a chat
(a message sent, copied or edited, a callback answered; not reads, not "typing…") is numbered
within that update. When the Bot API answers one with success, `RecordingRequest` writes
(update id, number, the few fields of the result the bot can use) to the delivery log before
control goes back to the handler: a synchronous commit to a SQLite file of its own, with no
await, no queue and no lock shared with the state database between the answer and the record.

After a SIGKILL, the update is replayed (see `bot.edge.updates`) and its handler runs again; each
call whose number the dead process (`boot`) recorded is answered from the log instead of being sent
again, so a message Telegram accepted and the bot heard about goes out once. What is left is the
time between the server storing a message and the bot reading its answer: on loopback, under a
burst of 25–100 users on two busy cores, p50 ≈ 3–4 ms and p95 ≈ 20 ms (`bench/crash_burst.py`), the
answer waiting for a CPU and the interpreter; the sends go out from a thread of their own so that
they do not also wait behind the bot's event loop.

The log is durable against the process dying (SQLite WAL, `synchronous=NORMAL`: a committed
record is in the operating system's hands), not against the machine losing power. It keeps no
message text (chat id, message id, date), and is pruned with the update journal after 48 hours.
It lives in the data folder: a bot moved to another machine mid-update can still send twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from telegram.request import HTTPXRequest

log = logging.getLogger(__name__)

#: Calls that change nothing a user sees twice: not numbered, never answered from the log.
NOT_RECORDED = frozenset({"sendChatAction"})


def recorded_method(endpoint: str) -> bool:
    """True for the Bot API methods whose repetition a user would notice."""
    return not endpoint.startswith("get") and endpoint not in NOT_RECORDED


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


@dataclass
class UpdateSends:
    """The numbered calls of the update being handled, and those an earlier run delivered."""

    log: DeliveryLog
    boot: str
    update_id: int
    prior: dict[int, tuple[str, Any]]
    next_seq: int = 0
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    #: Set when the handler returns: tasks it started and that outlive it are not numbered.
    closed: bool = False


_current: ContextVar[UpdateSends | None] = ContextVar("sportello_update_sends", default=None)


@contextlib.contextmanager
def handling(
    delivery_log: DeliveryLog | None, boot: str, update_id: int, earlier_boot: str | None
) -> Iterator[UpdateSends | None]:
    """Number the calls made while handling `update_id` (in this task and those it starts) by
    the process `boot`; `earlier_boot` is the process that started it before and died (its
    deliveries are answered from the log)."""
    if delivery_log is None:
        yield None
        return
    prior = delivery_log.delivered(earlier_boot, update_id) if earlier_boot else {}
    for seq, (method, result) in prior.items():  # if this run dies too, the next one knows
        delivery_log.record(boot, update_id, seq, method, result)
    sends = UpdateSends(delivery_log, boot, update_id, prior)
    token = _current.set(sends)
    try:
        yield sends
    finally:
        sends.closed = True
        _current.reset(token)


def detach() -> None:
    """For a task started while handling an update that is not part of its answer (a
    broadcast): its calls are neither numbered nor answered from the log."""
    _current.set(None)


def _same_chat(request_data: Any, result: Any) -> bool:
    """False when a recorded result is about another chat than the request (the replayed
    handler took another path: nothing more is answered from the log)."""
    chat = result.get("chat", {}).get("id") if isinstance(result, dict) else None
    asked = getattr(request_data, "parameters", {}).get("chat_id") if request_data else None
    return chat is None or asked is None or str(chat) == str(asked)


class RecordingRequest(HTTPXRequest):
    """`HTTPXRequest` that sends the calls of an update from a thread of its own and records
    each one delivered in the delivery log there, as soon as the answer arrives; calls an
    earlier run already delivered are answered from the log.

    The bot's event loop is busy under load (handlers, rendering, database sessions; with
    PostgreSQL every round trip of asyncpg too): an answer read there waits its turn, and the
    message stays unrecorded all that time (measured on PostgreSQL at 25 users: p50 18 ms,
    p95 70 ms). The sender thread's loop does nothing else, so the record follows the answer by
    the time the thread needs to get the interpreter (p50 2.9 ms, p95 18 ms).

    A call's number advances only when it succeeds, so a 429 or a network error retried by the
    rate limiter keeps its number, and calls of one update are numbered one at a time."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._sender = HTTPXRequest(*args, **kwargs)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    async def initialize(self) -> None:
        await super().initialize()
        if self._thread is None:
            ready = threading.Event()
            loop = asyncio.new_event_loop()

            def serve() -> None:
                asyncio.set_event_loop(loop)
                loop.call_soon(ready.set)
                loop.run_forever()
                loop.close()

            self._thread = threading.Thread(target=serve, name="telegram-sender", daemon=True)
            self._thread.start()
            ready.wait()
            self._loop = loop
        await self._on_sender(self._sender.initialize())

    async def shutdown(self) -> None:
        loop, thread = self._loop, self._thread
        if loop is not None and thread is not None:
            await self._on_sender(self._finish_sends())
            loop.call_soon_threadsafe(loop.stop)
            await asyncio.to_thread(thread.join, 10)
            self._loop = self._thread = None
        await super().shutdown()

    async def _finish_sends(self) -> None:
        """On the sender thread, at shutdown: let the sends in flight end, then close."""
        others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        if others:
            await asyncio.wait(others, timeout=10)
        await self._sender.shutdown()

    async def _on_sender(self, coroutine: Any) -> Any:
        assert self._loop is not None
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(coroutine, self._loop))

    async def do_request(  # type: ignore[override]
        self, url: str, method: str, request_data: Any = None, **kwargs: Any
    ) -> tuple[int, bytes]:
        sends = _current.get()
        endpoint = url.rsplit("/", 1)[-1]
        if (
            sends is None
            or sends.closed
            or self._loop is None
            or method != "POST"
            or not recorded_method(endpoint)
        ):
            return await super().do_request(url, method, request_data, **kwargs)
        async with sends.lock:
            seq = sends.next_seq
            earlier = sends.prior.get(seq)
            if earlier is not None and not (
                earlier[0] == endpoint and _same_chat(request_data, earlier[1])
            ):
                log.warning(
                    "update %s took another path after the restart: sending from call %d on",
                    sends.update_id,
                    seq,
                )
                sends.prior.clear()
                earlier = None
            if earlier is not None:
                sends.next_seq += 1
                log.info(
                    "%s %d of update %s was delivered before the restart: not sent again",
                    endpoint,
                    seq,
                    sends.update_id,
                    extra={"update_id": sends.update_id},
                )
                return 200, json.dumps({"ok": True, "result": earlier[1]}).encode()
            code, payload = await self._on_sender(
                self._deliver(sends, seq, endpoint, url, method, request_data, kwargs)
            )
            if 200 <= code < 300:
                sends.next_seq += 1
            return code, payload

    async def _deliver(
        self,
        sends: UpdateSends,
        seq: int,
        endpoint: str,
        url: str,
        method: str,
        request_data: Any,
        kwargs: dict[str, Any],
    ) -> tuple[int, bytes]:
        """On the sender thread: the call, then its record before anything else runs here."""
        code, payload = await self._sender.do_request(url, method, request_data, **kwargs)
        if 200 <= code < 300:
            try:
                sends.log.record(
                    sends.boot, sends.update_id, seq, endpoint, json.loads(payload).get("result")
                )
            except Exception:  # the message went out; only the record is missing
                log.exception("could not record %s of update %s", endpoint, sends.update_id)
        return code, payload
