"""The report as one self-contained HTML page (charts inlined)."""

from __future__ import annotations

import base64
import html

from bot.office_hours import ROME
from bot.reports.formatting import (
    country_name,
    minutes_label,
    per_day,
    percent,
    questions_label,
    reason_label,
)
from bot.reports.model import GapTopic, QualityReport
from bot.reports.topics import MAX_GROUPED
from bot.texts import reports as say


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _topics_table(topics: list[GapTopic], limit: int = 20) -> str:
    if not topics:
        return f"<p class='muted'>{_e(say.TOPICS_NONE)}</p>"
    rows = []
    for n, t in enumerate(topics[:limit], 1):
        examples = "".join(f"<li>{_e(q)}</li>" for q in t.examples) or "<li>—</li>"
        where = ", ".join(f"{_e(country_name(c))} ({_e(c)})" for c in t.countries) or "—"
        kind = say.TOPIC_INSTRUMENTS if t.about_instruments else say.TOPIC_OTHER
        rows.append(
            f"<tr><td>{n}</td><td class='num'>{t.count}</td><td class='num'>{t.abstained}</td>"
            f"<td class='num'>{t.disliked}</td><td><ul>{examples}</ul></td>"
            f"<td>{where}</td><td>{kind}</td></tr>"
        )
    more = (
        f"<p class='muted'>{_e(say.TOPICS_MORE.format(n=len(topics) - limit))}</p>"
        if len(topics) > limit
        else ""
    )
    header = "".join(f"<th>{_e(h)}</th>" for h in say.TOPICS_HEADER)
    return (
        f"<table><thead><tr>{header}</tr></thead><tbody>"
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


def _figure(template: tuple[str, str], **values: object) -> tuple[str, str]:
    """One row of the figures table: its label, and its value filled in."""
    label, value = template
    return label, value.format(**values)


def render_html(report: QualityReport, charts: dict[str, bytes]) -> str:
    """A self-contained Italian HTML page: figures, charts as data URIs, topic tables."""
    period = f"{report.start:%d/%m/%Y} – {report.end:%d/%m/%Y}"
    figures = [
        _figure(say.FIGURE_QUESTIONS, total=report.total, per_day=per_day(report, "it")),
        _figure(say.FIGURE_ANSWERED, n=report.answered, share=percent(report.answered_share)),
        _figure(say.FIGURE_ABSTAINED, n=report.abstained, share=percent(report.abstained_share)),
        _figure(say.FIGURE_CLARIFIED, n=report.clarified, share=percent(report.clarified_share)),
        _figure(say.FIGURE_ESCALATED, n=report.escalated, share=percent(report.escalated_share)),
        _figure(
            say.FIGURE_FIRST_REPLY,
            minutes=minutes_label(report.median_first_reply_minutes),
            n=report.replied_tickets,
        ),
        (say.FIGURE_THUMBS_UP, str(report.thumbs_up)),
        (
            say.FIGURE_THUMBS_DOWN,
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
        f"<title>{_e(say.PAGE_TITLE.format(period=period))}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>{_e(say.PAGE_HEADING.format(period=period))}</h1>",
        "<p class='muted'>"
        + _e(say.PAGE_GENERATED.format(at=report.generated_at.astimezone(ROME)))
        + "</p>",
        f"<h2>{_e(say.PAGE_FIGURES)}</h2><table class='figures'><tbody>",
        *(f"<tr><td>{_e(k)}</td><td>{_e(v)}</td></tr>" for k, v in figures),
        "</tbody></table>",
    ]
    titles = say.CHART_TITLES
    if charts:
        parts.append(f"<h2>{_e(say.PAGE_CHARTS)}</h2>")
    for name, data in charts.items():
        encoded = base64.b64encode(data).decode("ascii")
        alt = titles.get(name, name)
        parts.append(f"<img src='data:image/png;base64,{encoded}' alt='{_e(alt)}'>")

    intro = say.PAGE_GAPS_INTRO.format(n=report.gap_questions)
    intro += (
        say.PAGE_GAPS_PURGED.format(purged=report.purged_gap_questions)
        if report.purged_gap_questions
        else "."
    )
    if report.gap_questions - report.purged_gap_questions > MAX_GROUPED:
        intro += say.PAGE_GAPS_GROUPED.format(grouped=MAX_GROUPED)
    parts += [
        f"<h2>{_e(say.PAGE_GAPS)}</h2>",
        f"<p>{_e(intro)}</p>",
        _topics_table(report.topics),
        f"<h2>{_e(say.PAGE_BY_COUNTRY)}</h2>",
    ]
    by_country = report.topics_by_country()
    if not by_country:
        parts.append(f"<p class='muted'>{_e(say.PAGE_NO_COUNTRY)}</p>")
    for code, topics in by_country.items():
        heading = say.PAGE_COUNTRY.format(
            country=country_name(code),
            code=code,
            questions=questions_label(sum(t.count for t in topics)),
        )
        parts.append(f"<h3>{_e(heading)}</h3>")
        parts.append(_topics_table(topics, limit=10))
    kinds = report.topics_by_kind()
    parts += [
        f"<h2>{_e(say.PAGE_INSTRUMENTS)}</h2>",
        f"<p>{_e(say.PAGE_INSTRUMENTS_INTRO)}</p>",
        _topics_table(kinds["instruments"]),
        f"<h2>{_e(say.PAGE_OTHER_TOPICS)}</h2>",
        _topics_table(kinds["other"]),
        "</body></html>",
    ]
    return "\n".join(parts)
