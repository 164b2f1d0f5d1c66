"""The report of a period built from the database: figures per day, feedback, tickets, and
the unanswered questions grouped into topics; `write_report` for `sportello report`."""

from __future__ import annotations

import asyncio
import datetime as dt
import statistics
from collections import Counter
from pathlib import Path

from bot.office_hours import ROME
from bot.reports.charts import render_charts
from bot.reports.model import OUTCOMES, QualityReport
from bot.reports.pages import render_html
from bot.reports.queries import read_period
from bot.reports.topics import DEFAULT_SIMILARITY, MAX_GROUPED, group_questions
from bot.storage.db import Database
from knowledge.embedders import KnowledgeEmbeddings


def _utc(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; they are UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _local_day(moment: dt.datetime) -> dt.date:
    return _utc(moment).astimezone(ROME).date()


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """UTC instants of the start of `start` and of the day after `end`, in Rome."""
    first = dt.datetime.combine(start, dt.time(), ROME)
    after = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), ROME)
    return first.astimezone(dt.UTC), after.astimezone(dt.UTC)


async def build_report(
    db: Database,
    embedder: KnowledgeEmbeddings,
    *,
    start: dt.date,
    end: dt.date,
    similarity: float = DEFAULT_SIMILARITY,
    include_disliked: bool = True,
) -> QualityReport:
    """The report of the days from `start` to `end`, both included.

    Feedback counts when its answer was given in the period; tickets count when opened in it.
    Unanswered questions are `abstained` ones, plus thumbs-down ones when `include_disliked`."""
    if end < start:
        raise ValueError(f"the period ends ({end}) before it starts ({start})")
    since, until = _bounds(start, end)
    rows = await read_period(db, since, until)
    answers, feedback, tickets = rows.answers, rows.feedback, rows.tickets

    days = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
    per_day: dict[dt.date, dict[str, int]] = {d: dict.fromkeys(OUTCOMES, 0) for d in days}
    totals: Counter[str] = Counter()
    for row in answers:
        day = _local_day(row.created_at)
        if day in per_day and row.outcome in OUTCOMES:
            per_day[day][row.outcome] += 1
        totals[row.outcome] += 1

    down_reasons: Counter[str] = Counter()
    disliked_ids: set[int] = set()
    up = 0
    for fb in feedback:
        if fb.helpful:
            up += 1
        else:
            down_reasons[fb.reason or "none"] += 1
            disliked_ids.add(fb.answer_id)

    waits = [
        (_utc(t.first_reply_at) - _utc(t.opened_at)).total_seconds() / 60
        for t in tickets
        if t.first_reply_at is not None
    ]

    gaps: list[tuple[str | None, bool]] = []  # (question, disliked), newest first
    for row in sorted(answers, key=lambda r: _utc(r.created_at), reverse=True):
        if row.outcome == "abstained":
            gaps.append((row.question, False))
        elif include_disliked and row.id in disliked_ids:
            gaps.append((row.question, True))
    with_text = [(q.strip(), d) for q, d in gaps if q and q.strip()]
    topics = await asyncio.to_thread(
        group_questions, embedder, with_text[:MAX_GROUPED], similarity
    )

    return QualityReport(
        start=start,
        end=end,
        questions_per_day={d: sum(c.values()) for d, c in per_day.items()},
        outcomes_per_day=per_day,
        total=len(answers),
        answered=totals["answered"],
        abstained=totals["abstained"],
        clarified=totals["clarified"],
        escalated=len(tickets),
        thumbs_up=up,
        thumbs_down=sum(down_reasons.values()),
        down_reasons=dict(down_reasons.most_common()),
        replied_tickets=len(waits),
        median_first_reply_minutes=statistics.median(waits) if waits else None,
        topics=topics,
        gap_questions=len(gaps),
        purged_gap_questions=len(gaps) - len(with_text),
    )


def report_period(
    today: dt.date, days: int | None, since: dt.date | None, until: dt.date | None
) -> tuple[dt.date, dt.date]:
    """The period the options ask for: `--since`/`--until`, else the last `days` (30) days."""
    if days is not None and (since or until):
        raise ValueError("give either --days or --since/--until, not both")
    if days is not None and days < 1:
        raise ValueError("--days must be at least 1")
    end = until or today
    start = since or end - dt.timedelta(days=(days or 30) - 1)
    if start > end:
        raise ValueError(f"--since {start} is after --until {end}")
    return start, end


async def write_report(
    db: Database, embedder: KnowledgeEmbeddings, out: Path, *, start: dt.date, end: dt.date
) -> QualityReport:
    """Build the report and write its HTML page to `out`."""
    report = await build_report(db, embedder, start=start, end=end)
    charts = await asyncio.to_thread(render_charts, report)
    page = render_html(report, charts)
    await asyncio.to_thread(_write_text, out, page)
    return report


def _write_text(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
