"""The report's short summary in Telegram's HTML dialect, in Italian or English."""

from __future__ import annotations

import html

from bot.reports.formatting import clip, minutes_label, per_day, percent, reason_label
from bot.reports.model import QualityReport
from bot.texts.reports import SUMMARY


def render_telegram_summary(report: QualityReport, language: str = "it") -> str:
    """Key figures and the five largest gaps in Telegram HTML, a few hundred characters."""
    lang = "en" if language == "en" else "it"
    t = SUMMARY[lang]
    feedback = t["feedback"].format(up=report.thumbs_up, down=report.thumbs_down)
    if report.down_reasons:
        feedback += (
            " ("
            + ", ".join(f"{reason_label(r, lang)} {n}" for r, n in report.down_reasons.items())
            + ")"
        )
    lines = [
        f"<b>{html.escape(t['title'])} {report.start:%d/%m}–{report.end:%d/%m/%Y}</b>",
        t["questions"].format(total=report.total, per_day=per_day(report, lang)),
        t["outcomes"].format(
            a=report.answered,
            ap=percent(report.answered_share),
            n=report.abstained,
            np=percent(report.abstained_share),
            c=report.clarified,
            cp=percent(report.clarified_share),
        ),
        t["escalated"].format(
            e=report.escalated,
            ep=percent(report.escalated_share),
            m=minutes_label(report.median_first_reply_minutes),
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
        example = clip(topic.examples[0], 110) if topic.examples else "—"
        lines.append(
            f"{n}. {html.escape(example, quote=False)} — {topic.count}×"
            + html.escape(suffix, quote=False)
        )
    if report.purged_gap_questions:
        lines.append(html.escape(t["purged"].format(n=report.purged_gap_questions), quote=False))
    return "\n".join(lines)
