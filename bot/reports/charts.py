"""The report's PNG charts, drawn with Matplotlib's object API on the Agg canvas."""

from __future__ import annotations

import io

import numpy as np

from bot.reports.formatting import OUTCOME_COLOURS, clip, reason_label
from bot.reports.model import OUTCOMES, QualityReport
from bot.texts import reports as say


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
            label=say.OUTCOME_LABELS[outcome],
            width=0.8,
        )
        bottom += values
    step = max(1, len(days) // 12)
    ax.set_xticks(x[::step], [f"{d:%d/%m}" for d in days[::step]], rotation=45, ha="right")
    ax.set_xlim(-0.6, len(days) - 0.4)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(say.CHART_DAY)
    ax.set_ylabel(say.CHART_QUESTIONS)
    ax.set_title(say.CHART_PER_DAY_TITLE.format(start=report.start, end=report.end))
    ax.set_ylim(0, max(1.0, float(bottom.max())) * 1.1)
    fig.legend(loc="outside lower center", ncols=len(OUTCOMES), frameon=False)
    ax.grid(axis="y", alpha=0.3)
    charts["per_day"] = png(fig)

    fig = Figure(figsize=(9, 3.8), layout="constrained")
    left, right = fig.subplots(1, 2, width_ratios=[1.1, 1])
    labels = [*say.OUTCOME_LABELS.values(), say.CHART_ESCALATED]
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
    left.set_xlabel(say.CHART_SHARE)
    left.set_title(say.CHART_OUTCOMES_TITLE.format(total=report.total))
    fb_labels = [
        say.CHART_USEFUL,
        *(say.CHART_NOT_USEFUL.format(reason=reason_label(r)) for r in report.down_reasons),
    ]
    fb_values = [report.thumbs_up, *report.down_reasons.values()]
    fb_colours = ["#2e7d32", *(["#c62828"] * len(report.down_reasons))]
    bars = right.barh(fb_labels, fb_values, color=fb_colours)
    right.bar_label(bars, padding=3)
    right.invert_yaxis()
    right.set_xlim(0, max([1, *fb_values]) * 1.2)
    right.xaxis.set_major_locator(MaxNLocator(integer=True))
    right.set_xlabel(say.CHART_RATINGS)
    right.set_title(say.CHART_FEEDBACK_TITLE)
    charts["outcomes"] = png(fig)

    top = report.topics[:10]
    if top:
        fig = Figure(figsize=(9, 0.5 * len(top) + 1.4), layout="constrained")
        ax = fig.add_subplot()
        names = [clip(t.examples[0], 55) if t.examples else "—" for t in top]
        ax.barh(
            range(len(top)),
            [t.abstained for t in top],
            color="#c62828",
            label=say.CHART_NOT_COVERED,
        )
        ax.barh(
            range(len(top)),
            [t.disliked for t in top],
            left=[t.abstained for t in top],
            color="#ef9a9a",
            label=say.CHART_DISLIKED,
        )
        ax.set_yticks(range(len(top)), names)
        ax.invert_yaxis()
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel(say.CHART_QUESTIONS)
        ax.set_ylabel(say.CHART_TOPIC)
        fig.suptitle(say.CHART_GAPS_TITLE)
        ax.set_xlim(0, top[0].count * 1.1)
        ax.legend(loc="lower right", frameon=False)
        charts["gaps"] = png(fig)
    return charts
