"""The HTTP front: a Bot API server on 127.0.0.1 for python-telegram-bot to talk to.

It is served by tornado, which python-telegram-bot's ``webhooks`` extra already brings. Start
it in the test's own event loop (``await server.start()`` or ``async with BotApiServer()``);
synchronous tests, or an ``Application.run_polling()`` that owns its loop, can use
:meth:`BotApiServer.start_in_thread` instead, which serves from a thread with its own loop. The
helpers are thread-safe either way, and :meth:`BotApiServer.wait_for` works from any loop.

With ``flood_limits=FloodLimits(...)`` (or :meth:`BotApiServer.enforce_flood_limits`) the
server refuses messages beyond Telegram's flood limits with 429 and ``retry_after``, as the
real Bot API does; :meth:`BotApiServer.flood_violations` lists the calls a bot made before such
a wait ran out. The mode is off by default.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any, TypeVar

import tornado.httpserver
import tornado.httputil
import tornado.netutil
import tornado.web

from .api import BotApi
from .flood import FloodGate
from .objects import (
    ApiCall,
    ApiError,
    Chat,
    FloodLimits,
    FloodViolation,
    FloodWait,
    Params,
    SentMessage,
    Upload,
    User,
    bad_request,
)
from .world import TelegramWorld

__all__ = ["DEFAULT_TOKEN", "FLOOD_TOLERANCE", "BotApiServer"]

logger = logging.getLogger(__name__)

T = TypeVar("T")
JSONDict = dict[str, Any]

DEFAULT_TOKEN = "123456789:TEST-sportello-export-token"
_SENDS = ("sendMessage", "sendDocument", "sendPhoto", "copyMessage", "forwardMessage")
_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request",
    500: "Internal Server Error",
    502: "Bad Gateway",
}
_CLIENT_GONE = 499  # nginx's "client closed request": the bot hung up on a long poll
# How early a call may come after a 429's wait and still count as waiting: the bot's clock,
# asyncio's timers and the server's time.monotonic() readings differ by a few milliseconds.
FLOOD_TOLERANCE = 0.05


class BotApiServer(TelegramWorld):
    """A Bot API server for one bot; a :class:`TelegramWorld` with an HTTP front.

    Point python-telegram-bot at :attr:`base_url` and :attr:`base_file_url` with
    :attr:`token`. Everything the bot asks is in :attr:`calls`; every message it sends or
    edits is in :attr:`sent`.
    """

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_username: str = "sportello_test_bot",
        bot_name: str = "Sportello Export",
        flood_limits: FloodLimits | None = None,
    ) -> None:
        """``flood_limits``: enforce Telegram's flood limits (see :class:`FloodLimits` and
        :meth:`enforce_flood_limits`); None, the default, accepts messages at any pace."""
        bot_id, _, secret = token.partition(":")
        if not bot_id.isdigit() or not secret:
            raise ValueError("a bot token looks like '<bot id>:<secret>'")
        super().__init__(
            User(int(bot_id), bot_name, username=bot_username, language_code=None, is_bot=True)
        )
        self.token = token
        self.api = BotApi(self)
        self.calls: list[ApiCall] = []
        self.server_errors: list[BaseException] = []
        self._failures: dict[str, deque[ApiError]] = {}
        self._latency: dict[str, float] = {}
        self._flood_gate: FloodGate | None = None
        self._flood_limits = FloodLimits()
        self._http: tornado.httpserver.HTTPServer | None = None
        self._port: int | None = None
        self._closing = False
        self._in_flight = 0
        self._poll_generation = 0
        self._thread: threading.Thread | None = None
        self._thread_loop: asyncio.AbstractEventLoop | None = None
        self.enforce_flood_limits(flood_limits)

    # --- lifecycle -------------------------------------------------------------------------

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("the server is not started: await server.start() first")
        return self._port

    @property
    def base_url(self) -> str:
        """For ``Application.builder().base_url(...)``; the token is appended by PTB."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """For ``Application.builder().base_file_url(...)``."""
        return f"http://127.0.0.1:{self.port}/file/bot"

    async def start(self) -> BotApiServer:
        """Listen on 127.0.0.1 on a free port, in the running event loop."""
        if self._http is not None:
            raise RuntimeError("the server is already started")
        self._attach_loop(asyncio.get_running_loop())
        self._closing = False
        args = {"server": self}
        app = tornado.web.Application(
            [
                (r"/bot([^/]*)/([A-Za-z0-9_]+)/?", _MethodHandler, args),
                (r"/file/bot([^/]*)/(.+)", _FileHandler, args),
            ],
            default_handler_class=_NotFoundHandler,
            default_handler_args=args,
            log_function=_log_request,
        )
        sockets = tornado.netutil.bind_sockets(0, "127.0.0.1")
        self._http = tornado.httpserver.HTTPServer(app)
        self._http.add_sockets(sockets)
        self._port = sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        """Answer pending long polls, then close the listener and every connection."""
        if self._http is None:
            return
        self._closing = True
        self._notify()
        deadline = time.monotonic() + 5
        while self._in_flight and (remaining := deadline - time.monotonic()) > 0:
            await self._wait_for_change(remaining)
        http, self._http = self._http, None
        http.stop()
        await http.close_all_connections()

    async def __aenter__(self) -> BotApiServer:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    def start_in_thread(self, timeout: float = 10.0) -> BotApiServer:
        """Serve from a daemon thread with its own event loop; stop with :meth:`stop_in_thread`."""
        ready, failure = threading.Event(), []

        def serve() -> None:
            loop = asyncio.new_event_loop()
            try:
                loop.run_until_complete(self.start())
            except BaseException as exc:  # handed to the starting thread, which raises it
                failure.append(exc)
                loop.close()
                ready.set()
                return
            self._thread_loop = loop
            ready.set()
            try:
                loop.run_forever()
            finally:
                loop.run_until_complete(self.stop())
                loop.run_until_complete(loop.shutdown_asyncgens())
                loop.close()

        self._thread = threading.Thread(target=serve, name="bot-api-server", daemon=True)
        self._thread.start()
        if not ready.wait(timeout):
            raise RuntimeError(f"the Bot API server did not start within {timeout} s")
        if failure:
            raise failure[0]
        return self

    def stop_in_thread(self, timeout: float = 10.0) -> None:
        """Stop a server started with :meth:`start_in_thread` and join its thread."""
        thread, loop = self._thread, self._thread_loop
        if thread is None or loop is None:
            return
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout)
        self._thread = self._thread_loop = None

    # --- fault injection -------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        error_code: int,
        description: str | None = None,
        *,
        retry_after: int | None = None,
        count: int = 1,
    ) -> None:
        """Answer the next ``count`` calls of ``method`` with this error instead of running it.

        A 429 needs ``retry_after``; its description defaults to Telegram's
        "Too Many Requests: retry after N" and the answer carries ``parameters.retry_after``.
        """
        name = self._method_name(method)
        if error_code == 429:
            if retry_after is None:
                raise ValueError("a 429 answer needs retry_after")
            description = description or f"Too Many Requests: retry after {retry_after}"
        description = description or _DEFAULT_DESCRIPTIONS.get(error_code, f"Error {error_code}")
        parameters = {"retry_after": retry_after} if retry_after is not None else None
        with self._lock:
            queue = self._failures.setdefault(name, deque())
            queue.extend(ApiError(error_code, description, parameters) for _ in range(count))

    def block_user(self, chat_id: int) -> None:
        """The user blocks the bot: sends to ``chat_id`` answer 403 until :meth:`unblock_user`."""
        with self._lock:
            self.blocked.add(chat_id)

    def unblock_user(self, chat_id: int) -> None:
        with self._lock:
            self.blocked.discard(chat_id)

    def set_latency(self, method: str, seconds: float) -> None:
        """Delay answers to ``method`` (``"*"``: every method) by ``seconds``."""
        name = "*" if method == "*" else self._method_name(method)
        with self._lock:
            self._latency[name] = seconds

    def enforce_flood_limits(self, limits: FloodLimits | None) -> None:
        """Refuse messages beyond ``limits`` from now on, with a fresh count (None: stop).

        A call of one of ``limits.methods`` to a known chat that would break a limit is
        answered ``429 Too Many Requests: retry after N`` with ``parameters.retry_after = N``
        and is not run, so it makes no message; its :class:`ApiCall` has ``status == 429``,
        ``retry_after == N`` and ``flood_scope`` naming the limit. Accepted calls count
        against the limits; calls refused for any reason, and other methods, do not.
        """
        with self._lock:
            self._flood_gate = FloodGate(limits) if limits is not None else None
            self._flood_limits = limits or FloodLimits()

    @property
    def flood_limits(self) -> FloodLimits | None:
        """The flood limits the server enforces, or None."""
        with self._lock:
            return self._flood_gate.limits if self._flood_gate else None

    def _method_name(self, method: str) -> str:
        found = self.api.resolve(method)
        if found is None:
            raise ValueError(f"{method!r} is not a method this server implements")
        return found[0]

    # --- records ---------------------------------------------------------------------------

    def calls_to(self, method: str) -> list[ApiCall]:
        """Calls of ``method`` (any spelling case), in arrival order."""
        name = self._method_name(method)
        with self._lock:
            return [call for call in self.calls if call.method == name]

    def send_times(self, chat_id: int | None = None) -> list[float]:
        """``time.monotonic()`` of each new message the bot sent (to ``chat_id``, or any)."""
        with self._lock:
            return [
                s.time
                for s in self.sent
                if s.method in _SENDS and (chat_id is None or s.chat_id == chat_id)
            ]

    def max_sends_within(self, window: float, chat_id: int | None = None) -> int:
        """The most messages sent within any ``window`` seconds (to ``chat_id``, or overall)."""
        times, best, first = self.send_times(chat_id), 0, 0
        for last, moment in enumerate(times):
            while moment - times[first] >= window:
                first += 1
            best = max(best, last - first + 1)
        return best

    def flood_waits(self, method: str | None = None) -> list[FloodWait]:
        """Each 429 answered, with when the same method was next called for the same chat."""
        with self._lock:
            calls = list(self.calls)
        waits = []
        for index, call in enumerate(calls):
            if call.status != 429 or (method and call.method != self._method_name(method)):
                continue
            chat = call.params.get("chat_id")
            retry = next(
                (
                    c
                    for c in calls[index + 1 :]
                    if c.method == call.method and c.params.get("chat_id") == chat
                ),
                None,
            )
            waits.append(
                FloodWait(
                    call.method,
                    chat,
                    call.retry_after or 0,
                    call.time,
                    retry.time if retry else None,
                )
            )
        return waits

    def flood_violations(self, tolerance: float = FLOOD_TOLERANCE) -> list[FloodViolation]:
        """Message-making calls the bot sent while a 429 told it to wait: empty if it waited.

        Each 429 answered to a call of a message-making method (enforced by
        :class:`FloodLimits`, or injected with :meth:`fail_next`) asks the bot to send nothing
        more to that chat until ``retry_after`` seconds after the answer was given; a 429 of
        the global limit (``flood_scope == "global"``) asks that for every chat. A later call
        of a message-making method (``FloodLimits.methods``; the defaults when the mode is off)
        that arrives more than ``tolerance`` seconds before that moment is a violation, however
        it was answered. Each call is listed once, against the wait that ends last.
        """
        with self._lock:
            calls = list(self.calls)
            counts = self._flood_limits.counts
            chats = [self._chat_key(call.params.get("chat_id")) for call in calls]
        refusals = [
            (
                index,
                FloodViolation(
                    method="",
                    chat_id=None,
                    time=0.0,
                    refused_method=call.method,
                    refused_chat_id=chats[index],
                    refused_at=call.finished,
                    retry_after=call.retry_after,
                    scope=call.flood_scope or "chat",
                ),
            )
            for index, call in enumerate(calls)
            if call.status == 429
            and call.retry_after
            and call.finished is not None
            and counts(call.method)
        ]
        violations = []
        for index, (call, chat) in enumerate(zip(calls, chats, strict=True)):
            if not counts(call.method):
                continue
            waiting = [
                refusal
                for refused_index, refusal in refusals
                if refused_index != index
                and refusal.refused_at <= call.time < refusal.waits_until - tolerance
                and (
                    refusal.scope == "global"
                    or (chat is not None and chat == refusal.refused_chat_id)
                )
            ]
            if waiting:
                refusal = max(waiting, key=lambda r: r.waits_until)
                violations.append(
                    dataclasses.replace(refusal, method=call.method, chat_id=chat, time=call.time)
                )
        return violations

    async def wait_for(
        self,
        predicate: Callable[[], T],
        timeout: float = 5.0,  # noqa: ASYNC109 - a deadline for a polled condition, not one await
    ) -> T:
        """Return the first truthy value of ``predicate()``, checked every 10 ms; fail the test
        with what the bot sent if none comes within ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                value = predicate()
            if value:
                return value
            if time.monotonic() >= deadline:
                sent = [(s.method, s.chat_id, s.visible_text) for s in self.sent[-5:]]
                raise AssertionError(
                    f"condition not met within {timeout} s; last messages: {sent}"
                )
            await asyncio.sleep(0.01)

    async def wait_for_messages(
        self,
        chat_id: int,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109 - the deadline handed to wait_for
    ) -> list[SentMessage]:
        """Wait until the bot has sent ``count`` messages to ``chat_id``; return all sent there."""
        await self.wait_for(lambda: len(self.messages_to(chat_id)) >= count, timeout)
        return self.messages_to(chat_id)

    # --- serving ---------------------------------------------------------------------------

    async def handle(
        self, token: str, method: str, params: Params | ApiError, gone: Callable[[], bool]
    ) -> tuple[int, JSONDict]:
        """Answer one Bot API request: status code and JSON body."""
        call = ApiCall(method=method, params={}, time=time.monotonic())
        if isinstance(params, Params):
            call.params, call.files = dict(params.values), list(params.files)
        with self._lock:
            self.calls.append(call)
        self._in_flight += 1
        try:
            if isinstance(params, ApiError):
                raise params
            result = await self._dispatch(token, call, params, gone)
            status, body = 200, {"ok": True, "result": result}
        except ApiError as exc:
            status, body = exc.error_code, exc.payload()
        except Exception as exc:  # a bug here must fail the test, not hang the bot
            logger.exception("the Bot API test server failed on %s", method)
            self.server_errors.append(exc)
            status = 500
            body = {
                "ok": False,
                "error_code": 500,
                "description": f"Internal Server Error: {exc!r}",
            }
        finally:
            self._in_flight -= 1
            if self._closing:
                self._notify()  # stop() waits for the last request to finish
        if gone():
            status, body = (
                _CLIENT_GONE,
                {"ok": False, "error_code": _CLIENT_GONE, "description": "Client Closed Request"},
            )
        call.status, call.finished = status, time.monotonic()
        if status != 200:
            call.description = body.get("description")
            call.retry_after = body.get("parameters", {}).get("retry_after")
        return status, body

    async def _dispatch(
        self, token: str, call: ApiCall, params: Params, gone: Callable[[], bool]
    ) -> Any:
        if token != self.token:
            raise ApiError(401, "Unauthorized")
        found = self.api.resolve(call.method)
        if found is None:
            raise ApiError(404, "Not Found")
        call.method, method = found
        await self._pause(self._latency.get(call.method, self._latency.get("*", 0.0)), gone)
        with self._lock:
            failures = self._failures.get(call.method)
            failure = failures.popleft() if failures else None
        if failure is not None:
            raise failure
        if call.method == "getUpdates":
            return await self._long_poll(params, gone)
        with self._lock:
            gate = self._flood_gate
            chat = self._flood_limited_chat(call.method, params)
            if gate is not None and chat is not None:
                refusal = gate.refusal(chat, time.monotonic())
                if refusal is not None:
                    call.flood_scope = refusal.scope
                    raise ApiError(
                        429,
                        f"Too Many Requests: retry after {refusal.retry_after}",
                        {"retry_after": refusal.retry_after},
                    )
            result = method(params)
            if gate is not None and chat is not None:
                gate.record(chat, time.monotonic())
            return result

    def _flood_limited_chat(self, method: str, params: Params) -> Chat | None:
        """The known chat a call counts against when flood limits are enforced, or None."""
        gate = self._flood_gate
        if gate is None or not gate.limits.counts(method):
            return None
        key = self._chat_key(params.values.get("chat_id"))
        return self.chats.get(key) if isinstance(key, int) else None

    def _chat_key(self, value: Any) -> int | str | None:
        """A ``chat_id`` parameter as a chat id: numbers and known @usernames become ints."""
        if value is None or isinstance(value, int):
            return value
        text = str(value).strip()
        if text.startswith("@"):
            found = next((c.id for c in self.chats.values() if f"@{c.username}" == text), None)
            return text if found is None else found
        try:
            return int(text)
        except ValueError:
            return text or None

    async def _long_poll(self, params: Params, gone: Callable[[], bool]) -> list[JSONDict]:
        """getUpdates: answer as soon as updates are pending or ``timeout`` seconds pass."""
        timeout = max(params.number("timeout") or 0.0, 0.0)
        with self._lock:
            self._poll_generation += 1
            generation = self._poll_generation
        self._notify()  # a poll still waiting is now superseded
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                if generation != self._poll_generation:
                    raise ApiError(
                        409,
                        "Conflict: terminated by other getUpdates request; "
                        "make sure that only one bot instance is running",
                    )
                updates = self.api.poll_updates(params)
            remaining = deadline - time.monotonic()
            if updates or remaining <= 0 or self._closing or gone():
                return updates
            await self._wait_for_change(remaining)

    async def _pause(self, seconds: float, gone: Callable[[], bool]) -> None:
        deadline = time.monotonic() + seconds
        while not self._closing and not gone() and (remaining := deadline - time.monotonic()) > 0:
            await self._wait_for_change(remaining)

    def download(self, token: str, path: str) -> tuple[int, bytes, str]:
        """Serve ``/file/bot<token>/<file_path>``: status, content and content type."""
        with self._lock:
            stored = next((f for f in self.files.values() if f.file_path == path), None)
            self.calls.append(ApiCall("downloadFile", {"file_path": path}, time.monotonic()))
            call = self.calls[-1]
        call.finished = time.monotonic()
        if token != self.token or stored is None:
            call.status = 404
            return (
                404,
                json.dumps({"ok": False, "error_code": 404, "description": "Not Found"}).encode(),
                "application/json",
            )
        call.status = 200
        return 200, stored.content, stored.mime_type or "application/octet-stream"


def _log_request(handler: tornado.web.RequestHandler) -> None:
    """Log each request at DEBUG with the token masked (tornado's own log shows the URL)."""
    path = re.sub(r"^(/file)?/bot[^/]*/", r"\1/bot<token>/", handler.request.path)
    logger.debug("%s %s -> %d", handler.request.method, path, handler.get_status())


def _read_params(request: tornado.httputil.HTTPServerRequest) -> Params:
    """Query string plus a JSON, url-encoded or multipart body, as Telegram accepts them."""
    values: JSONDict = {
        k: v[-1].decode("utf-8", "replace") for k, v in request.query_arguments.items()
    }
    if request.headers.get("Content-Type", "").startswith("application/json") and request.body:
        try:
            body = json.loads(request.body)
        except ValueError:
            raise bad_request("can't parse JSON object") from None
        if not isinstance(body, dict):
            raise bad_request("can't parse JSON object")
        values.update(body)
    else:
        values.update(
            {k: v[-1].decode("utf-8", "replace") for k, v in request.body_arguments.items()}
        )
    files = {
        name: Upload(parts[-1].filename, parts[-1].body, parts[-1].content_type)
        for name, parts in request.files.items()
    }
    return Params(values, files)


class _ServerHandler(tornado.web.RequestHandler):
    def initialize(self, server: BotApiServer) -> None:
        self.server = server
        self.gone = False

    def on_connection_close(self) -> None:
        self.gone = True
        self.server._notify()

    def answer_json(self, status: int, body: JSONDict) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body, ensure_ascii=False))


class _MethodHandler(_ServerHandler):
    async def get(self, token: str, method: str) -> None:
        try:
            params: Params | ApiError = _read_params(self.request)
        except ApiError as exc:
            params = exc
        status, body = await self.server.handle(token, method, params, lambda: self.gone)
        if not self.gone:
            self.answer_json(status, body)

    post = get


class _FileHandler(_ServerHandler):
    async def get(self, token: str, path: str) -> None:
        status, content, content_type = self.server.download(token, path)
        self.set_status(status)
        self.set_header("Content-Type", content_type)
        self.finish(content)


class _NotFoundHandler(_ServerHandler):
    def prepare(self) -> None:
        self.answer_json(404, {"ok": False, "error_code": 404, "description": "Not Found"})
