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
        ("Domande", f"{report.total} (in media {per_day(report, 'it')} al giorno)"),
        ("Con risposta", f"{report.answered} ({percent(report.answered_share)})"),
        ("Non coperte dalla base", f"{report.abstained} ({percent(report.abstained_share)})"),
        (
            "Con richiesta di chiarimento",
            f"{report.clarified} ({percent(report.clarified_share)})",
        ),
        (
            "Passate ai consulenti (ticket aperti)",
            f"{report.escalated} ({percent(report.escalated_share)} delle domande)",
        ),
        (
            "Tempo mediano alla prima risposta del consulente",
            f"{minutes_label(report.median_first_reply_minutes)} "
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
            f"{questions_label(sum(t.count for t in topics))}</h3>"
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
