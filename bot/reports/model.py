"""The report's figures: `QualityReport` of one period and its `GapTopic`s."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

#: Days are counted in the advisors' and users' time zone, not in UTC.
OUTCOMES = ("answered", "clarified", "abstained")


@dataclass(frozen=True, slots=True)
class GapTopic:
    """Similar questions the knowledge base did not answer well."""

    count: int
    abstained: int  # the bot said it was not covered
    disliked: int  # answered, but the user gave a thumbs down
    examples: tuple[str, ...]  # up to 3, the most typical first
    countries: tuple[str, ...]  # ISO codes, the most named first
    about_instruments: bool  # most of the questions are about funding instruments


@dataclass
class QualityReport:
    """The figures of one period (both dates included, days in Europe/Rome)."""

    start: dt.date
    end: dt.date
    questions_per_day: dict[dt.date, int]
    outcomes_per_day: dict[dt.date, dict[str, int]]
    total: int
    answered: int
    abstained: int
    clarified: int
    escalated: int  # tickets opened in the period
    thumbs_up: int
    thumbs_down: int
    down_reasons: dict[str, int]
    replied_tickets: int
    median_first_reply_minutes: float | None
    topics: list[GapTopic]
    gap_questions: int  # abstained or disliked questions, with or without text
    purged_gap_questions: int  # of which the text is past retention (in figures, not topics)
    generated_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    def share(self, count: int) -> float:
        """`count` as a fraction of the period's questions (0 when there were none)."""
        return count / self.total if self.total else 0.0

    @property
    def answered_share(self) -> float:
        return self.share(self.answered)

    @property
    def abstained_share(self) -> float:
        return self.share(self.abstained)

    @property
    def clarified_share(self) -> float:
        return self.share(self.clarified)

    @property
    def escalated_share(self) -> float:
        return self.share(self.escalated)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def topics_by_country(self) -> dict[str, list[GapTopic]]:
        """Topics under each country they name, countries with most questions first."""
        groups: dict[str, list[GapTopic]] = {}
        for topic in self.topics:
            for code in topic.countries:
                groups.setdefault(code, []).append(topic)
        return dict(sorted(groups.items(), key=lambda kv: (-sum(t.count for t in kv[1]), kv[0])))

    def topics_by_kind(self) -> dict[str, list[GapTopic]]:
        """Topics about funding instruments (`instruments`) and the rest (`other`)."""
        return {
            "instruments": [t for t in self.topics if t.about_instruments],
            "other": [t for t in self.topics if not t.about_instruments],
        }
