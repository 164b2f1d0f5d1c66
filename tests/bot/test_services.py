"""`open_services()` and `aclose()` on real components: SQLite, the leader lock, the starter
corpus' knowledge base."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path
from typing import Any

from telegram import Bot

from bot.services import open_services
from tests.bot.conftest import bot_settings
from tests.telegram_server import BotApiServer


async def test_a_start_that_fails_half_way_closes_what_it_opened(
    telegram_server: BotApiServer, corpus_kb: Any, tmp_path: Path
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        settings = bot_settings(telegram_server, tmp_path, metrics_port=port)
        bot = Bot(telegram_server.token, base_url=telegram_server.base_url)
        try:
            await open_services(settings, bot, knowledge=corpus_kb)
        except OSError:
            pass
        else:
            raise AssertionError("the ops server started on a port already in use")
    # The leader lock was given back: the next start takes it at once.
    settings = bot_settings(telegram_server, tmp_path)
    services = await asyncio.wait_for(open_services(settings, bot, knowledge=corpus_kb), 30)
    try:
        assert services.ops is None
        assert await services.state.unfinished_updates() == []
    finally:
        await services.aclose()
