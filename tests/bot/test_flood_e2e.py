"""Telegram's flood limits enforced by the server, and a load that exceeds them.

The Bot API test server answers 429 with `retry_after` as Telegram does when a bot sends more
than about one message per second to a chat (a burst of 3), 20 per minute to a group, or 30 per
second in all (`FloodLimits`), and lists every request sent to a chat before a `retry_after` it
was given had run out. The real Application (in this process, long polling, SQLite) answers
users who each ask three questions at once while a broadcast goes to a crowd of subscribers:
every chat gets more messages than its burst, and the bot's traffic more than 30 per second.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_application
from bot.db import Database
from bot.subscriptions import SubscriptionStore, announce_changes, render_notice
from tests.bot.conftest import RunningBot, bot_settings
from tests.bot.test_crash_burst import QUESTIONS, which_question
from tests.bot.test_subscriptions_e2e import add_crowd, document, settled
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
