"""A per-user sliding-window rate limit on questions."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable


class SlidingWindowLimiter:
    """At most `limit` events per `window_s` seconds for each key."""

    def __init__(
        self, limit: int, window_s: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window_s = window_s
        self._clock = clock
        self._events: dict[int, deque[float]] = {}

    def check(self, key: int) -> float:
        """Record an event; return 0 when allowed, else the seconds to wait."""
        now = self._clock()
        events = self._events.setdefault(key, deque())
        while events and now - events[0] >= self.window_s:
            events.popleft()
        if len(events) >= self.limit:
            return self.window_s - (now - events[0])
        events.append(now)
        if len(self._events) > 10_000:  # forget idle users now and then
            for k in [k for k, v in self._events.items() if not v or now - v[-1] > self.window_s]:
                self._events.pop(k, None)
        return 0.0
