"""Conversations with entrepreneurs, end to end: the real Application, long polling over HTTP,
the local Bot API server, the real corpus in a real Chroma, a real SQLite file."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from telegram import Update

from bot.app import build_application
from bot.storage.models import AnswerRecord, Feedback
from tests.bot.conftest import USER, RunningBot, bot_settings
from tests.telegram_server import BotApiServer

pytestmark = pytest.mark.integration


async def ask(server: BotApiServer, text: str, chat: int = USER, count: int | None = None) -> Any:
    before = len(server.messages_to(chat))
    server.user_message(chat, text)
    messages = await server.wait_for_messages(chat, count or before + 1, timeout=30)
    return messages[-1]


class TestStart:
    async def test_start_welcomes_in_the_users_language_with_example_buttons(
        self, running_bot: RunningBot, telegram_server: BotApiServer
    ) -> None:
        reply = await ask(telegram_server, "/start")
        assert "Sportello Export" in reply.visible_text
        assert "Mario" in reply.visible_text
        assert len(reply.buttons) == 4
        assert all(len(b["callback_data"].encode()) <= 64 for b in reply.buttons)

    async def test_an_example_button_is_answered(
        self, running_bot: RunningBot, telegram_server: BotApiServer
    ) -> None:
        welcome = await ask(telegram_server, "/start")
        telegram_server.press_button(USER, welcome.message_id, welcome.buttons[0]["text"])
        messages = await telegram_server.wait_for_messages(USER, 2, timeout=30)
        assert "Fonti" in messages[-1].visible_text

    async def test_commands_are_registered_in_italian_and_english(
        self, running_bot: RunningBot, telegram_server: BotApiServer
    ) -> None:
        registered = {
            lang: [c["command"] for c in cmds]
            for (_, lang), cmds in telegram_server.commands.items()
        }
        assert set(registered) == {"", "en"}
        for commands in registered.values():
            assert {
                "start",
                "help",
                "lingua",
                "nuovo",
                "consulente",
                "privacy",
                "cancella",
            } <= set(commands)

    async def test_english_speakers_get_english(
        self, running_bot: RunningBot, telegram_server: BotApiServer
    ) -> None:
        telegram_server.add_user(77, "John", language_code="en")
        telegram_server.add_private_chat(77)
        reply = await ask(telegram_server, "/start", chat=77)
        assert reply.visible_text.startswith("Hi John")


class TestQuestions:
    async def test_answer_has_sources_links_and_feedback_buttons(
        self, running_bot: RunningBot, telegram_server: BotApiServer
    ) -> None:
        reply = await ask(telegram_server, "quanto finanzia simest x le fiere?")
        assert "500.000 euro" in reply.visible_text
        assert "Fonti" in reply.visible_text
        assert reply.parse_mode == "HTML"
        assert '<a href="https://' in reply.text
        labels = [b["text"] for b in reply.buttons]
        assert labels[:2] == ["👍 Utile", "👎 Non utile"]
        assert any("consulente" in label for label in labels)
        actions = telegram_server.calls_to("sendChatAction")
        assert actions
        assert actions[0].params["action"] == "typing"

    async def test_uncovered_question_offers_an_advisor_first(
        self, running_bot: RunningBot, telegram_server: BotApiServer
    ) -> None:
        reply = await ask(telegram_server, "chi ha vinto il campionato di calcio ieri?")
        assert "consulente" in reply.visible_text
        assert "consulente" in reply.buttons[0]["text"]

    async def test_follow_up_uses_the_conversation(
        self, running_bot: RunningBot, telegram_server: BotApiServer
    ) -> None:
        await ask(telegram_server, "quali certificazioni servono per esportare in cina?")
        reply = await ask(telegram_server, "e per il giappone?")
        assert "Giappone" in reply.visible_text

    async def test_new_forgets_the_context(
        self, running_bot: RunningBot, telegram_server: BotApiServer
    ) -> None:
        await ask(telegram_server, "quali certificazioni servono per esportare in cina?")
        await ask(telegram_server, "/nuovo")
        reply = await ask(telegram_server, "e per il giappone?")
        assert "Guida Paese: Cina" not in reply.visible_text

    async def test_a_too_long_message_is_answered_from_its_first_part(
        self, running_bot: RunningBot, telegram_server: BotApiServer
    ) -> None:
        text = "quanto finanzia simest per le fiere? " + "x" * 3000
        reply = await ask(telegram_server, text)
        assert "1500" in reply.visible_text
        database = running_bot.application.bot_data.services.database
        assert database is not None
        async with database.session() as s:
            (record,) = (await s.execute(select(AnswerRecord))).scalars().all()
        assert record.question == text[:1500]

    @pytest.mark.parametrize("kind", ["sticker", "photo", "voice", "location", "document"])
    async def test_non_text_gets_a_short_explanation(
        self, running_bot: RunningBot, telegram_server: BotApiServer, kind: str
    ) -> None:
        if kind == "sticker":
            telegram_server.sticker(USER)
        elif kind == "photo":
            telegram_server.photo(USER)
        elif kind == "voice":
            telegram_server.voice(USER)
        elif kind == "location":
            telegram_server.location(USER, 45.46, 9.19)
        else:
            telegram_server.document(USER, "bando.pdf", b"%PDF-1.4 x", "application/pdf")
        (reply,) = await telegram_server.wait_for_messages(USER, 1, timeout=10)
        assert "testo" in reply.visible_text

    async def test_edited_message_is_answered_again_with_a_note(
        self, running_bot: RunningBot, telegram_server: BotApiServer
    ) -> None:
        update = telegram_server.user_message(USER, "cos'è l'eori?")
        await telegram_server.wait_for_messages(USER, 1, timeout=30)
        telegram_server.edited_message(
            USER, update["message"]["message_id"], "cos'è l'incoterm cif?"
        )
        messages = await telegram_server.wait_for_messages(USER, 2, timeout=30)
        assert "modificato" in messages[-1].visible_text
        assert "Incoterms" in messages[-1].visible_text

    async def test_groups_are_answered_only_when_the_bot_is_addressed(
        self, running_bot: RunningBot, telegram_server: BotApiServer
    ) -> None:
        group = -500
        telegram_server.add_group(group, "Imprenditori", members=[USER])
        telegram_server.user_message(group, "cos'è l'eori?", user=USER)
        telegram_server.user_message(group, "@sportello_test_bot cos'è l'eori?", user=USER)
        (reply,) = await telegram_server.wait_for_messages(group, 1, timeout=30)
        assert "EORI" in reply.visible_text
        await asyncio.sleep(0.5)
        assert len(telegram_server.messages_to(group)) == 1


class TestFeedback:
    async def test_thumbs_down_asks_why_and_stores_the_reason(
        self, running_bot: RunningBot, telegram_server: BotApiServer
    ) -> None:
        reply = await ask(telegram_server, "cos'è l'eori?")
        telegram_server.press_button(USER, reply.message_id, "👎 Non utile")
        messages = await telegram_server.wait_for_messages(USER, 2, timeout=10)
        assert "Cosa non andava" in messages[-1].visible_text
        telegram_server.press_button(USER, messages[-1].message_id, "Incompleta")
        await telegram_server.wait_for(
            lambda: (
                (telegram_server.message(USER, messages[-1].message_id) or {}).get("text")
                == "Grazie per il riscontro!"
            )
        )
        database = running_bot.application.bot_data.services.database
        assert database is not None
        async with database.session() as s:
            rows = (await s.execute(select(Feedback))).scalars().all()
        assert [(r.helpful, r.reason) for r in rows] == [(False, "incomplete")]


class TestLanguageAndPrivacy:
    async def test_lingua_switches_to_english(
        self, running_bot: RunningBot, telegram_server: BotApiServer
    ) -> None:
        menu = await ask(telegram_server, "/lingua")
        telegram_server.press_button(USER, menu.message_id, "🇬🇧 English")
        await telegram_server.wait_for(
            lambda: (
                "English" in (telegram_server.message(USER, menu.message_id) or {}).get("text", "")
            )
        )
        reply = await ask(telegram_server, "cos'è l'eori?")
        assert "Sources" in reply.visible_text

    async def test_cancella_deletes_the_users_data_after_confirmation(
        self, running_bot: RunningBot, telegram_server: BotApiServer
    ) -> None:
        await ask(telegram_server, "cos'è l'eori?")
        confirm = await ask(telegram_server, "/cancella")
        telegram_server.press_button(USER, confirm.message_id, "Sì, cancella")
        await telegram_server.wait_for(
            lambda: (
                "cancellato"
                in (telegram_server.message(USER, confirm.message_id) or {}).get("text", "")
            )
        )
        state = running_bot.application.bot_data.services.state
        assert state is not None
        assert await state.recent_turns(USER, 10, __import__("datetime").timedelta(days=1)) == []


class TestTelegramFailures:
    async def test_flood_429_retry_after_is_honoured(
        self, running_bot: RunningBot, telegram_server: BotApiServer
    ) -> None:
        telegram_server.fail_next("sendMessage", 429, retry_after=1)
        reply = await ask(telegram_server, "cos'è l'eori?")
        assert "EORI" in reply.visible_text
        (wait,) = telegram_server.flood_waits("sendMessage")
        assert wait.honoured

    async def test_5xx_answers_are_retried(
        self, running_bot: RunningBot, telegram_server: BotApiServer
    ) -> None:
        telegram_server.fail_next("sendMessage", 502, "Bad Gateway", count=2)
        reply = await ask(telegram_server, "cos'è l'eori?")
        assert "EORI" in reply.visible_text
        statuses = [c.status for c in telegram_server.calls_to("sendMessage")]
        assert statuses[:3] == [502, 502, 200]

    async def test_a_user_who_blocked_the_bot_does_not_stop_it(
        self, running_bot: RunningBot, telegram_server: BotApiServer
    ) -> None:
        telegram_server.add_user(90, "Anna")
        telegram_server.add_private_chat(90)
        telegram_server.block_user(90)
        telegram_server.user_message(90, "cos'è l'eori?")
        reply = await ask(telegram_server, "cos'è l'eori?")
        assert "EORI" in reply.visible_text


class TestConcurrency:
    async def test_fifty_users_each_get_their_own_answers_in_order(
        self, running_bot: RunningBot, telegram_server: BotApiServer
    ) -> None:
        users = list(range(1000, 1050))
        for uid in users:
            telegram_server.add_user(uid, f"U{uid}")
            telegram_server.add_private_chat(uid)
        for uid in users:
            telegram_server.user_message(uid, "quanto finanzia simest per le fiere?")
            telegram_server.user_message(uid, "cos'è il numero eori?")
        for uid in users:
            first, second = await telegram_server.wait_for_messages(uid, 2, timeout=120)
            assert "500.000 euro" in first.visible_text, uid
            assert "EORI" in second.visible_text, uid


class TestRestart:
    async def test_updates_sent_while_the_bot_is_down_are_answered_once_after_restart(
        self, telegram_server: BotApiServer, corpus_kb: Any, tmp_path: Path
    ) -> None:
        settings = bot_settings(telegram_server, tmp_path)
        first = RunningBot(build_application(settings, knowledge=corpus_kb))
        await first.start()
        await ask(telegram_server, "cos'è l'eori?")
        await first.stop()
        telegram_server.user_message(USER, "quanto finanzia simest per le fiere?")
        second = RunningBot(build_application(settings, knowledge=corpus_kb))
        await second.start()
        try:
            messages = await telegram_server.wait_for_messages(USER, 2, timeout=30)
            await asyncio.sleep(1.0)
            messages = telegram_server.messages_to(USER)
            assert len(messages) == 2
            assert "500.000 euro" in messages[1].visible_text
        finally:
            await second.stop()

    async def test_an_update_delivered_again_after_it_was_handled_is_not_answered_twice(
        self, running_bot: RunningBot, telegram_server: BotApiServer
    ) -> None:
        update = telegram_server.user_message(USER, "cos'è l'eori?")
        await telegram_server.wait_for_messages(USER, 1, timeout=30)
        # The same update again, as a webhook retry or an unconfirmed poll would bring it.
        application = running_bot.application
        await application.update_queue.put(Update.de_json(update, application.bot))
        await asyncio.sleep(1.5)
        assert len(telegram_server.messages_to(USER)) == 1


class TestLogs:
    async def test_logs_hold_neither_the_token_nor_the_message_text(
        self,
        running_bot: RunningBot,
        telegram_server: BotApiServer,
        caplog: pytest.LogCaptureFixture,
    ) -> None:
        from bot.cli import configure_logging

        configure_logging(verbose=True)
        caplog.set_level(logging.DEBUG)
        secret_question = "quanto finanzia simest per la fiera di Düsseldorf zxqw?"
        await ask(telegram_server, secret_question)
        logged = caplog.text
        assert "answered chat=" in logged
        assert telegram_server.token not in logged
        assert "zxqw" not in logged
