"""Days and months in Italian and English, and `when` an office opens again."""

from __future__ import annotations

import datetime as dt

WEEKDAYS = {
    "it": ("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
MONTHS = {
    "it": (
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


def when(language: str, moment: dt.datetime) -> str:
    """`lunedì 28 dicembre alle 09:00` / `Monday 28 December at 09:00`."""
    lang = "en" if language == "en" else "it"
    day = WEEKDAYS[lang][moment.weekday()]
    month = MONTHS[lang][moment.month - 1]
    at = "at" if lang == "en" else "alle"
    return f"{day} {moment.day} {month} {at} {moment:%H:%M}"
