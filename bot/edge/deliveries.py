"""Exactly-once sends: each delivery recorded in the same breath as the send.

While the bot handles an update, every Bot API call that makes or changes something in a chat
(a message sent, copied or edited, a callback answered; not reads, not "typing…") is numbered
within that update. When the Bot API answers one with success, its record (update id, number,
the few fields of the result the bot can use) is committed to the delivery log, a SQLite file of
its own, before the answer is used: by the sender process (`bot.edge.sender`), a child that makes
these calls and does nothing else, so the record does not wait for the bot's interpreter lock
or its event loop.

After a SIGKILL, the update is replayed (see `bot.edge.updates`) and its handler runs again; each
call whose number the dead process (`boot`) recorded is answered from the log instead of being sent
again, so a message Telegram accepted goes out once. The sender process outlives the bot by the
time its calls in flight take: it records the answers to requests already on their way when the
bot died, and the next bot waits for it before replaying (`DeliveryLog.wait_for_senders`). What
is left is the sender process itself (or the machine) dying between the Bot API server storing a
message and the record's commit (`bench/crash_burst.py`, BENCHMARKS.md): the Bot API has no
idempotency key.

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
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from telegram._utils.defaultvalue import (  # what HTTPXRequest.do_request resolves too
    DEFAULT_NONE,
    DefaultValue,
)
from telegram.error import NetworkError, TimedOut
from telegram.request import HTTPXRequest

from bot.edge.delivery_log import DeliveryLog
from bot.edge.sender import SenderProcess

log = logging.getLogger(__name__)

#: Calls that change nothing a user sees twice: not numbered, never answered from the log.
NOT_RECORDED = frozenset({"sendChatAction"})


def recorded_method(endpoint: str) -> bool:
    """True for the Bot API methods whose repetition a user would notice."""
    return not endpoint.startswith("get") and endpoint not in NOT_RECORDED


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
    """`HTTPXRequest` that has the calls of an update made by the sender process
    (`bot.edge.sender`), which records each one delivered before it answers; calls an earlier
    run already delivered are answered from the log.

    The bot's process is busy under load (handlers, rendering, database sessions, embedding
    threads), and a thread of its own still waits for the interpreter lock to read an answer
    (a tail of tens of ms). The sender process does nothing else.

    Calls with files (a staff report's chart) are made here and recorded on the event loop as
    soon as their answer is read, as are all calls if the sender process cannot run.

    A call's number advances only when it succeeds, so a 429 or a network error retried by the
    rate limiter keeps its number, and calls of one update are numbered one at a time."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._max_connections = int(kwargs.get("connection_pool_size", 1))
        self._sender: SenderProcess | None = None
        self._starting = asyncio.Lock()

    async def shutdown(self) -> None:
        sender, self._sender = self._sender, None
        if sender is not None:
            await sender.close()
        await super().shutdown()

    async def _sender_for(self, path: Path) -> SenderProcess | None:
        """The sender process writing to the log at `path`, started at the first call."""
        async with self._starting:
            if self._sender is None:
                sender = SenderProcess(path, self._max_connections)
                try:
                    await sender.start()
                except OSError:
                    log.exception("could not start the sender process: sending from the bot's")
                self._sender = sender
        if self._sender.running and self._sender.log_path == path:
            return self._sender
        return None

    async def do_request(  # type: ignore[override]
        self, url: str, method: str, request_data: Any = None, **kwargs: Any
    ) -> tuple[int, bytes]:
        sends = _current.get()
        endpoint = url.rsplit("/", 1)[-1]
        if sends is None or sends.closed or method != "POST" or not recorded_method(endpoint):
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
            record = (sends.boot, sends.update_id, seq, endpoint)
            sender = None
            if request_data is None or not request_data.contains_files:
                sender = await self._sender_for(sends.log.path)
            if sender is not None:
                code, payload = await self._from_sender(sender, url, request_data, record, kwargs)
            else:
                code, payload = await super().do_request(url, method, request_data, **kwargs)
                if 200 <= code < 300:
                    _record(sends.log, record, payload)
            if 200 <= code < 300:
                sends.next_seq += 1
            return code, payload

    async def _from_sender(
        self,
        sender: SenderProcess,
        url: str,
        request_data: Any,
        record: tuple[str, int, int, str],
        kwargs: dict[str, Any],
    ) -> tuple[int, bytes]:
        """The call made by the sender process, its errors raised as `HTTPXRequest` raises them."""
        default = self._client.timeout
        timeout = {
            name: default_value if isinstance(value, DefaultValue) else value
            for name, value, default_value in (
                ("connect", kwargs.get("connect_timeout", DEFAULT_NONE), default.connect),
                ("read", kwargs.get("read_timeout", DEFAULT_NONE), default.read),
                ("write", kwargs.get("write_timeout", DEFAULT_NONE), default.write),
                ("pool", kwargs.get("pool_timeout", DEFAULT_NONE), default.pool),
            )
        }
        params = request_data.json_parameters if request_data is not None else None
        try:
            return await sender.call(url, params, {"User-Agent": self.USER_AGENT}, timeout, record)
        except httpx.TimeoutException as err:
            raise TimedOut from err
        except httpx.HTTPError as err:
            raise NetworkError(f"httpx.{err.__class__.__name__}: {err}") from err


def _record(delivery_log: DeliveryLog, record: tuple[str, int, int, str], payload: bytes) -> None:
    boot, update_id, seq, endpoint = record
    try:
        delivery_log.record(boot, update_id, seq, endpoint, json.loads(payload).get("result"))
    except Exception:  # the message went out; only the record is missing
        log.exception("could not record %s of update %s", endpoint, update_id)
