"""A first question through the real Application and the local Bot API server."""

from __future__ import annotations

import pytest

from tests.bot.conftest import USER, RunningBot
from tests.telegram_server import BotApiServer

pytestmark = pytest.mark.integration


async def test_a_question_is_answered_with_sources(
    running_bot: RunningBot, telegram_server: BotApiServer
) -> None:
    telegram_server.user_message(USER, "quanto finanzia simest per le fiere?")
    (reply,) = await telegram_server.wait_for_messages(USER, 1, timeout=30)
    assert "500.000 euro" in reply.visible_text
    assert "Fonti" in reply.visible_text
