"""The bot's own flood limits (`bot.edge.pacing`): sized so that no window can exceed Telegram's.

A bot that sends as fast as its buckets allow, for ten simulated minutes, never puts more than
Telegram's documented limit into any window: 1 message/s per chat after a burst of 3 (the test
server's model of "about one per second"), 20 per minute per group, 30 per second overall.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable

import pytest

from bot.edge.pacing import Limits, SlidingWindow, TokenBucket


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def greedy_sends(
    make: Callable[[Clock], TokenBucket | SlidingWindow], seconds: float
) -> list[float]:
    """The times a sender that never waits longer than its limiter asks would send at."""
    clock = Clock()
    bucket = make(clock)
    times = []
    while clock.now < seconds:
        if (wait := bucket.wait_s()) > 0:
            clock.now += max(wait, 1e-6)
        bucket.take()
        times.append(clock.now)
    return times


def most_in_any_window(times: list[float], window: float) -> int:
    return max(bisect.bisect_left(times, t + window) - i for i, t in enumerate(times))


LIMITS = Limits()


@pytest.mark.parametrize(
    ("make", "window", "limit"),
    [
        (lambda c: SlidingWindow(LIMITS.group_count, LIMITS.group_window_s, c), 60.0, 20),
        (lambda c: SlidingWindow(LIMITS.overall_count, LIMITS.overall_window_s, c), 1.0, 30),
    ],
    ids=["group: 20 per minute", "overall: 30 per second"],
)
def test_no_window_exceeds_telegrams_limit(
    make: Callable[[Clock], SlidingWindow], window: float, limit: int
) -> None:
    times = greedy_sends(make, 600)
    # with a margin for the way to Telegram: even a second's (group) or 50 ms's (overall)
    # difference between the bot's clock and Telegram's would not put one more in a window
    margin = 1.0 if window > 10 else 0.05
    assert most_in_any_window(times, window + margin) <= limit
    # and most of the budget is used: at least 85% of the limit over the long run
    assert len(times) / 600 >= 0.85 * limit / window


def test_a_private_chat_stays_under_one_per_second_after_its_burst() -> None:
    limits = Limits()
    times = greedy_sends(lambda c: TokenBucket(limits.chat_burst, limits.chat_per_s, c), 600)
    assert times[: int(limits.chat_burst)] == [0.0] * int(limits.chat_burst)
    gaps = [b - a for a, b in itertools.pairwise(times[3:])]
    assert min(gaps) >= 1.0  # Telegram: "avoid sending more than one message per second"
    # a token bucket of 3 refilled at 1/s (Telegram's model in the test server) never empties
    server = TokenBucket(3, 1.0, clock := Clock())
    for t in times:
        clock.now = t
        assert server.wait_s() == 0, t
        server.take()
