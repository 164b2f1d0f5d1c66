"""Rendering answers for Telegram: escaped HTML, splitting over 4096 characters, short ids."""

from __future__ import annotations

import datetime as dt
import re

import telegram
from telegram.constants import ParseMode

from bot.edge.rendering import (
    MESSAGE_LIMIT,
    answer_keyboard,
    clarification_keyboard,
    pack_messages,
    reason_keyboard,
    render_answer,
)
from bot.office_hours import OfficeHours, easter
from knowledge.answers import Answer, Source
from tests.telegram_server import BotApiServer


def long_answer() -> Answer:
    paragraphs = [
        f"Paragrafo {i}: importo <b>{i}.000 euro</b> & condizioni «speciali». " * 6
        for i in range(60)
    ]
    sources = [
        Source(
            1,
            "corpus/a.md",
            "Guida <USA> & co",
            "https://example.org/a?x=1&y=2",
            "2026-11-01",
            "Dogane > Dazi",
        )
    ]
    return Answer(
        text="\n".join(paragraphs),
        sources=sources,
        confidence=0.9,
        language="it",
        covered=True,
        question="q",
        standalone_question="q",
    )


def test_long_answers_are_split_between_paragraphs_within_the_limit() -> None:
    messages = pack_messages(render_answer(long_answer()))
    assert len(messages) > 1
    assert all(len(m) <= MESSAGE_LIMIT for m in messages)
    for message in messages:
        for tag in ("b", "i", "a"):
            assert message.count(f"<{tag}") == message.count(f"</{tag}>")
    assert "<b>1.000" not in "".join(messages)  # user text is escaped, never markup
    assert "&lt;b&gt;1.000 euro&lt;/b&gt;" in messages[0]


def test_a_single_huge_paragraph_is_cut_between_words() -> None:
    messages = pack_messages(["parola " * 2000])
    assert all(len(m) <= MESSAGE_LIMIT for m in messages)
    assert " ".join(m.strip() for m in messages).split() == ["parola"] * 2000


def test_callback_data_stays_under_64_bytes() -> None:
    big = 2**62
    keyboards = [
        answer_keyboard(big, covered=False, language="it"),
        reason_keyboard(big, "en"),
        clarification_keyboard(big, ["Un'opzione con un titolo molto lungo " * 5] * 4),
    ]
    for keyboard in keyboards:
        for row in keyboard.inline_keyboard:
            for button in row:
                assert len(str(button.callback_data).encode()) <= 64


async def test_the_bot_api_accepts_every_part_of_a_long_answer() -> None:
    async with BotApiServer() as server:
        server.add_user(7, "Ada")
        server.add_private_chat(7)
        async with telegram.Bot(
            server.token, base_url=server.base_url, base_file_url=server.base_file_url
        ) as bot:
            for part in pack_messages(render_answer(long_answer())):
                await bot.send_message(7, part, parse_mode=ParseMode.HTML)
        texts = [m.visible_text or "" for m in server.messages_to(7)]
        assert len(texts) > 1
        assert re.search(r"Guida <USA> & co", texts[-1])


def test_office_hours_skip_weekends_and_holidays() -> None:
    office = OfficeHours.parse("09:00-18:00", "mon-fri", "12-25,12-26,easter-monday")
    christmas_eve_evening = dt.datetime(2026, 12, 24, 19, 0, tzinfo=dt.UTC)
    opening = office.next_opening(christmas_eve_evening)
    assert (opening.date(), opening.hour) == (dt.date(2026, 12, 28), 9)
    assert easter(2027) == dt.date(2027, 3, 28)
    assert office.is_holiday(dt.date(2027, 3, 29))
    assert not office.is_open(dt.datetime(2027, 3, 29, 10, 0, tzinfo=dt.UTC))
    assert office.is_open(dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC))
