"""Operations endpoints on a local port: `/healthz` for probes, `/metrics` for Prometheus.

The server runs in the bot's event loop (`asyncio.start_server`, one request per connection)
and is started in `post_init`, stopped in `post_shutdown`. It serves the counters of
`bot.metrics.Metrics` and gauges (tickets, documents, chunks) read at scrape time.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import func, select
from sqlalchemy import text as sql_text
from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.metrics import Gauges, Metrics
from bot.storage.models import Ticket
from bot.tickets import TicketStatus

if TYPE_CHECKING:
    from bot.storage.db import Database
    from knowledge.base import KnowledgeBase

log = logging.getLogger(__name__)

TICKET_STATUSES: tuple[str, ...] = tuple(s.value for s in TicketStatus)
MAX_REQUEST_BYTES = 8192
REASONS = {
    200: "OK",
    400: "Bad Request",
    404: "Not Found",
    405: "Method Not Allowed",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


def error_kind(error: BaseException | None) -> str:
    """A small, fixed set of labels for `sportello_errors_total` (bounded cardinality)."""
    if isinstance(error, Forbidden):
        return "forbidden"
    if isinstance(error, RetryAfter):
        return "flood"
    if isinstance(error, TimedOut):
        return "timeout"
    if isinstance(error, BadRequest):
        return "bad_request"
    if isinstance(error, NetworkError):
        return "network"
    return "internal"


@dataclass(frozen=True, slots=True)
class OpsConfig:
    """Where to listen and how patient the checks are (METRICS_HOST, METRICS_PORT)."""

    host: str = "127.0.0.1"
    port: int = 0  # 0: the server is off
    check_timeout_s: float = 2.0
    telegram_refresh_s: float = 30.0
    telegram_max_age_s: float = 60.0


class ServiceSources(Protocol):
    """What the checks read: the knowledge base and the database, once they are open."""

    @property
    def knowledge(self) -> KnowledgeBase | None: ...

    @property
    def database(self) -> Database | None: ...


class TelegramProbe:
    """`get_me()` at most every `refresh_s`; healthy if one succeeded within `max_age_s`."""

    def __init__(self, bot: Bot, refresh_s: float, max_age_s: float, timeout_s: float) -> None:
        self.bot = bot
        self.refresh_s = refresh_s
        self.max_age_s = max_age_s
        self.timeout_s = timeout_s
        self.checked_at: float | None = None
        self.ok_at: float | None = None
        self.last_error = ""
        self._lock = asyncio.Lock()

    async def check(self) -> dict[str, Any]:
        async with self._lock:
            now = time.monotonic()
            if self.checked_at is None or now - self.checked_at >= self.refresh_s:
                self.checked_at = now
                try:
                    await asyncio.wait_for(self.bot.get_me(), self.timeout_s)
                except Exception as exc:  # any failure is the check's answer, not a crash
                    self.last_error = _describe(exc)
                else:
                    self.ok_at = time.monotonic()
                    self.last_error = ""
        age = None if self.ok_at is None else time.monotonic() - self.ok_at
        result: dict[str, Any] = {
            "ok": age is not None and age <= self.max_age_s,
            "last_ok_age_s": None if age is None else round(age, 1),
        }
        if self.last_error:
            result["error"] = self.last_error
        return result


def _describe(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError):
        return "timed out"
    return f"{type(exc).__name__}: {exc}"


class OpsServer:
    """`/healthz` and `/metrics` over HTTP on `config.host:config.port`."""

    def __init__(
        self, services: ServiceSources, bot: Bot, metrics: Metrics, config: OpsConfig
    ) -> None:
        self.services = services
        self.metrics = metrics
        self.config = config
        self.telegram = TelegramProbe(
            bot, config.telegram_refresh_s, config.telegram_max_age_s, config.check_timeout_s
        )
        self._server: asyncio.Server | None = None

    @property
    def port(self) -> int:
        """The bound port (useful when `config.port` asked the system for a free one)."""
        if self._server is None:
            raise RuntimeError("the ops server is not started: await start() first")
        return int(self._server.sockets[0].getsockname()[1])

    async def start(self) -> OpsServer:
        self._server = await asyncio.start_server(self._serve, self.config.host, self.config.port)
        log.info("ops server on http://%s:%d", self.config.host, self.port)
        return self

    async def stop(self) -> None:
        if self._server is None:
            return
        server, self._server = self._server, None
        server.close()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(server.wait_closed(), 5)

    # -- checks -------------------------------------------------------------------------------

    async def health(self) -> tuple[bool, dict[str, Any]]:
        """Every check at once; True when all pass."""
        names = ("store", "database", "telegram")
        results = await asyncio.gather(
            self._timed(self._check_store),
            self._timed(self._check_database),
            self._timed(self.telegram.check),
        )
        checks = dict(zip(names, results, strict=True))
        healthy = all(c["ok"] for c in checks.values())
        return healthy, {"status": "ok" if healthy else "degraded", "checks": checks}

    async def _timed(self, check: Callable[[], Awaitable[dict[str, Any]]]) -> dict[str, Any]:
        start = time.perf_counter()
        try:
            # The probe has its own timeout; this one guards against its lock being held.
            result = await asyncio.wait_for(check(), self.config.check_timeout_s * 2)
        except Exception as exc:  # a failing dependency is reported, never raised
            result = {"ok": False, "error": _describe(exc)}
        result["ms"] = round((time.perf_counter() - start) * 1000, 1)
        return result

    async def _check_store(self) -> dict[str, Any]:
        knowledge = self.services.knowledge
        if knowledge is None:
            return {"ok": False, "error": "knowledge base not open"}
        chunks = await asyncio.wait_for(
            asyncio.to_thread(knowledge.store.count), self.config.check_timeout_s
        )
        return {"ok": True, "chunks": chunks}

    async def _check_database(self) -> dict[str, Any]:
        database = self.services.database
        if database is None:
            return {"ok": False, "error": "database not open"}

        async def select_one() -> None:
            async with database.engine.connect() as connection:
                await connection.execute(sql_text("SELECT 1"))

        await asyncio.wait_for(select_one(), self.config.check_timeout_s)
        return {"ok": True}

    async def gauges(self) -> Gauges:
        """Tickets by status from the database; documents and chunks from the store."""
        gauges = Gauges()
        database, knowledge = self.services.database, self.services.knowledge
        timeout = self.config.check_timeout_s
        if database is not None:
            try:
                gauges.tickets = await asyncio.wait_for(_ticket_counts(database), timeout)
            except Exception as exc:  # the scrape still serves the counters
                log.warning("metrics: tickets not read: %s", _describe(exc))
        if knowledge is not None:
            store = knowledge.store

            def read_store() -> tuple[int, int]:
                return len(store.documents()), store.count()

            try:
                gauges.documents, gauges.chunks = await asyncio.wait_for(
                    asyncio.to_thread(read_store), timeout
                )
            except Exception as exc:  # the scrape still serves the counters
                log.warning("metrics: knowledge base not read: %s", _describe(exc))
        return gauges

    # -- HTTP ---------------------------------------------------------------------------------

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
            status, content_type, body = await self._route(head)
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
            status, content_type, body = 400, "text/plain", b"bad request\n"
        except Exception:
            log.exception("ops server: request failed")
            status, content_type, body = 500, "text/plain", b"internal error\n"
        headers = (
            f"HTTP/1.1 {status} {REASONS[status]}\r\n"
            f"Content-Type: {content_type}\r\n"
            f"Content-Length: {len(body)}\r\n"
            "Cache-Control: no-store\r\n"
            "Connection: close\r\n\r\n"
        )
        try:
            writer.write(headers.encode("ascii") + body)
            await writer.drain()
        except ConnectionError:
            pass
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()

    async def _route(self, head: bytes) -> tuple[int, str, bytes]:
        if len(head) > MAX_REQUEST_BYTES:
            return 400, "text/plain", b"request too large\n"
        method, _, rest = head.split(b"\r\n", 1)[0].decode("latin-1").partition(" ")
        path = rest.split(" ", 1)[0].split("?", 1)[0]
        if path not in ("/healthz", "/metrics"):
            return 404, "text/plain", b"not found: try /healthz or /metrics\n"
        if method != "GET":
            return 405, "text/plain", b"only GET\n"
        if path == "/healthz":
            healthy, report = await self.health()
            body = json.dumps(report).encode()
            return (200 if healthy else 503), "application/json", body
        text = self.metrics.render(await self.gauges())
        return 200, "text/plain; version=0.0.4; charset=utf-8", text.encode()


async def _ticket_counts(database: Any) -> dict[str, int]:
    counts = dict.fromkeys(TICKET_STATUSES, 0)
    async with database.session() as session:
        rows = await session.execute(select(Ticket.status, func.count()).group_by(Ticket.status))
        for status, n in rows.all():
            counts[str(status)] = int(n)
    return counts
