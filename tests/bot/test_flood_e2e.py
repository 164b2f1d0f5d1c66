"""Telegram's flood limits enforced by the server, and a load that exceeds them.

The Bot API test server answers 429 with `retry_after` as Telegram does when a bot sends more
than about one message per second to a chat (a burst of 3), 20 per minute to a group, or 30 per
second in all (`FloodLimits`), and lists every request sent to a chat before a `retry_after` it
was given had run out. The real Application (in this process, long polling, SQLite) answers
users who each ask three questions at once while a broadcast goes to a crowd of subscribers:
every chat gets more messages than its burst, and the bot's traffic more than 30 per second.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_application
from bot.storage.db import Database
from bot.subscriptions.handlers import announce_changes
from bot.subscriptions.keyboards import render_notice
from bot.subscriptions.store import SubscriptionStore
from knowledge.base import KnowledgeBase
from knowledge.settings import KnowledgeSettings
from tests.bot.conftest import RunningBot, bot_settings
from tests.bot.test_crash_burst import QUESTIONS, which_question
from tests.bot.test_escalation_e2e import make_bot, small_kb  # noqa: F401 (a fixture)
from tests.bot.test_subscriptions_e2e import add_crowd, document, settled
from tests.fake_llm import FakeOpenAI
from tests.telegram_server import BotApiServer, FloodLimits

pytestmark = pytest.mark.integration

ASKING = list(range(7000, 7012))  # users who ask, and are subscribed too


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SubscriptionStore]:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'sportello.db'}")
    await database.open()
    yield SubscriptionStore(database)
    await database.close()


async def ask_during_broadcast(
    server: BotApiServer,
    corpus_kb: Any,
    tmp_path: Path,
    store: SubscriptionStore,
    crowd_size: int,
) -> tuple[list[int], str]:
    """Everyone subscribes; the asking users send their three questions at once and a notice
    goes to all subscribers meanwhile. Returns the crowd and the notice's text."""
    for uid in ASKING:
        server.add_user(uid, f"U{uid}", language_code="it")
        server.add_private_chat(uid)
    crowd = add_crowd(server, crowd_size)
    for uid in [*ASKING, *crowd]:
        await store.subscribe(uid, uid, "country:US")
    settings = bot_settings(server, tmp_path, questions_per_minute=100)
    bot = RunningBot(build_application(settings, knowledge=corpus_kb))
    await bot.start()
    try:
        guide = document(corpus_kb, country="US", kind="country_guide")
        for uid in ASKING:
            for question, _ in QUESTIONS:
                server.user_message(uid, question)
        assert await announce_changes(bot.application, [guide]) == len(ASKING) + crowd_size
        await server.wait_for(
            lambda: (
                all(len(server.messages_to(uid)) >= len(QUESTIONS) + 1 for uid in ASKING)
                and all(server.messages_to(uid) for uid in crowd)
            ),
            timeout=120,
        )
        await settled(store)
    finally:
        await bot.stop()
    return crowd, render_notice(guide.title, "it")


def check_every_message_once_in_order(server: BotApiServer, crowd: list[int], notice: str) -> None:
    for uid in ASKING:
        sent = server.messages_to(uid)
        notices = [m for m in sent if m.text == notice]
        answers = [which_question(m.visible_text or "") for m in sent if m.text != notice]
        assert len(notices) == 1, uid
        assert answers == list(range(len(QUESTIONS))), (uid, [m.visible_text for m in sent])
    for uid in crowd:
        assert [m.text for m in server.messages_to(uid)] == [notice], uid


@pytest.fixture
async def flooding_server() -> AsyncIterator[BotApiServer]:
    async with BotApiServer(flood_limits=FloodLimits()) as running:
        yield running


async def test_answers_and_a_broadcast_over_telegrams_limits_arrive_once_in_order_unrefused(
    flooding_server: BotApiServer, corpus_kb: Any, tmp_path: Path, store: SubscriptionStore
) -> None:
    server = flooding_server
    crowd, notice = await ask_during_broadcast(server, corpus_kb, tmp_path, store, 150)
    check_every_message_once_in_order(server, crowd, notice)
    assert server.flood_violations() == []
    # The bot keeps under the documented limits itself (with headroom): Telegram need not
    # refuse anything.
    refused = [c for c in server.calls if c.status == 429]
    assert len(refused) <= 2, [(c.method, c.params.get("chat_id"), c.flood_scope) for c in refused]


async def test_a_limit_tighter_than_documented_gets_429s_that_are_waited_out(
    corpus_kb: Any, tmp_path: Path, store: SubscriptionStore
) -> None:
    # A chat takes bursts of 2, not 3: the bot's third message in a row to a chat is refused.
    async with BotApiServer(flood_limits=FloodLimits(chat_burst=2)) as server:
        crowd, notice = await ask_during_broadcast(server, corpus_kb, tmp_path, store, 20)
        check_every_message_once_in_order(server, crowd, notice)
        assert [c for c in server.calls if c.status == 429]  # refusals happened
        assert server.flood_violations() == []  # and each was waited out before sending again


TICKET_USERS = [(7100 + i, f"Utente{i}") for i in range(6)]
ADVISORS = -2002
ADVISOR = 43


async def open_ticket_as(server: BotApiServer, uid: int) -> None:
    """A user asks what the base does not cover, asks for an advisor, confirms, adds a detail."""
    server.user_message(uid, "serve un visto per la Mongolia?")
    answer = (await server.wait_for_messages(uid, 1, timeout=60))[-1]
    server.press_button(uid, answer.message_id, "🧑‍💼 Parla con un consulente")
    confirm = (await server.wait_for_messages(uid, 2, timeout=60))[-1]
    server.press_button(uid, confirm.message_id, "Sì, invia")
    await server.wait_for_messages(uid, 3, timeout=60)
    server.user_message(uid, f"dettaglio di {uid}")
    opened = (await server.wait_for_messages(uid, 4, timeout=60))[-1]
    assert "ticket #" in opened.visible_text
    for n in range(2):
        server.user_message(uid, f"messaggio {n} di {uid}")


async def test_many_tickets_over_a_groups_limit_reach_the_advisors_once_in_order(
    small_kb: KnowledgeBase,  # noqa: F811 (the fixture imported above)
    tmp_path: Path,
) -> None:
    # The advisors' group takes 4 messages in any 6 s, far below the 20 a minute the bot
    # paces itself to: the group's cards and relayed messages get 429s and must wait them out.
    limits = FloodLimits(group_burst=4, group_window=6.0)
    async with BotApiServer(flood_limits=limits) as server:
        server.add_user(ADVISOR, "Giulia")
        server.add_group(ADVISORS, "Consulenti", members=[ADVISOR])
        for uid, name in TICKET_USERS:
            server.add_user(uid, name, language_code="it")
            server.add_private_chat(uid)
        bot = make_bot(server, small_kb, tmp_path, ADVISORS)
        await bot.start()
        try:
            await asyncio.gather(*(open_ticket_as(server, uid) for uid, _ in TICKET_USERS))

            def relayed(uid: int) -> list[str]:
                texts = [m.visible_text or "" for m in server.messages_to(ADVISORS)]
                return [t for t in texts if f"di {uid}" in t and "messaggio" in t]

            await server.wait_for(
                lambda: all(len(relayed(uid)) == 2 for uid, _ in TICKET_USERS), timeout=180
            )
            await asyncio.sleep(2)  # a late duplicate would show now
        finally:
            await bot.stop()
        cards = [m for m in server.messages_to(ADVISORS) if "Ticket #" in (m.visible_text or "")]
        assert len(cards) == len(TICKET_USERS)
        for uid, _ in TICKET_USERS:
            texts = relayed(uid)
            assert len(texts) == 2, texts
            assert "messaggio 0" in texts[0], texts
            assert "messaggio 1" in texts[1], texts
        assert [c for c in server.calls if c.status == 429 and c.flood_scope == "group"]
        assert server.flood_violations() == []


async def test_long_answers_split_over_a_chats_limit_arrive_whole_and_in_order(
    corpus_kb: Any, tmp_path: Path
) -> None:
    # An answer of about 9,000 characters (an LLM's, faked at its HTTP seam) goes out as three
    # messages; a chat takes bursts of 2, so every user's third part is refused once.
    paragraphs = [f"Paragrafo {n}: " + "parola " * 120 + "[1]" for n in range(10)]
    fake = FakeOpenAI()
    fake.start()
    users = list(range(7200, 7205))
    for _ in users:
        fake.reply("\n\n".join(paragraphs))
    try:
        settings = KnowledgeSettings(
            data_dir=corpus_kb.settings.data_dir,
            llm_provider="openai",
            llm_model="test-model",
            llm_base_url=fake.url,
            llm_api_key="sk-test-key",
        )
        kb = KnowledgeBase(settings, corpus_kb.store, corpus_kb.embedder)
        async with BotApiServer(flood_limits=FloodLimits(chat_burst=2)) as server:
            for uid in users:
                server.add_user(uid, f"U{uid}", language_code="it")
                server.add_private_chat(uid)
            bot = RunningBot(build_application(bot_settings(server, tmp_path), knowledge=kb))
            await bot.start()
            try:
                for uid in users:
                    server.user_message(uid, "quanto finanzia simest per le fiere?")
                await server.wait_for(
                    lambda: all(len(server.messages_to(uid)) >= 3 for uid in users), timeout=120
                )
                await asyncio.sleep(2)
            finally:
                await bot.stop()
            for uid in users:
                parts = [m.visible_text or "" for m in server.messages_to(uid)]
                assert len(parts) == 3, [len(p) for p in parts]
                assert all(len(p) <= 4096 for p in parts)
                found = [n for part in parts for n in range(10) if f"Paragrafo {n}:" in part]
                assert found == list(range(10)), found
            assert [c for c in server.calls if c.status == 429 and c.flood_scope == "chat"]
            assert server.flood_violations() == []
    finally:
        fake.stop()
