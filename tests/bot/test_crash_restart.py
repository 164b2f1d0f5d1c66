"""A bot process killed (SIGKILL) while answering: after a restart the question is answered
exactly once, although Telegram already considers the update delivered.

The slow step is an LLM faked at its HTTP seam (no hosted model can run here): the bot is
killed while it waits for the completion.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.bot.conftest import USER, bot_process_env, start_bot_process, stop_bot_process
from tests.fake_llm import FakeOpenAI
from tests.telegram_server import BotApiServer

pytestmark = pytest.mark.integration


@pytest.fixture
def fake_llm() -> Iterator[FakeOpenAI]:
    fake = FakeOpenAI()
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
async def server() -> AsyncIterator[BotApiServer]:
    async with BotApiServer() as running:
        running.add_user(USER, "Mario", language_code="it")
        running.add_private_chat(USER)
        yield running


async def test_answer_in_flight_at_a_crash_is_given_once_after_restart(
    server: BotApiServer, fake_llm: FakeOpenAI, corpus_kb: Any, tmp_path: Path
) -> None:
    env = bot_process_env(
        server,
        corpus_kb,
        f"sqlite+aiosqlite:///{tmp_path / 'state.db'}",
        LLM_PROVIDER="openai",
        LLM_MODEL="test-model",
        LLM_BASE_URL=fake_llm.url,
        LLM_API_KEY="sk-test-key",
    )
    fake_llm.reply("Il massimo è 500.000 euro [1].", delay=60)
    bot = await start_bot_process(env)
    try:
        await server.wait_for(lambda: server.calls_to("getUpdates"), timeout=60)
        server.user_message(USER, "simest fiere importo massimo")
        await server.wait_for(lambda: fake_llm.requests, timeout=30)
        # Telegram has been told the update arrived: only the bot's journal still has it.
        await server.wait_for(lambda: not server.pending_updates(), timeout=10)
        bot.send_signal(signal.SIGKILL)
        await bot.wait()
    finally:
        if bot.returncode is None:
            bot.kill()
            await bot.wait()
    assert server.messages_to(USER) == []

    fake_llm.replies.clear()
    fake_llm.reply("Il massimo è 500.000 euro [1].")
    restarted = await start_bot_process(env)
    try:
        (reply,) = await server.wait_for_messages(USER, 1, timeout=60)
        assert "500.000 euro" in reply.visible_text
        await asyncio.sleep(2)
        assert len(server.messages_to(USER)) == 1
    finally:
        await stop_bot_process(restarted)
