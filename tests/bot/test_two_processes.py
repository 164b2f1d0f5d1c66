"""Two bot processes on one database and one knowledge base: one is active, the other stands
by; nothing is answered twice, and the standby takes over when the active one is killed."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.bot.conftest import bot_process_env, start_bot_process, stop_bot_process
from tests.bot.test_storage_backends import state_database_url
from tests.telegram_server import BotApiServer

pytestmark = pytest.mark.integration

USERS = list(range(3000, 3010))


@pytest.fixture
async def server() -> AsyncIterator[BotApiServer]:
    async with BotApiServer() as running:
        for uid in USERS:
            running.add_user(uid, f"U{uid}", language_code="it")
            running.add_private_chat(uid)
        yield running


async def ask_everyone(server: BotApiServer, question: str, expected: int) -> None:
    for uid in USERS:
        server.user_message(uid, question)
    for uid in USERS:
        await server.wait_for_messages(uid, expected, timeout=90)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_one_process_answers_and_the_other_takes_over(
    server: BotApiServer, corpus_kb: Any, tmp_path: Path, backend: str
) -> None:
    database_url = await state_database_url(backend, tmp_path)
    env = bot_process_env(server, corpus_kb, database_url, QUESTIONS_PER_MINUTE="100")
    first = await start_bot_process(env)
    second: asyncio.subprocess.Process | None = None
    try:
        await server.wait_for(lambda: server.calls_to("getUpdates"), timeout=60)
        second = await start_bot_process(env)
        await asyncio.sleep(5)  # the second process is up and standing by
        await ask_everyone(server, "cos'è il numero eori?", 1)
        # Kill it between updates: a kill in the milliseconds between sending a reply and
        # recording it would repeat that reply (README, "Nothing lost, nothing twice").
        await asyncio.sleep(1)
        first.send_signal(signal.SIGKILL)
        await first.wait()
        await ask_everyone(server, "quanto finanzia simest per le fiere?", 2)
        await asyncio.sleep(2)
        for uid in USERS:
            replies = server.messages_to(uid)
            assert len(replies) == 2, uid
            assert "EORI" in (replies[0].visible_text or "")
            assert "500.000 euro" in (replies[1].visible_text or "")
        assert not [c for c in server.calls_to("getUpdates") if c.status == 409]
    finally:
        await stop_bot_process(first)
        if second is not None:
            await stop_bot_process(second)
