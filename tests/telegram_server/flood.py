"""Telegram's flood limits, enforced: which message a bot may send now, and how long to wait.

:class:`FloodGate` keeps the state behind :class:`FloodLimits`: a token bucket per private chat,
a sliding window per group and one sliding window over all chats. The server asks
:meth:`FloodGate.refusal` before running a message-making method and calls
:meth:`FloodGate.record` once the method has made its message, both under the world's lock.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

from .objects import Chat, FloodLimits

__all__ = ["FloodGate", "FloodRefusal"]

# Float arithmetic must not turn "exactly enough time has passed" into a refusal.
_EPSILON = 1e-9


@dataclass(frozen=True)
class FloodRefusal:
    """Why a message may not be sent now: the limit (``chat``, ``group`` or ``global``) and
    the whole seconds to wait."""

    scope: str
    retry_after: int


class FloodGate:
    """The flood limits' state for one bot. Not thread-safe: the caller holds the lock."""

    def __init__(self, limits: FloodLimits) -> None:
        self.limits = limits
        self._buckets: dict[int, tuple[float, float]] = {}  # chat -> (tokens, as of when)
        self._group_sends: dict[int, deque[float]] = {}
        self._global_sends: deque[float] = deque()

    def refusal(self, chat: Chat, now: float) -> FloodRefusal | None:
        """None if a message to ``chat`` may go now; otherwise the longest wait among the
        limits it would break (a tie goes to the global limit, which holds for every chat)."""
        limits = self.limits
        waits = [
            (
                "global",
                _window_wait(self._global_sends, limits.global_burst, limits.global_window, now),
            )
        ]
        if chat.type == "private":
            waits.append(("chat", self._bucket_wait(chat.id, now)))
        else:
            sends = self._group_sends.get(chat.id, deque())
            waits.append(
                ("group", _window_wait(sends, limits.group_burst, limits.group_window, now))
            )
        scope, wait = max(waits, key=lambda item: item[1])
        if wait <= _EPSILON:
            return None
        return FloodRefusal(scope, max(1, math.ceil(wait - _EPSILON)))

    def record(self, chat: Chat, now: float) -> None:
        """Count a message the server has just accepted for ``chat``."""
        self._global_sends.append(now)
        if chat.type == "private":
            self._buckets[chat.id] = (self._tokens(chat.id, now) - 1.0, now)
        else:
            self._group_sends.setdefault(chat.id, deque()).append(now)

    def _tokens(self, chat_id: int, now: float) -> float:
        tokens, since = self._buckets.get(chat_id, (float(self.limits.chat_burst), now))
        refilled = tokens + max(now - since, 0.0) * self.limits.chat_rate
        return min(float(self.limits.chat_burst), refilled)

    def _bucket_wait(self, chat_id: int, now: float) -> float:
        """Seconds until the chat's bucket holds a whole token again."""
        missing = 1.0 - self._tokens(chat_id, now)
        return missing / self.limits.chat_rate if missing > _EPSILON else 0.0


def _window_wait(sends: deque[float], burst: int, window: float, now: float) -> float:
    """Seconds until fewer than ``burst`` of ``sends`` fall within the last ``window`` seconds;
    forgets the sends that already fell out of it."""
    while sends and now - sends[0] >= window - _EPSILON:
        sends.popleft()
    if len(sends) < burst:
        return 0.0
    return sends[len(sends) - burst] + window - now
