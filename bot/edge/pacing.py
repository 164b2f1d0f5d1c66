"""Telegram's flood limits kept by the bot, so that Telegram seldom has to enforce them.

Telegram documents three limits for bots: about one message per second in one chat (short
bursts tolerated), 20 messages per minute in one group, and about 30 messages per second in
all. Here:

- one private chat: a token bucket, a burst of 3 then 0.9/s (no more than one per second once
  the burst is spent);
- one group (negative chat id): at most 20 in any 61 s, as a sliding window (an advisors'
  group can take its 20 at once, and a second's margin covers the way to Telegram);
- all chats: at most 28 in any 1.05 s, a sliding window.

One chat's requests go one at a time, in order, each after the previous one was answered (so
none leaves while an earlier one's 429 is on its way back). They wait for their chat's bucket
first, then for the overall one, where the bot's answers go before background sends
(broadcasts pass `rate_limit_args=BACKGROUND`), so a broadcast to thousands of subscribers
cannot starve users.

A 429 (`RetryAfter`) still may come (another client of the same bot, a limit tighter than
documented): then nothing at all is sent until its `retry_after` has run out, since Telegram
does not say whether it was the chat's limit or the overall one, and the request is tried again
(up to `max_retries`). Network errors and 5xx answers are retried with backoff, except sends
whose request may have arrived; bad requests are not retried.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections import deque
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

import httpx
from telegram.error import BadRequest, NetworkError, RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

#: What python-telegram-bot hands a rate limiter: the request to make.
Callback = Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]]

#: `rate_limit_args` of sends that may wait for the bot's answers (broadcasts).
BACKGROUND = "background"
SENDS = ("send", "copy", "forward")
#: Calls that are not messages: no flood limit applies to them.
UNLIMITED = frozenset({"sendChatAction", "answerCallbackQuery", "getChatMember", "getChat"})
#: Errors after the request left: Telegram may have delivered it.
MAYBE_DELIVERED = (httpx.ReadTimeout, httpx.ReadError, httpx.RemoteProtocolError)


@dataclass(frozen=True, slots=True)
class Limits:
    chat_burst: float = 3
    chat_per_s: float = 0.9
    group_count: int = 20
    group_window_s: float = 61.0
    overall_count: int = 28
    overall_window_s: float = 1.05


class TokenBucket:
    """`burst` tokens, refilled at `rate` per second."""

    def __init__(
        self, burst: float, rate: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.burst, self.rate, self._clock = burst, rate, clock
        self.tokens = burst
        self._at = clock()

    def wait_s(self) -> float:
        """Seconds until a token is there (0: now)."""
        now = self._clock()
        self.tokens = min(self.burst, self.tokens + (now - self._at) * self.rate)
        self._at = now
        return max(0.0, (1 - self.tokens) / self.rate)

    def take(self) -> None:
        self.tokens -= 1

    @property
    def idle(self) -> bool:
        """Full again: nothing was taken lately."""
        return self.wait_s() == 0 and self.tokens >= self.burst


class SlidingWindow:
    """At most `count` takes in any `window_s` seconds."""

    def __init__(
        self, count: int, window_s: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.count, self.window_s, self._clock = count, window_s, clock
        self._taken: deque[float] = deque()

    def wait_s(self) -> float:
        """Seconds until one more may be taken (0: now)."""
        now = self._clock()
        while self._taken and self._taken[0] + self.window_s <= now:
            self._taken.popleft()
        if len(self._taken) < self.count:
            return 0.0
        return self._taken[0] + self.window_s - now

    def take(self) -> None:
        self._taken.append(self._clock())

    @property
    def idle(self) -> bool:
        return self.wait_s() == 0 and not self._taken


class FloodLimiter(BaseRateLimiter[str]):
    """The bot's rate limiter (see the module docstring)."""

    def __init__(
        self,
        limits: Limits | None = None,
        *,
        max_retries: int = 3,
        network_retries: int = 3,
        base_delay_s: float = 0.5,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limits = limits or Limits()
        self.max_retries = max_retries
        self.network_retries = network_retries
        self.base_delay_s = base_delay_s
        self._clock = clock
        self._overall = SlidingWindow(
            self.limits.overall_count, self.limits.overall_window_s, clock
        )
        self._chats: dict[int | str, tuple[TokenBucket | SlidingWindow, asyncio.Lock]] = {}
        self._foreground_waiting = 0
        self._hold_until = 0.0
        #: 429 answers received, for metrics and tests.
        self.flood_waits = 0

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""

    def _chat(self, chat_id: int | str) -> tuple[TokenBucket | SlidingWindow, asyncio.Lock]:
        found = self._chats.get(chat_id)
        if found is None:
            if len(self._chats) > 10_000:  # forget idle chats now and then
                for key in [
                    k for k, (b, lock) in self._chats.items() if b.idle and not lock.locked()
                ]:
                    del self._chats[key]
            group = isinstance(chat_id, str) or chat_id < 0
            bucket = (
                SlidingWindow(self.limits.group_count, self.limits.group_window_s, self._clock)
                if group
                else TokenBucket(self.limits.chat_burst, self.limits.chat_per_s, self._clock)
            )
            found = self._chats[chat_id] = (bucket, asyncio.Lock())
        return found

    def _hold_s(self) -> float:
        return max(0.0, self._hold_until - self._clock())

    async def _overall_turn(self, background: bool, *, take: bool = True) -> None:
        """A token of the overall bucket, taken only when no 429 hold is on; answers first.
        With `take=False`, only wait until one is free (a background send's gate before it
        takes its chat)."""
        if not background:
            self._foreground_waiting += 1
        try:
            while True:
                wait = max(self._overall.wait_s(), self._hold_s())
                if wait == 0 and (not background or not self._foreground_waiting):
                    if take:
                        self._overall.take()
                    return
                await asyncio.sleep(max(wait, 0.01))
        finally:
            if not background:
                self._foreground_waiting -= 1

    async def _chat_turn(self, bucket: TokenBucket | SlidingWindow) -> None:
        """The chat's token, taken only when no 429 hold is on (its lock held by the caller)."""
        while (wait := max(bucket.wait_s(), self._hold_s())) > 0:  # noqa: ASYNC110
            await asyncio.sleep(wait)
        bucket.take()

    async def process_request(
        self,
        callback: Callback,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: str | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        """Send when the request may go: its chat's turn and the overall budget, with no 429
        hold on.

        One chat's requests go one at a time, each after the previous one was answered (its
        retries too): so they arrive in order, and none leaves while an earlier one's 429 is
        on its way back. A background send first waits until the overall budget is free of
        answers, so that it never holds a chat (a subscriber's own answer) while it waits
        behind them; it takes its overall token after its chat's turn, as answers do, so that
        the token's time is its send's.
        """
        if endpoint in UNLIMITED:
            return await callback(*args, **kwargs)
        chat_id = _chat_key(data.get("chat_id"))
        if chat_id is None:  # not a message (getUpdates, getFile…): no flood limit
            return await self._attempts(callback, args, kwargs, endpoint)
        background = rate_limit_args == BACKGROUND
        if background:
            await self._overall_turn(background, take=False)
        bucket, lock = self._chat(chat_id)  # after the await: idle chats may be forgotten
        async with lock:
            return await self._attempts(callback, args, kwargs, endpoint, bucket, background)

    async def _attempts(
        self,
        callback: Callback,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        bucket: TokenBucket | SlidingWindow | None = None,
        background: bool = False,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        """The request, each time after its chat's turn and an overall token (when it has a
        chat: `bucket`); 429s waited out (the hold) and network errors retried as the module
        docstring says."""
        floods = attempt = 0
        while True:
            if bucket is not None:
                await self._chat_turn(bucket)
                await self._overall_turn(background)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                self.flood_waits += 1
                wait = _seconds(exc.retry_after)
                self._hold_until = max(self._hold_until, self._clock() + wait + 0.1)
                if floods >= self.max_retries:
                    raise
                floods += 1
                log.warning("%s: Telegram asked to wait %.0f s (429)", endpoint, wait)
                await asyncio.sleep(self._hold_s())
            except BadRequest:
                raise
            except NetworkError as exc:
                if attempt >= self.network_retries or endpoint == "getUpdates":
                    raise
                if endpoint.startswith(SENDS) and isinstance(exc.__cause__, MAYBE_DELIVERED):
                    raise  # the message may have arrived: retrying could send it twice
                delay = self.base_delay_s * 2**attempt
                attempt += 1
                log.warning("%s failed (%s); retry %d in %.1fs", endpoint, exc, attempt, delay)
                await asyncio.sleep(delay)


def _chat_key(chat_id: Any) -> int | str | None:
    if chat_id is None:
        return None
    try:
        return int(chat_id)
    except (TypeError, ValueError):
        return str(chat_id)  # "@channelname"


def _seconds(value: float | dt.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)
