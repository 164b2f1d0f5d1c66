"""In-process counters and the answer-time histogram, written in the Prometheus text format
(without `prometheus_client`); `bot.ops` serves them."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

OUTCOMES = ("answered", "abstained", "clarified")
#: Upper bounds in seconds, from a cached refusal (5 ms) to a slow LLM answer (10 s).
ANSWER_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


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
