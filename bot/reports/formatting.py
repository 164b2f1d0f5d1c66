"""Labels, numbers and durations as the report writes them (Italian first)."""

from __future__ import annotations

from bot.reports.model import QualityReport
from bot.texts import FEEDBACK_REASONS
from bot.texts import text as ui_text
from bot.texts.reports import NO_REASON, ONE_QUESTION, QUESTIONS
from knowledge.entities import COUNTRIES

OUTCOME_COLOURS = {"answered": "#2e7d32", "clarified": "#f9a825", "abstained": "#c62828"}


def country_name(code: str) -> str:
    """`AR` → `Argentina`: the Italian name of an ISO code, as the entity table spells it."""
    names = COUNTRIES.get(code)
    return names[0].title() if names else code


def reason_label(reason: str, language: str = "it") -> str:
    if reason in FEEDBACK_REASONS:
        return ui_text(language, f"reason_{reason}").lower()
    return NO_REASON["en" if language == "en" else "it"]


def percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def questions_label(count: int) -> str:
    return ONE_QUESTION if count == 1 else QUESTIONS.format(n=count)


def per_day(report: QualityReport, language: str) -> str:
    """Questions a day with one decimal, a decimal comma in Italian."""
    value = f"{report.total / report.days:.1f}"
    return value if language == "en" else value.replace(".", ",")


def minutes_label(minutes: float | None) -> str:
    if minutes is None:
        return "—"
    whole = round(minutes)
    if whole < 60:
        return f"{whole} min"
    return f"{whole // 60} h {whole % 60:02d} min"


def clip(value: str, limit: int) -> str:
    flat = " ".join(value.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
