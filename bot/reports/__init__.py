"""Reports for staff: SQL queries, topic grouping and rendering (no Telegram)."""

from bot.reports.building import build_report, report_period, write_report
from bot.reports.charts import render_charts
from bot.reports.model import GapTopic, QualityReport
from bot.reports.pages import render_html
from bot.reports.summary import render_telegram_summary
from bot.reports.topics import DEFAULT_SIMILARITY, cluster, group_questions

__all__ = [
    "DEFAULT_SIMILARITY",
    "GapTopic",
    "QualityReport",
    "build_report",
    "cluster",
    "group_questions",
    "render_charts",
    "render_html",
    "render_telegram_summary",
    "report_period",
    "write_report",
]
