"""The subscriptions' keyboards and the notice as sent: pure functions of topics and texts."""

from __future__ import annotations

import string
from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.subscriptions.store import KINDS
from bot.texts import TEXTS, text
from knowledge.entities import COUNTRIES

TITLE_LIMIT = 300


def country_name(code: str, language: str) -> str:
    """`US` → "🇺🇸 Stati Uniti" / "🇺🇸 United States"."""
    flag = "".join(chr(0x1F1E6 + ord(c) - ord("A")) for c in code)
    key = f"sub_country_{code}"
    if key in TEXTS["it"]:
        name = text(language, key)
    else:
        names = COUNTRIES.get(code)
        name = string.capwords(names[0]) if names else code
    return f"{flag} {name}"


def topic_label(topic: str, language: str) -> str:
    family, _, value = topic.partition(":")
    if family == "kind":
        return text(language, f"sub_kind_{value}")
    return country_name(value, language)


def topics_keyboard(
    countries: Sequence[str], chosen: set[str], language: str
) -> InlineKeyboardMarkup:
    """Kinds one per row, countries two per row, ✅ on the chosen ones, then "Fatto"."""

    def button(topic: str) -> InlineKeyboardButton:
        mark = "✅ " if topic in chosen else ""
        return InlineKeyboardButton(
            mark + topic_label(topic, language), callback_data=f"sub:{topic}"
        )

    rows = [[button(f"kind:{kind}")] for kind in KINDS]
    by_country = [f"country:{code}" for code in countries]
    rows += [[button(t) for t in by_country[i : i + 2]] for i in range(0, len(by_country), 2)]
    rows.append([InlineKeyboardButton(text(language, "sub_btn_done"), callback_data="sub:done")])
    return InlineKeyboardMarkup(rows)


def render_notice(title: str, language: str) -> str:
    """The notice: one short plain-text message with the document's title."""
    title = " ".join(title.split())
    if len(title) > TITLE_LIMIT:
        title = title[: TITLE_LIMIT - 1].rstrip() + "…"
    return text(language, "sub_notice", title=title)


def ask_keyboard(notification_id: int, language: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    text(language, "sub_btn_ask"), callback_data=f"subq:{notification_id}"
                )
            ]
        ]
    )
