"""The real bot `Application` over HTTP against the Bot API server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.app import BotApplication, build_application
from bot.settings import Settings
from tests.telegram_server import BotApiServer

os.environ.setdefault("PTB_TIMEDELTA", "true")

USER = 42


@pytest.fixture
async def telegram_server() -> AsyncIterator[BotApiServer]:
    async with BotApiServer() as server:
        server.add_user(USER, "Mario", username="mario", language_code="it")
        server.add_private_chat(USER)
        yield server


def bot_settings(server: BotApiServer, data_dir: Path, **overrides: Any) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        data_dir=data_dir,
        telegram_bot_token=server.token,
        telegram_api_url=server.base_url,
        llm_provider="",
        chroma_url="",
        **overrides,
    )


class RunningBot:
    """Starts and stops the real Application with long polling, like `run_polling`."""

    def __init__(self, application: BotApplication) -> None:
        self.application = application

    async def start(self) -> None:
        await self.application.initialize()
        if self.application.post_init:
            await self.application.post_init(self.application)
        assert self.application.updater is not None
        await self.application.updater.start_polling(poll_interval=0.0, timeout=1)
        await self.application.start()

    async def stop(self) -> None:
        assert self.application.updater is not None
        if self.application.updater.running:
            await self.application.updater.stop()
        if self.application.running:
            await self.application.stop()
        if self.application.post_shutdown:
            await self.application.post_shutdown(self.application)
        await self.application.shutdown()


@pytest.fixture
async def running_bot(
    telegram_server: BotApiServer, corpus_kb: Any, tmp_path: Path
) -> AsyncIterator[RunningBot]:
    settings = bot_settings(telegram_server, tmp_path)
    bot = RunningBot(build_application(settings, knowledge=corpus_kb))
    await bot.start()
    yield bot
    await bot.stop()


def bot_process_env(
    server: BotApiServer, kb: Any, database_url: str, **settings: str
) -> dict[str, str]:
    """The environment of a `sportello bot` process on the test server and knowledge base."""
    env = {
        **os.environ,
        "PTB_TIMEDELTA": "true",
        "DATA_DIR": str(kb.settings.data_dir),
        "DATABASE_URL": database_url,
        "TELEGRAM_BOT_TOKEN": server.token,
        "TELEGRAM_API_URL": server.base_url,
        "LLM_PROVIDER": "",
        "CHROMA_URL": "",
    }
    return env | settings


async def start_bot_process(env: dict[str, str]) -> asyncio.subprocess.Process:
    """`sportello bot` as its own process (output discarded)."""
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "bot",
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )


async def stop_bot_process(proc: asyncio.subprocess.Process) -> None:
    """SIGTERM (a graceful stop), then SIGKILL if it does not end within 30 s."""
    if proc.returncode is None:
        proc.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(proc.wait(), timeout=30)
        except TimeoutError:
            proc.kill()
            await proc.wait()
