"""The sender process: makes the Bot API calls of an update and records each one delivered.

A recorded call (`bot.edge.deliveries`) is unrecorded from the moment its request leaves until
its record is committed; a crash inside that window sends it twice after the restart. Made from
a thread of the bot's process, the record waited for the interpreter lock behind the handlers,
the rendering and the embedding threads, and died with the bot. So the calls go to a small child
process that does nothing else: it reads one JSON line per call on its standard input, makes the
request with httpx, commits the record as soon as the body is read, and only then writes the
answer back on its standard output. It runs at a higher priority where the system allows it.

The child outlives a crash of the bot by the time its calls in flight take: when its standard
input ends without a `close` line (the bot's process is gone, SIGKILL included), it starts
nothing it has not read, finishes the calls it holds, records each one delivered, and exits.
While it runs it holds a shared lock on the file `<log>.senders` (taken by the bot before the
child starts, and handed to it); a bot starting on the same data folder waits for that lock
before it replays anything (`DeliveryLog.wait_for_senders`), so the log it reads holds every
call the dead bot's sender made. Only the machine, or the child itself, dying between the
server storing a message and the commit can still send it twice (BENCHMARKS.md, section 8).

    python -m bot.edge.sender DELIVERIES_DB LOCK_FD MAX_CONNECTIONS
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import itertools
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

import httpx

from bot.edge.delivery_log import DeliveryLog, senders_lock_path

log = logging.getLogger(__name__)

#: Longest line either side writes (a call's parameters, or an answer): far above 4,096
#: characters of text escaped as JSON with its keyboard and entities.
LINE_LIMIT = 16 * 1024 * 1024
#: The child's scheduling priority where the system allows it (root or CAP_SYS_NICE): ahead of
#: the bot's own work on a busy machine, since every millisecond between the Bot API server's
#: answer and the record is a millisecond in which a crash of the machine sends twice. It uses
#: the CPU for a fraction of a millisecond per call.
NICENESS = -5
#: The longest a child left by a dead bot keeps finishing its calls (each also has its own
#: timeouts, 20 s for a read at most); a bot starting on the same log waits a little longer.
ORPHAN_DRAIN_S = 45.0


class SenderGone(RuntimeError):
    """The sender process is not running (never started, or ended)."""


class SenderProcess:
    """The bot's side: starts the child, hands it calls, and matches its answers to them."""

    def __init__(self, log_path: Path, max_connections: int) -> None:
        self.log_path = log_path
        self.max_connections = max_connections
        self._proc: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None
        self._pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._ids = itertools.count()

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    @property
    def running(self) -> bool:
        return self._proc is not None and self._reader is not None and not self._reader.done()

    async def start(self) -> None:
        # The lock is taken here and handed to the child, so it is held from before the child's
        # first call until the child ends, whenever the bot dies.
        with senders_lock_path(self.log_path).open("a") as held:
            fcntl.flock(held, fcntl.LOCK_SH)
            self._proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot.edge.sender",
                str(self.log_path),
                str(held.fileno()),
                str(self.max_connections),
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                limit=LINE_LIMIT,
                pass_fds=(held.fileno(),),
            )
        self._reader = asyncio.create_task(self._read_answers(), name="sender-answers")

    async def call(
        self,
        url: str,
        params: dict[str, Any] | None,
        headers: dict[str, str],
        timeouts: dict[str, float | None],
        record: tuple[str, int, int, str] | None,
    ) -> tuple[int, bytes]:
        """Make one POST in the child; `record` (boot, update id, number, method) is committed
        there before the answer comes back. Raises httpx's exceptions as httpx would."""
        if not self.running:
            raise SenderGone("the sender process is not running")
        assert self._proc is not None
        assert self._proc.stdin is not None
        call_id = next(self._ids)
        answer = asyncio.get_running_loop().create_future()
        self._pending[call_id] = answer
        line = {
            "id": call_id,
            "url": url,
            "params": params,
            "headers": headers,
            "timeouts": timeouts,
            "record": record,
        }
        self._proc.stdin.write(json.dumps(line).encode() + b"\n")
        try:
            result = await answer
        finally:
            self._pending.pop(call_id, None)
        if "error" in result:
            raise _httpx_error(result["error"], result["message"])
        return result["status"], result["content"].encode("utf-8", "surrogateescape")

    async def _read_answers(self) -> None:
        assert self._proc is not None
        assert self._proc.stdout is not None
        try:
            while line := await self._proc.stdout.readline():
                result = json.loads(line)
                answer = self._pending.get(result["id"])
                if answer is not None and not answer.done():
                    answer.set_result(result)
        finally:
            for answer in self._pending.values():  # sent or not: the child cannot say
                if not answer.done():
                    answer.set_result(
                        {"error": "ReadError", "message": "the sender process ended"}
                    )

    async def close(self) -> None:
        """Let the calls in flight finish, then end the child."""
        proc, reader = self._proc, self._reader
        if proc is None or reader is None:
            return
        self._proc = None
        if proc.returncode is None and proc.stdin is not None:
            with contextlib.suppress(ConnectionError):
                proc.stdin.write(b'{"op": "close"}\n')
                await proc.stdin.drain()
                proc.stdin.close()
            try:
                await asyncio.wait_for(proc.wait(), 15)
            except TimeoutError:
                log.warning("the sender process did not end within 15 s: killed")
                proc.kill()
                await proc.wait()
        await reader


def _httpx_error(name: str, message: str) -> httpx.HTTPError:
    """The httpx exception the child caught, rebuilt by its class name."""
    kind = getattr(httpx, name, None)
    if not (isinstance(kind, type) and issubclass(kind, httpx.HTTPError)):
        kind = httpx.TransportError  # anything else: not known to be refused or unsent
    if issubclass(kind, httpx.HTTPStatusError):
        kind = httpx.TransportError
    return kind(message)


# --- the child ------------------------------------------------------------------------------


async def _deliver(
    client: httpx.AsyncClient,
    deliveries: DeliveryLog,
    writer: asyncio.StreamWriter,
    call: dict[str, Any],
) -> None:
    answer: dict[str, Any] = {"id": call["id"]}
    request = client.build_request(
        "POST",
        call["url"],
        data=call["params"],
        headers=call["headers"],
        timeout=httpx.Timeout(**call["timeouts"]),
    )
    try:
        response = await client.send(request, stream=True)
        try:
            content = await response.aread()
            record = call["record"]
            if record is not None and 200 <= response.status_code < 300:
                # before the response is closed: that hands the connection back to the pool
                # through a lock and a few turns of the loop (p90 10 ms under load)
                _record(deliveries, record, content)
        finally:
            with contextlib.suppress(httpx.HTTPError):  # what was read stands
                await response.aclose()
    except Exception as exc:  # any failure goes back to the bot, which raises it as PTB would
        answer.update(error=type(exc).__name__, message=str(exc))
    else:
        text = content.decode("utf-8", "surrogateescape")
        answer.update(status=response.status_code, content=text)
    if not writer.is_closing():  # the bot is gone: nobody reads the answer, the record stands
        with contextlib.suppress(ConnectionError):
            writer.write(json.dumps(answer).encode() + b"\n")


def _record(deliveries: DeliveryLog, record: list[Any], content: bytes) -> None:
    boot, update_id, seq, endpoint = record
    try:
        result = json.loads(content).get("result")
        deliveries.record(boot, update_id, seq, endpoint, result)
    except Exception:  # the message went out; only the record is missing
        log.exception("could not record %s of update %s", endpoint, update_id)


async def serve(log_path: Path, max_connections: int) -> None:
    """Read calls on stdin until a `close` line or the end of stdin (the bot died), then finish
    the calls in flight (for an orphan, for at most `ORPHAN_DRAIN_S`)."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=LINE_LIMIT)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    transport, protocol = await loop.connect_write_pipe(
        asyncio.streams.FlowControlMixin, sys.stdout
    )
    writer = asyncio.StreamWriter(transport, protocol, None, loop)
    deliveries = DeliveryLog(log_path)
    limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=None)
    tasks: set[asyncio.Task[None]] = set()
    orphaned = False
    async with httpx.AsyncClient(limits=limits) as client:
        while line := await reader.readline():
            call = json.loads(line)
            if call.get("op") == "close":
                break
            task = asyncio.create_task(_deliver(client, deliveries, writer, call))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        else:
            orphaned = True
        if tasks:
            if orphaned:
                log.warning("the bot is gone: finishing and recording %d call(s)", len(tasks))
                transport.close()
            await asyncio.wait(tasks, timeout=ORPHAN_DRAIN_S if orphaned else None)
    if not orphaned:
        await writer.drain()
        writer.close()
    deliveries.close()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    # args[1]: the descriptor of the lock the bot took, left open until this process ends
    log_path, max_connections = Path(args[0]), int(args[2])
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    with contextlib.suppress(OSError):  # not allowed: the bot's priority, as before
        os.setpriority(os.PRIO_PROCESS, 0, NICENESS)
    asyncio.run(serve(log_path, max_connections))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
