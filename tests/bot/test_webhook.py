"""Webhook mode: Telegram's secret-token header is checked; a valid update is answered."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.app import build_application
from tests.bot.conftest import USER, bot_settings
from tests.conftest import free_port
from tests.telegram_server import BotApiServer

pytestmark = pytest.mark.integration


async def test_webhook_checks_the_secret_token_and_answers(
    telegram_server: BotApiServer, corpus_kb: Any, tmp_path: Path
) -> None:
    port = free_port()
    settings = bot_settings(
        telegram_server,
        tmp_path,
        webhook_url="https://bot.example.org",
        webhook_secret="s3cret-Token_1",
        webhook_port=port,
    )
    application = build_application(settings, knowledge=corpus_kb)
    await application.initialize()
    assert application.post_init is not None
    await application.post_init(application)
    assert application.updater is not None
    await application.updater.start_webhook(
        listen="127.0.0.1",
        port=port,
        url_path="telegram",
        webhook_url="https://bot.example.org/telegram",
        secret_token="s3cret-Token_1",
    )
    await application.start()
    try:
        assert telegram_server.webhook["url"] == "https://bot.example.org/telegram"
        update = telegram_server.user_message(USER, "cos'è l'eori?")
        body = json.dumps(update)
        url = f"http://127.0.0.1:{port}/telegram"
        headers = {"Content-Type": "application/json"}
        async with httpx.AsyncClient() as client:
            wrong = await client.post(
                url, content=body, headers={**headers, "X-Telegram-Bot-Api-Secret-Token": "wrong"}
            )
            missing = await client.post(url, content=body, headers=headers)
            right = await client.post(
                url,
                content=body,
                headers={**headers, "X-Telegram-Bot-Api-Secret-Token": "s3cret-Token_1"},
            )
        assert (wrong.status_code, missing.status_code, right.status_code) == (403, 403, 200)
        (reply,) = await telegram_server.wait_for_messages(USER, 1, timeout=30)
        assert "EORI" in reply.visible_text
    finally:
        await application.updater.stop()
        await application.stop()
        assert application.post_shutdown is not None
        await application.post_shutdown(application)
        await application.shutdown()
