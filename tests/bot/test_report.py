"""The quality and knowledge-gap report on a real SQLite database (migrated by Alembic), with
the real USE embedder, real Matplotlib PNGs and the real `sportello` command in a subprocess."""

from __future__ import annotations

import argparse
import asyncio
import base64
import dataclasses
import datetime as dt
import io
import os
import re
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import numpy as np
import pytest
from lxml import html as lxml_html

from bot.cli import EXIT_ERROR, cmd_report
from bot.cli import add_report_commands as add_commands
from bot.office_hours import ROME
from bot.reports import (
    GapTopic,
    QualityReport,
    build_report,
    cluster,
    render_charts,
    render_html,
    render_telegram_summary,
    report_period,
)
from bot.settings import Settings
from bot.storage.db import Database
from bot.storage.models import AnswerRecord, Feedback, Ticket
from knowledge.embedders import KnowledgeEmbeddings
from tests.bot.report_data import (
    DISLIKED_QUESTION,
    INSTRUMENT_GAPS,
    LABELLED_GAPS,
    SCRIPT_QUESTION,
)

REPO = Path(__file__).resolve().parents[2]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
START = dt.date(2025, 3, 1)
END = dt.date(2025, 3, 10)


def at(day: dt.date, hour: int = 12, minute: int = 0) -> dt.datetime:
    """A moment in UTC, as the bot stores it."""
    return dt.datetime.combine(day, dt.time(hour, minute), dt.UTC)


async def seed(db: Database, first: dt.date) -> None:
    """Ten days of traffic from `first`: 50 questions in the period, a few outside it."""
    day = [first + dt.timedelta(days=n) for n in range(10)]
    records: list[AnswerRecord] = []

    def answer(when: dt.datetime, outcome: str, question: str | None) -> int:
        records.append(
            AnswerRecord(
                chat_id=100 + len(records),
                user_id=100 + len(records),
                question=question,
                answer=None if question is None else "…",
                language="it",
                outcome=outcome,
                confidence=0.8 if outcome == "answered" else 0.2,
                sources=[],
                created_at=when,
            )
        )
        return len(records) - 1

    for n in range(11):  # 11 answered, one or two a day
        answer(at(day[n % 10], 9 + n % 5), "answered", f"Come ottengo il codice EORI? ({n})")
    clarified = [answer(at(day[n * 3]), "clarified", "voucher") for n in range(3)]
    for n, (_, question) in enumerate(LABELLED_GAPS):  # 28 abstained over the days
        answer(at(day[n % 10], 10 + n % 8), "abstained", question)
    for n, question in enumerate(INSTRUMENT_GAPS):
        answer(at(day[2 + n], 15), "abstained", question)
    answer(at(day[4], 16), "abstained", SCRIPT_QUESTION)
    answer(at(day[5], 8), "abstained", None)  # past retention: counted, not grouped
    answer(at(day[6], 8), "abstained", "   ")
    disliked = answer(at(day[7], 11), "answered", DISLIKED_QUESTION)
    wrong = answer(at(day[8], 11), "answered", "Quanto dura il voucher export digitale?")
    # In the period: 13 answered, 3 clarified, 28 + 3 + 1 + 2 = 34 abstained; 50 in all.
    # 23:30 UTC on day 9 is 00:30 of the next day in Rome: outside the period.
    answer(at(day[9], 23, 30), "answered", "fuori periodo")
    answer(at(first - dt.timedelta(days=3)), "abstained", "Dazi vino Argentina?")  # before
    # 23:30 UTC the day before is 00:30 of `first` in Rome: inside the period.
    records[clarified[0]].created_at = at(first - dt.timedelta(days=1), 23, 30)

    async with db.session() as s, s.begin():
        s.add_all(records)
        await s.flush()
        ids = [r.id for r in records]
        fb = [
            *(Feedback(answer_id=ids[n], user_id=100 + n, helpful=True) for n in range(5)),
            Feedback(
                answer_id=ids[disliked], user_id=100 + disliked, helpful=False, reason="outdated"
            ),
            Feedback(answer_id=ids[wrong], user_id=100 + wrong, helpful=False, reason="wrong"),
            Feedback(answer_id=ids[20], user_id=120, helpful=False, reason=None),  # abstained
            Feedback(answer_id=ids[-1], user_id=100 + len(ids) - 1, helpful=True),  # before
        ]
        s.add_all(fb)
        opened = [at(day[1], 9), at(day[3], 10), at(day[5], 14), at(day[8], 17)]
        waits = [10, 30, 90, None]
        for n, (when, wait) in enumerate(zip(opened, waits, strict=True)):
            s.add(
                Ticket(
                    user_id=500 + n,
                    chat_id=500 + n,
                    question=f"domanda {n}",
                    status="answered" if wait else "open",
                    created_at=when - dt.timedelta(minutes=3),
                    opened_at=when,
                    first_reply_at=when + dt.timedelta(minutes=wait) if wait else None,
                )
            )
        before = at(first - dt.timedelta(days=2))
        s.add(  # opened before the period: neither escalated nor timed
            Ticket(
                user_id=600,
                chat_id=600,
                status="closed",
                created_at=before,
                opened_at=before,
                first_reply_at=before + dt.timedelta(minutes=5),
            )
        )
        s.add(  # a draft the user never sent: not an escalation
            Ticket(user_id=601, chat_id=601, status="cancelled", created_at=at(day[2]))
        )


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'state.db'}")
    await database.open()
    await seed(database, START)
    yield database
    await database.close()


@pytest.fixture
async def report(db: Database, embedder: KnowledgeEmbeddings) -> QualityReport:
    return await build_report(db, embedder, start=START, end=END)


def topic_with(report: QualityReport, question: str) -> GapTopic:
    return next(t for t in report.topics if question in t.examples)


# -- figures -----------------------------------------------------------------------------------


async def test_counts_outcomes_of_the_period_in_rome_days(report: QualityReport) -> None:
    assert report.total == 50
    assert (report.answered, report.clarified, report.abstained) == (13, 3, 34)
    assert report.answered_share == pytest.approx(0.26)
    assert report.abstained_share == pytest.approx(0.68)
    assert report.clarified_share == pytest.approx(0.06)
    assert list(report.questions_per_day) == [START + dt.timedelta(days=n) for n in range(10)]
    assert sum(report.questions_per_day.values()) == 50
    assert report.questions_per_day == {
        d: sum(c.values()) for d, c in report.outcomes_per_day.items()
    }


async def test_escalations_are_tickets_opened_in_the_period(report: QualityReport) -> None:
    assert report.escalated == 4
    assert report.escalated_share == pytest.approx(0.08)


async def test_median_first_reply_counts_replied_tickets_only(report: QualityReport) -> None:
    assert report.replied_tickets == 3
    assert report.median_first_reply_minutes == pytest.approx(30)


async def test_feedback_counts_thumbs_and_reasons(report: QualityReport) -> None:
    assert (report.thumbs_up, report.thumbs_down) == (5, 3)
    assert report.down_reasons == {"outdated": 1, "wrong": 1, "none": 1}


# -- topics ------------------------------------------------------------------------------------


async def test_similar_abstained_questions_form_one_topic_with_their_country(
    report: QualityReport,
) -> None:
    argentina = topic_with(report, "Quali dazi paga il vino esportato in Argentina?")
    assert argentina.count == 5
    assert argentina.countries == ("AR",)
    assert not argentina.about_instruments
    assert len(argentina.examples) == 3


async def test_italian_and_english_paraphrases_share_a_topic(report: QualityReport) -> None:
    pensions = next(t for t in report.topics if any("pension" in q for q in t.examples))
    assert pensions.count == 4
    assert pensions.countries == ()


async def test_same_question_about_another_country_is_another_topic(
    report: QualityReport,
) -> None:
    chile = topic_with(report, "Quali dazi paga il vino esportato in Cile?")
    assert "AR" not in chile.countries
    assert topic_with(report, "Quali dazi paga il vino esportato in Argentina?") is not chile


async def test_funding_questions_are_marked_as_instruments(report: QualityReport) -> None:
    mexico = next(t for t in report.topics if "MX" in t.countries)
    assert mexico.count == 3
    assert mexico.about_instruments
    kinds = report.topics_by_kind()
    assert mexico in kinds["instruments"]
    argentina = topic_with(report, "Quali dazi paga il vino esportato in Argentina?")
    pensions = next(t for t in report.topics if any("pension" in q for q in t.examples))
    assert argentina in kinds["other"]
    assert pensions in kinds["other"]  # "contributi pensionistici" are not a grant


async def test_thumbs_down_questions_join_the_gaps(report: QualityReport) -> None:
    topic = topic_with(report, DISLIKED_QUESTION)
    assert (topic.disliked, topic.countries) == (1, ("CH",))
    assert sum(t.disliked for t in report.topics) == 2


async def test_purged_questions_count_in_figures_but_not_in_topics(
    report: QualityReport,
) -> None:
    assert report.purged_gap_questions == 2
    assert report.gap_questions == 34 + 2  # abstained, plus answered with a thumbs down
    assert sum(t.count for t in report.topics) == report.gap_questions - 2


async def test_topics_by_country_put_largest_country_first(report: QualityReport) -> None:
    by_country = report.topics_by_country()
    assert list(by_country)[:2] == ["VN", "AR"]  # 8 questions on Vietnam, 5 on Argentina
    assert sum(t.count for t in by_country["VN"]) == 8
    assert all("VN" in t.countries for t in by_country["VN"])


async def test_topics_are_sorted_largest_first(report: QualityReport) -> None:
    counts = [t.count for t in report.topics]
    assert counts == sorted(counts, reverse=True)


def naive_average_linkage(
    vectors: np.ndarray, countries: list[tuple[str, ...]], threshold: float
) -> list[list[int]]:
    """The textbook algorithm, recomputing every pair each step."""
    groups = [[i] for i in range(len(vectors))]
    sim = vectors @ vectors.T
    while True:
        best, pair = -np.inf, (0, 0)
        for a in range(len(groups)):
            for b in range(a + 1, len(groups)):
                ca = {c for k in groups[a] for c in countries[k]}
                cb = {c for k in groups[b] for c in countries[k]}
                if ca and cb and not ca & cb:
                    continue
                score = sim[np.ix_(groups[a], groups[b])].mean()
                if score > best:
                    best, pair = score, (a, b)
        if best < threshold:
            return groups
        a, b = pair
        groups[a] = groups[a] + groups[b]
        del groups[b]


@pytest.mark.parametrize("seed_value", [1, 2, 3])
def test_cluster_matches_textbook_average_linkage(seed_value: int) -> None:
    rng = np.random.default_rng(seed_value)
    centres = rng.normal(size=(6, 16))
    vectors = np.repeat(centres, 5, axis=0) + rng.normal(scale=0.6, size=(30, 16))
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    countries: list[tuple[str, ...]] = [
        (("AR",), ("VN",), (), ("AR", "CL"))[k % 4] for k in range(30)
    ]
    fast = cluster(vectors, countries, 0.5)
    slow = naive_average_linkage(vectors.astype(np.float64), countries, 0.5)
    assert sorted(sorted(g) for g in fast) == sorted(sorted(g) for g in slow)


# -- charts, page, summary -----------------------------------------------------------------------


async def test_charts_are_real_pngs_of_the_expected_size(report: QualityReport) -> None:
    from PIL import Image

    charts = render_charts(report)
    assert set(charts) == {"per_day", "outcomes", "gaps"}
    for data in charts.values():
        assert data.startswith(PNG_SIGNATURE)
        assert len(data) > 5_000
    with Image.open(io.BytesIO(charts["per_day"])) as image:
        assert image.format == "PNG"
        assert image.size == (990, 462)  # 9 x 4.2 inches at 110 dpi
    with Image.open(io.BytesIO(charts["outcomes"])) as image:
        assert image.size == (990, 418)


async def test_charts_render_an_empty_period(
    tmp_path: Path, embedder: KnowledgeEmbeddings
) -> None:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}")
    await database.open()
    try:
        empty = await build_report(database, embedder, start=START, end=START)
    finally:
        await database.close()
    assert (empty.total, empty.topics, empty.median_first_reply_minutes) == (0, [], None)
    charts = render_charts(empty)
    assert set(charts) == {"per_day", "outcomes"}
    assert "Nessuna domanda rimasta senza risposta" in render_html(empty, charts)
    assert len(render_telegram_summary(empty)) < 4096


async def test_html_embeds_the_charts_and_escapes_questions(report: QualityReport) -> None:
    charts = render_charts(report)
    page = render_html(report, charts)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; dazi &amp; tasse" in page
    tree = lxml_html.fromstring(page)
    sources = [img.get("src") for img in tree.iter("img")]
    assert len(sources) == 3
    decoded = [base64.b64decode(s.removeprefix("data:image/png;base64,")) for s in sources]
    assert decoded == list(charts.values())
    headings = [h.text_content() for h in tree.iter("h2")]
    assert {"Per paese", "Strumenti finanziari", "Altri temi"} <= set(headings)
    assert "Argentina (AR) — 5 domande" in [h.text_content() for h in tree.iter("h3")]
    assert tree.get("lang") == "it"
    assert "src='http" not in page
    assert 'src="http' not in page


async def test_telegram_summary_is_short_escaped_html(report: QualityReport) -> None:
    hostile = GapTopic(
        count=99,
        abstained=99,
        disliked=0,
        examples=(SCRIPT_QUESTION + " " + "x" * 5000,),
        countries=("PE",),
        about_instruments=False,
    )
    noisy = dataclasses.replace(report, topics=[hostile, *report.topics])
    for language in ("it", "en"):
        summary = render_telegram_summary(noisy, language)
        assert len(summary) < 4096
        assert set(re.findall(r"</?([a-z]+)", summary)) == {"b"}
        assert "&lt;script&gt;" in summary
        assert "99×" in summary
    italian = render_telegram_summary(report)
    assert "Domande: 50" in italian
    assert "prima risposta in 30 min" in italian
    assert len(re.findall(r"^\d\. ", italian, flags=re.MULTILINE)) == 5


# -- command line --------------------------------------------------------------------------------


def test_period_defaults_to_the_last_30_days() -> None:
    today = dt.date(2025, 3, 31)
    assert report_period(today, None, None, None) == (dt.date(2025, 3, 2), today)
    assert report_period(today, 7, None, None) == (dt.date(2025, 3, 25), today)
    assert report_period(today, None, START, END) == (START, END)
    assert report_period(today, None, START, None) == (START, today)


@pytest.mark.parametrize(
    ("days", "since", "until"),
    [(7, START, None), (0, None, None), (None, END, START)],
)
def test_period_refuses_conflicting_options(
    days: int | None, since: dt.date | None, until: dt.date | None
) -> None:
    with pytest.raises(ValueError, match="--"):
        report_period(END, days, since, until)


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="sportello")
    add_commands(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(argv)


def test_command_exits_2_on_a_reversed_period(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = parse(
        "report",
        "--out",
        str(tmp_path / "r.html"),
        "--since",
        "2025-03-10",
        "--until",
        "2025-03-01",
    )
    settings = Settings(_env_file=None, data_dir=tmp_path)  # type: ignore[call-arg]
    assert args.handler(args, settings) == EXIT_ERROR
    assert "after --until" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


def test_command_exits_2_when_the_file_cannot_be_written(
    tmp_path: Path,
    embedder: KnowledgeEmbeddings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("knowledge.embedders.build_embedder", lambda _model: embedder)
    (tmp_path / "taken").mkdir()
    args = parse("report", "--out", str(tmp_path / "taken"), "--days", "3")
    settings = Settings(_env_file=None, data_dir=tmp_path)  # type: ignore[call-arg]
    assert cmd_report(args, settings) == EXIT_ERROR
    assert "cannot write the report" in capsys.readouterr().err


def sportello_command() -> list[str]:
    return [sys.executable, "-m", "bot.cli"]


async def prepare(url: str, first: dt.date) -> None:
    database = Database(url)
    await database.open()
    await seed(database, first)
    await database.close()


@pytest.mark.integration
def test_report_command_writes_the_html_file(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'state.db'}"
    asyncio.run(prepare(url, dt.datetime.now(ROME).date() - dt.timedelta(days=10)))
    out = tmp_path / "out" / "report.html"
    env = {
        **os.environ,
        "DATA_DIR": str(tmp_path / "data"),
        "DATABASE_URL": url,
        "EMBEDDING_MODEL": "usem3",
        "TELEGRAM_BOT_TOKEN": "",
        "PYTHONPATH": str(REPO),
    }
    done = subprocess.run(
        [*sportello_command(), "report", "--out", str(out), "--days", "30"],
        env=env,
        cwd=tmp_path,  # away from the repository's .env
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert str(out) in done.stdout
    page = out.read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") == 3
    assert "Argentina (AR)" in page
    assert "&lt;script&gt;" in page
    assert "<script>" not in page
