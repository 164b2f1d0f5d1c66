"""Operations endpoints on a local port: `/healthz` for probes, `/metrics` for Prometheus.

The server runs in the bot's event loop (`asyncio.start_server`, one request per connection)
and is started in `post_init`, stopped in `post_shutdown`. `Metrics` holds the counters the
rest of the bot feeds; gauges (tickets, documents, chunks) are read at scrape time. The
Prometheus text format is written here, without `prometheus_client`.
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy import text as sql_text
from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.models import Ticket
from bot.tickets import ACTIVE, FINISHED, PENDING

if TYPE_CHECKING:  # bot.context may hold a Metrics: import it for types only
    from bot.context import Services

log = logging.getLogger(__name__)

OUTCOMES = ("answered", "abstained", "clarified")
TICKET_STATUSES = (*PENDING, *ACTIVE, *FINISHED)
#: Upper bounds in seconds, from a cached refusal (5 ms) to a slow LLM answer (10 s).
ANSWER_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
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


class Metrics:
    """In-process counters and the answer-time histogram; cheap to call from any handler."""

    def __init__(self, buckets: tuple[float, ...] = ANSWER_BUCKETS) -> None:
        self.buckets = tuple(sorted(buckets))
        self.answers: dict[str, int] = dict.fromkeys(OUTCOMES, 0)
        self.errors: dict[str, int] = {}
        self.updates = 0
        self._bucket_counts = [0] * (len(self.buckets) + 1)  # the last one is +Inf
        self._seconds_sum = 0.0
        self._seconds_count = 0

    def observe_answer(self, outcome: str, seconds: float) -> None:
        """One answered question: `outcome` is answered, abstained or clarified."""
        if outcome not in self.answers:
            raise ValueError(f"unknown answer outcome {outcome!r}: use one of {OUTCOMES}")
        self.answers[outcome] += 1
        self._bucket_counts[bisect.bisect_left(self.buckets, seconds)] += 1
        self._seconds_sum += seconds
        self._seconds_count += 1

    def count_error(self, kind: str) -> None:
        """One error reaching the error handler (see `error_kind` for the labels)."""
        self.errors[kind] = self.errors.get(kind, 0) + 1

    def count_update(self) -> None:
        """One update handled."""
        self.updates += 1

    def render(self, gauges: Gauges | None = None) -> str:
        """The Prometheus text exposition format (version 0.0.4)."""
        out: list[str] = []
        _family(out, "sportello_answers_total", "counter", "Questions answered, by outcome.")
        for outcome, n in self.answers.items():
            out.append(f'sportello_answers_total{{outcome="{outcome}"}} {n}')
        _family(out, "sportello_errors_total", "counter", "Errors in update handling, by kind.")
        for kind, n in sorted(self.errors.items()):
            out.append(f'sportello_errors_total{{kind="{_escape(kind)}"}} {n}')
        _family(out, "sportello_updates_total", "counter", "Telegram updates handled.")
        out.append(f"sportello_updates_total {self.updates}")
        _family(out, "sportello_answer_seconds", "histogram", "Time to answer a question.")
        cumulative = 0
        for bound, n in zip((*self.buckets, float("inf")), self._bucket_counts, strict=True):
            cumulative += n
            out.append(f'sportello_answer_seconds_bucket{{le="{_number(bound)}"}} {cumulative}')
        out.append(f"sportello_answer_seconds_sum {_number(self._seconds_sum)}")
        out.append(f"sportello_answer_seconds_count {self._seconds_count}")
        if gauges is not None:
            gauges.render(out)
        return "\n".join(out) + "\n"


@dataclass(slots=True)
class Gauges:
    """Values read at scrape time; None where the source did not answer."""

    tickets: dict[str, int] | None = None
    documents: int | None = None
    chunks: int | None = None

    def render(self, out: list[str]) -> None:
        if self.tickets is not None:
            _family(out, "sportello_tickets", "gauge", "Tickets in the database, by status.")
            for status, n in sorted(self.tickets.items()):
                out.append(f'sportello_tickets{{status="{_escape(status)}"}} {n}')
        if self.documents is not None:
            _family(out, "sportello_documents", "gauge", "Documents in the knowledge base.")
            out.append(f"sportello_documents {self.documents}")
        if self.chunks is not None:
            _family(out, "sportello_chunks", "gauge", "Chunks in the knowledge base.")
            out.append(f"sportello_chunks {self.chunks}")
        _family(out, "sportello_scrape_source_up", "gauge", "1 if the source was read.")
        up = {"database": self.tickets is not None, "store": self.chunks is not None}
        for source, ok in up.items():
            out.append(f'sportello_scrape_source_up{{source="{source}"}} {int(ok)}')


def _family(out: list[str], name: str, kind: str, help_text: str) -> None:
    out.append(f"# HELP {name} {help_text}")
    out.append(f"# TYPE {name} {kind}")


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _number(value: float) -> str:
    if value == float("inf"):
        return "+Inf"
    return repr(float(value))


@dataclass(frozen=True, slots=True)
class OpsConfig:
    """Where to listen and how patient the checks are (METRICS_HOST, METRICS_PORT)."""

    host: str = "127.0.0.1"
    port: int = 0  # 0: the server is off
    check_timeout_s: float = 2.0
    telegram_refresh_s: float = 30.0
    telegram_max_age_s: float = 60.0


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

    def __init__(self, services: Services, bot: Bot, metrics: Metrics, config: OpsConfig) -> None:
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
