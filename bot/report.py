"""The staff's quality and knowledge-gap report: what users asked, how the bot fared, what the
knowledge base could not answer (grouped into topics, by country and instrument), rendered as a
self-contained HTML page with charts, a short Telegram summary, and `sportello report`.

Knows nothing of Telegram beyond formatting text in its HTML dialect."""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import html
import io
import logging
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sqlalchemy import select

from bot.db import Database
from bot.models import AnswerRecord, Feedback, Ticket
from bot.office_hours import ROME
from bot.texts import FEEDBACK_REASONS
from bot.texts import text as ui_text
from knowledge.embedders import KnowledgeEmbeddings
from knowledge.entities import COUNTRIES, find_countries, focus

log = logging.getLogger(__name__)

#: Days are counted in the advisors' and users' time zone, not in UTC.
OUTCOMES = ("answered", "clarified", "abstained")
#: Average-linkage cosine from which two groups of unanswered questions are one topic, for
#: USE multilingual v3 with the country rule of `cluster`. On 31 labelled questions in 11
#: topics (tests/bot/report_data.py: Italian, English, chat shorthand) pairwise precision,
#: recall and F1 were 0.79/0.79/0.79 at 0.50, 1.00/0.67/0.80 at 0.55, 1.00/0.55/0.71 at 0.60.
#: Below 0.55 different questions about one country merge (a Vietnam visa with Vietnam
#: duties) and hide a gap; above it paraphrases split and one gap shows twice, which the
#: by-country tables still bring together. Other embedders have other scales: pass
#: `similarity`.
DEFAULT_SIMILARITY = 0.55
#: The most recent gap questions grouped; older ones still count in the figures.
MAX_GROUPED = 2000


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


# -- building ----------------------------------------------------------------------------------


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
    async with db.session() as s:
        answers = (
            await s.execute(
                select(
                    AnswerRecord.id,
                    AnswerRecord.created_at,
                    AnswerRecord.outcome,
                    AnswerRecord.question,
                ).where(AnswerRecord.created_at >= since, AnswerRecord.created_at < until)
            )
        ).all()
        feedback = (
            await s.execute(
                select(Feedback.answer_id, Feedback.helpful, Feedback.reason)
                .join(AnswerRecord, AnswerRecord.id == Feedback.answer_id)
                .where(AnswerRecord.created_at >= since, AnswerRecord.created_at < until)
            )
        ).all()
        tickets = (
            await s.execute(
                select(Ticket.opened_at, Ticket.first_reply_at).where(
                    Ticket.opened_at >= since, Ticket.opened_at < until
                )
            )
        ).all()

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


def group_questions(
    embedder: KnowledgeEmbeddings,
    questions: list[tuple[str, bool]],
    similarity: float = DEFAULT_SIMILARITY,
) -> list[GapTopic]:
    """Group (question, disliked) pairs into topics, the largest first (blocking)."""
    if not questions:
        return []
    texts = [q for q, _ in questions]
    vectors = np.asarray(embedder.embed_array(texts), dtype=np.float32)
    countries = [find_countries(t) for t in texts]
    groups = cluster(vectors, countries, similarity)
    topics = [_topic(g, vectors, texts, countries, questions) for g in groups]
    return sorted(topics, key=lambda t: -t.count)


def cluster(
    vectors: np.ndarray, countries: list[tuple[str, ...]], threshold: float
) -> list[list[int]]:
    """Greedy agglomerative grouping with average linkage: merge the two most similar groups
    while their mean pairwise cosine is at least `threshold`. Groups naming different countries
    never merge: the multilingual encoder puts "duties on wine in Chile" next to "in Argentina",
    but staff fill those gaps with different documents. Returns groups of row indices."""
    n = len(vectors)
    codes = {c: k for k, c in enumerate(sorted({c for cs in countries for c in cs}))}
    named = np.zeros((n, max(len(codes), 1)), dtype=bool)
    for i, cs in enumerate(countries):
        named[i, [codes[c] for c in cs]] = True
    sim = (vectors @ vectors.T).astype(np.float32)
    has = np.asarray(named.any(axis=1), dtype=bool)
    shared = (named.astype(np.int32) @ named.T.astype(np.int32)) > 0
    score = np.where(has[:, None] & has[None, :] & ~shared, -np.inf, sim).astype(np.float32)
    np.fill_diagonal(score, -np.inf)
    sizes = np.ones(n, dtype=np.float32)
    alive = np.ones(n, dtype=bool)
    members = [[i] for i in range(n)]
    nearest = score.argmax(axis=1)
    best = score[np.arange(n), nearest]
    while True:
        i = int(np.argmax(best))
        if not best[i] >= threshold:
            break
        j = int(nearest[i])
        # Lance-Williams update for average linkage: the merged group lives on in row i.
        sim[i] = (sizes[i] * sim[i] + sizes[j] * sim[j]) / (sizes[i] + sizes[j])
        sim[:, i] = sim[i]
        sizes[i] += sizes[j]
        named[i] |= named[j]
        members[i] += members[j]
        alive[j] = False
        score[j, :] = score[:, j] = best[j] = -np.inf
        if named[i].any():
            ok = alive & (~named.any(axis=1) | (named & named[i]).any(axis=1))
        else:
            ok = alive.copy()
        ok[i] = False
        row = np.where(ok, sim[i], -np.inf).astype(np.float32)
        score[i, :] = score[:, i] = row
        nearest[i] = int(np.argmax(row))
        best[i] = row[nearest[i]]
        others = alive.copy()
        others[i] = False
        stale = others & ((nearest == i) | (nearest == j))  # their nearest changed: rescan
        for r in np.flatnonzero(stale):
            nearest[r] = int(np.argmax(score[r]))
            best[r] = score[r, nearest[r]]
        closer = others & ~stale & (row > best)  # the merged group is now their nearest
        nearest[closer] = i
        best[closer] = row[closer]
    return [members[i] for i in range(n) if alive[i]]


def _topic(
    group: list[int],
    vectors: np.ndarray,
    texts: list[str],
    countries: list[tuple[str, ...]],
    questions: list[tuple[str, bool]],
) -> GapTopic:
    centroid = vectors[group].mean(axis=0)
    typical = sorted(group, key=lambda k: -float(vectors[k] @ centroid))
    examples: list[str] = []
    seen: set[str] = set()
    for k in typical:
        key = " ".join(texts[k].casefold().split())
        if key not in seen:
            seen.add(key)
            examples.append(texts[k])
        if len(examples) == 3:
            break
    named = Counter(c for k in group for c in countries[k])
    instruments = sum(focus(texts[k]).about_instruments for k in group)
    disliked = sum(questions[k][1] for k in group)
    return GapTopic(
        count=len(group),
        abstained=len(group) - disliked,
        disliked=disliked,
        examples=tuple(examples),
        countries=tuple(c for c, _ in named.most_common()),
        about_instruments=instruments * 2 > len(group),
    )


# -- rendering ---------------------------------------------------------------------------------

OUTCOME_LABELS = {
    "answered": "Risposte",
    "clarified": "Chiarimenti chiesti",
    "abstained": "Non coperte",
}
OUTCOME_COLOURS = {"answered": "#2e7d32", "clarified": "#f9a825", "abstained": "#c62828"}


def country_name(code: str) -> str:
    """`AR` → `Argentina`: the Italian name of an ISO code, as the entity table spells it."""
    names = COUNTRIES.get(code)
    return names[0].title() if names else code


def reason_label(reason: str, language: str = "it") -> str:
    if reason in FEEDBACK_REASONS:
        return ui_text(language, f"reason_{reason}").lower()
    return "senza motivo" if language != "en" else "no reason"


def _percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def _questions(count: int) -> str:
    return "1 domanda" if count == 1 else f"{count} domande"


def _per_day(report: QualityReport, language: str) -> str:
    """Questions a day with one decimal, a decimal comma in Italian."""
    value = f"{report.total / report.days:.1f}"
    return value if language == "en" else value.replace(".", ",")


def _minutes(minutes: float | None) -> str:
    if minutes is None:
        return "—"
    whole = round(minutes)
    if whole < 60:
        return f"{whole} min"
    return f"{whole // 60} h {whole % 60:02d} min"


def _clip(value: str, limit: int) -> str:
    flat = " ".join(value.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def render_charts(report: QualityReport) -> dict[str, bytes]:
    """PNG charts: `per_day` (questions per day by outcome), `outcomes` (shares and feedback)
    and, when there are any, `gaps` (the largest unanswered topics). Blocking: run it in a
    thread from async code. Uses Matplotlib's object API on the Agg canvas, no pyplot state."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    def png(fig: Figure) -> bytes:
        FigureCanvasAgg(fig)  # binds the Agg canvas: rendering never needs a display
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=110)
        return buffer.getvalue()

    charts: dict[str, bytes] = {}
    days = list(report.outcomes_per_day)
    fig = Figure(figsize=(9, 4.2), layout="constrained")
    ax = fig.add_subplot()
    x = np.arange(len(days))
    bottom = np.zeros(len(days))
    for outcome in OUTCOMES:
        values = np.array([report.outcomes_per_day[d][outcome] for d in days], dtype=float)
        ax.bar(
            x,
            values,
            bottom=bottom,
            color=OUTCOME_COLOURS[outcome],
            label=OUTCOME_LABELS[outcome],
            width=0.8,
        )
        bottom += values
    step = max(1, len(days) // 12)
    ax.set_xticks(x[::step], [f"{d:%d/%m}" for d in days[::step]], rotation=45, ha="right")
    ax.set_xlim(-0.6, len(days) - 0.4)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("Giorno")
    ax.set_ylabel("Domande")
    ax.set_title(f"Domande al giorno per esito ({report.start:%d/%m/%Y} – {report.end:%d/%m/%Y})")
    ax.set_ylim(0, max(1.0, float(bottom.max())) * 1.1)
    fig.legend(loc="outside lower center", ncols=len(OUTCOMES), frameon=False)
    ax.grid(axis="y", alpha=0.3)
    charts["per_day"] = png(fig)

    fig = Figure(figsize=(9, 3.8), layout="constrained")
    left, right = fig.subplots(1, 2, width_ratios=[1.1, 1])
    labels = [*OUTCOME_LABELS.values(), "Passate ai consulenti"]
    shares = [
        report.answered_share * 100,
        report.clarified_share * 100,
        report.abstained_share * 100,
        report.escalated_share * 100,
    ]
    colours = [*OUTCOME_COLOURS.values(), "#1565c0"]
    bars = left.barh(labels, shares, color=colours)
    left.bar_label(bars, labels=[f"{v:.0f}%" for v in shares], padding=3)
    left.invert_yaxis()
    left.set_xlim(0, 115)
    left.set_xlabel("% delle domande")
    left.set_title(f"Esiti ({report.total} domande)")
    fb_labels = ["Utili", *(f"Non utili: {reason_label(r)}" for r in report.down_reasons)]
    fb_values = [report.thumbs_up, *report.down_reasons.values()]
    fb_colours = ["#2e7d32", *(["#c62828"] * len(report.down_reasons))]
    bars = right.barh(fb_labels, fb_values, color=fb_colours)
    right.bar_label(bars, padding=3)
    right.invert_yaxis()
    right.set_xlim(0, max([1, *fb_values]) * 1.2)
    right.xaxis.set_major_locator(MaxNLocator(integer=True))
    right.set_xlabel("Valutazioni")
    right.set_title("Feedback degli utenti")
    charts["outcomes"] = png(fig)

    top = report.topics[:10]
    if top:
        fig = Figure(figsize=(9, 0.5 * len(top) + 1.4), layout="constrained")
        ax = fig.add_subplot()
        names = [_clip(t.examples[0], 55) if t.examples else "—" for t in top]
        ax.barh(range(len(top)), [t.abstained for t in top], color="#c62828", label="Non coperte")
        ax.barh(
            range(len(top)),
            [t.disliked for t in top],
            left=[t.abstained for t in top],
            color="#ef9a9a",
            label="Risposte non utili",
        )
        ax.set_yticks(range(len(top)), names)
        ax.invert_yaxis()
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("Domande")
        ax.set_ylabel("Tema (domanda più tipica)")
        fig.suptitle("Lacune principali della base di conoscenza: domande per tema")
        ax.set_xlim(0, top[0].count * 1.1)
        ax.legend(loc="lower right", frameon=False)
        charts["gaps"] = png(fig)
    return charts


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _topics_table(topics: list[GapTopic], limit: int = 20) -> str:
    if not topics:
        return "<p class='muted'>Nessuna domanda rimasta senza risposta.</p>"
    rows = []
    for n, t in enumerate(topics[:limit], 1):
        examples = "".join(f"<li>{_e(q)}</li>" for q in t.examples) or "<li>—</li>"
        where = ", ".join(f"{_e(country_name(c))} ({_e(c)})" for c in t.countries) or "—"
        kind = "strumenti finanziari" if t.about_instruments else "altro"
        rows.append(
            f"<tr><td>{n}</td><td class='num'>{t.count}</td><td class='num'>{t.abstained}</td>"
            f"<td class='num'>{t.disliked}</td><td><ul>{examples}</ul></td>"
            f"<td>{where}</td><td>{kind}</td></tr>"
        )
    more = (
        f"<p class='muted'>…e altri {len(topics) - limit} temi.</p>" if len(topics) > limit else ""
    )
    return (
        "<table><thead><tr><th>#</th><th>Domande</th><th>Non coperte</th><th>Non utili</th>"
        "<th>Esempi</th><th>Paesi</th><th>Tipo</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
        + more
    )


STYLE = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2rem auto;
max-width:1000px;color:#222;padding:0 1rem}
h1{font-size:1.6rem}h2{margin-top:2.2rem;border-bottom:1px solid #ddd;padding-bottom:.3rem}
table{border-collapse:collapse;width:100%;margin:.6rem 0}
th,td{border:1px solid #ddd;padding:.35rem .5rem;vertical-align:top;text-align:left}
th{background:#f4f6f8}td.num{text-align:right}ul{margin:0;padding-left:1.1rem}
img{max-width:100%;height:auto;display:block;margin:1rem 0}.muted{color:#666}
.figures td:first-child{width:45%}
"""


def render_html(report: QualityReport, charts: dict[str, bytes]) -> str:
    """A self-contained Italian HTML page: figures, charts as data URIs, topic tables."""
    period = f"{report.start:%d/%m/%Y} – {report.end:%d/%m/%Y}"
    figures = [
        ("Domande", f"{report.total} (in media {_per_day(report, 'it')} al giorno)"),
        ("Con risposta", f"{report.answered} ({_percent(report.answered_share)})"),
        ("Non coperte dalla base", f"{report.abstained} ({_percent(report.abstained_share)})"),
        (
            "Con richiesta di chiarimento",
            f"{report.clarified} ({_percent(report.clarified_share)})",
        ),
        (
            "Passate ai consulenti (ticket aperti)",
            f"{report.escalated} ({_percent(report.escalated_share)} delle domande)",
        ),
        (
            "Tempo mediano alla prima risposta del consulente",
            f"{_minutes(report.median_first_reply_minutes)} "
            f"(su {report.replied_tickets} ticket con risposta)",
        ),
        ("Feedback positivi", str(report.thumbs_up)),
        (
            "Feedback negativi",
            f"{report.thumbs_down}"
            + (
                " ("
                + ", ".join(f"{reason_label(r)}: {n}" for r, n in report.down_reasons.items())
                + ")"
                if report.down_reasons
                else ""
            ),
        ),
    ]
    parts = [
        "<!DOCTYPE html>",
        "<html lang='it'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>Sportello Export — qualità e lacune, {_e(period)}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>Sportello Export — qualità delle risposte e lacune ({_e(period)})</h1>",
        f"<p class='muted'>Generato il {report.generated_at.astimezone(ROME):%d/%m/%Y %H:%M}"
        " (ora di Roma). I giorni sono contati nel fuso orario di Roma.</p>",
        "<h2>Cifre principali</h2><table class='figures'><tbody>",
        *(f"<tr><td>{_e(k)}</td><td>{_e(v)}</td></tr>" for k, v in figures),
        "</tbody></table>",
    ]
    titles = {
        "per_day": "Domande al giorno per esito",
        "outcomes": "Esiti e feedback",
        "gaps": "Lacune principali",
    }
    if charts:
        parts.append("<h2>Grafici</h2>")
    for name, data in charts.items():
        encoded = base64.b64encode(data).decode("ascii")
        alt = titles.get(name, name)
        parts.append(f"<img src='data:image/png;base64,{encoded}' alt='{_e(alt)}'>")

    parts += [
        "<h2>Domande senza risposta, raggruppate per tema</h2>",
        "<p>Domande a cui la base non sapeva rispondere, più quelle con risposta giudicata non "
        "utile, raggruppate per somiglianza di significato (anche tra italiano e inglese). "
        f"In tutto {report.gap_questions} domande"
        + (
            f", di cui {report.purged_gap_questions} già cancellate per il periodo di "
            "conservazione (contate nelle cifre, non nei temi)."
            if report.purged_gap_questions
            else "."
        )
        + (
            f" Raggruppate le {MAX_GROUPED} più recenti; le altre contano solo nelle cifre."
            if report.gap_questions - report.purged_gap_questions > MAX_GROUPED
            else ""
        )
        + "</p>",
        _topics_table(report.topics),
        "<h2>Per paese</h2>",
    ]
    by_country = report.topics_by_country()
    if not by_country:
        parts.append("<p class='muted'>Nessun paese nominato nelle domande senza risposta.</p>")
    for code, topics in by_country.items():
        parts.append(
            f"<h3>{_e(country_name(code))} ({_e(code)}) — "
            f"{_questions(sum(t.count for t in topics))}</h3>"
        )
        parts.append(_topics_table(topics, limit=10))
    kinds = report.topics_by_kind()
    parts += [
        "<h2>Strumenti finanziari</h2>",
        "<p>Finanziamenti, contributi, garanzie, assicurazioni, bandi.</p>",
        _topics_table(kinds["instruments"]),
        "<h2>Altri temi</h2>",
        _topics_table(kinds["other"]),
        "</body></html>",
    ]
    return "\n".join(parts)


SUMMARY_TEXTS = {
    "it": {
        "title": "Sportello Export — qualità",
        "questions": "Domande: {total} ({per_day} al giorno)",
        "outcomes": "Risposte {a} ({ap}) · non coperte {n} ({np}) · chiarimenti {c} ({cp})",
        "escalated": "Ai consulenti: {e} ({ep}) · prima risposta in {m} (mediana)",
        "feedback": "Feedback: 👍 {up} · 👎 {down}",
        "gaps": "Lacune principali",
        "none": "Nessuna domanda senza risposta. 🎉",
        "instruments": "strumenti",
        "purged": "{n} domande senza testo (oltre il periodo di conservazione)",
    },
    "en": {
        "title": "Sportello Export — quality",
        "questions": "Questions: {total} ({per_day} a day)",
        "outcomes": "Answered {a} ({ap}) · not covered {n} ({np}) · clarified {c} ({cp})",
        "escalated": "To advisors: {e} ({ep}) · first reply in {m} (median)",
        "feedback": "Feedback: 👍 {up} · 👎 {down}",
        "gaps": "Top gaps",
        "none": "No unanswered questions. 🎉",
        "instruments": "instruments",
        "purged": "{n} questions without text (past retention)",
    },
}


def render_telegram_summary(report: QualityReport, language: str = "it") -> str:
    """Key figures and the five largest gaps in Telegram HTML, a few hundred characters."""
    lang = "en" if language == "en" else "it"
    t = SUMMARY_TEXTS[lang]
    feedback = t["feedback"].format(up=report.thumbs_up, down=report.thumbs_down)
    if report.down_reasons:
        feedback += (
            " ("
            + ", ".join(f"{reason_label(r, lang)} {n}" for r, n in report.down_reasons.items())
            + ")"
        )
    lines = [
        f"<b>{html.escape(t['title'])} {report.start:%d/%m}–{report.end:%d/%m/%Y}</b>",
        t["questions"].format(total=report.total, per_day=_per_day(report, lang)),
        t["outcomes"].format(
            a=report.answered,
            ap=_percent(report.answered_share),
            n=report.abstained,
            np=_percent(report.abstained_share),
            c=report.clarified,
            cp=_percent(report.clarified_share),
        ),
        t["escalated"].format(
            e=report.escalated,
            ep=_percent(report.escalated_share),
            m=_minutes(report.median_first_reply_minutes),
        ),
        html.escape(feedback, quote=False),
        "",
        f"<b>{html.escape(t['gaps'])}</b>",
    ]
    if not report.topics:
        lines.append(html.escape(t["none"], quote=False))
    for n, topic in enumerate(report.topics[:5], 1):
        tags = [*topic.countries[:3], *([t["instruments"]] if topic.about_instruments else [])]
        suffix = f" · {', '.join(tags)}" if tags else ""
        example = _clip(topic.examples[0], 110) if topic.examples else "—"
        lines.append(
            f"{n}. {html.escape(example, quote=False)} — {topic.count}×"
            + html.escape(suffix, quote=False)
        )
    if report.purged_gap_questions:
        lines.append(html.escape(t["purged"].format(n=report.purged_gap_questions), quote=False))
    return "\n".join(lines)


# -- command line ------------------------------------------------------------------------------


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
