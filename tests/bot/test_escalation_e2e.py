"""Escalation end to end: a private chat, an advisors' group (forum and plain), the real bot
Application over HTTP, restarts in the middle of each step."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_application
from ingest.sources import root_for_path
from ingest.sync import Ingestor
from knowledge.base import KnowledgeBase
from knowledge.settings import KnowledgeSettings
from knowledge.store import KnowledgeStore, open_chroma_client
from tests.bot.conftest import USER, RunningBot, bot_settings
from tests.telegram_server import BotApiServer

pytestmark = pytest.mark.integration

FORUM = -1001000
PLAIN = -2002
GIULIA, LUCA, OUTSIDER = 43, 44, 45
CORPUS = Path(__file__).resolve().parents[2] / "knowledge" / "corpus"


@pytest.fixture
def small_kb(tmp_path: Path, embedder: Any) -> KnowledgeBase:
    """A knowledge base of its own (the FAQ test writes to it): two starter documents."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("faq/faq-eori.md", "instruments/simest-fiere-mostre.md"):
        shutil.copy(CORPUS / name, docs / Path(name).name)
    data = tmp_path / "kb"
    store = KnowledgeStore(open_chroma_client("", data / "chroma"), "sportello")
    Ingestor(store, embedder, lock_path=data / "ingest.lock", max_bytes=10**7).run(
        [root_for_path(str(docs))]
    )
    return KnowledgeBase(KnowledgeSettings(data_dir=data), store, embedder)


@pytest.fixture
async def server() -> AsyncIterator[BotApiServer]:
    async with BotApiServer() as running:
        running.add_user(USER, "Mario", username="mario", language_code="it")
        running.add_private_chat(USER)
        for uid, name in ((GIULIA, "Giulia"), (LUCA, "Luca"), (OUTSIDER, "Estraneo")):
            running.add_user(uid, name)
        running.add_supergroup(FORUM, "Consulenti", is_forum=True, members=[GIULIA, LUCA])
        running.add_group(PLAIN, "Consulenti", members=[GIULIA, LUCA])
        yield running


def make_bot(
    server: BotApiServer, kb: KnowledgeBase, data: Path, group: int, **overrides: Any
) -> RunningBot:
    settings = bot_settings(
        server,
        data,
        advisors_chat_id=group,
        office_days="mon-sun",
        office_hours="00:00-23:59",
        holidays="",
        **overrides,
    )
    return RunningBot(build_application(settings, knowledge=kb))


async def open_ticket(
    server: BotApiServer,
    question: str = "serve un visto per la Mongolia?",
    detail: str = "Mongolia, PMI tessile",
) -> Any:
    """The user asks, is not covered, taps the advisor button, confirms, adds a detail."""
    server.user_message(USER, question)
    answer = (await server.wait_for_messages(USER, 1, timeout=30))[-1]
    server.press_button(USER, answer.message_id, "🧑‍💼 Parla con un consulente")
    confirm = (await server.wait_for_messages(USER, 2, timeout=10))[-1]
    assert question in confirm.visible_text
    server.press_button(USER, confirm.message_id, "Sì, invia")
    prompt = (await server.wait_for_messages(USER, 3, timeout=10))[-1]
    assert "dettaglio" in prompt.visible_text
    server.user_message(USER, detail)
    opened = (await server.wait_for_messages(USER, 4, timeout=10))[-1]
    assert "ticket #" in opened.visible_text
    return opened


async def card_in(server: BotApiServer, group: int) -> Any:
    return await server.wait_for(
        lambda: next(
            (m for m in server.messages_to(group) if "Ticket #" in (m.visible_text or "")), None
        ),
        timeout=10,
    )


async def test_whole_loop_in_a_forum_group(
    server: BotApiServer, small_kb: KnowledgeBase, tmp_path: Path
) -> None:
    bot = make_bot(server, small_kb, tmp_path, FORUM)
    await bot.start()
    try:
        await open_ticket(server)
        card = await card_in(server, FORUM)
        assert card.message_thread_id is not None  # its own topic
        assert "Mongolia, PMI tessile" in card.visible_text
        assert "Mario (@mario)" in card.visible_text
        assert {b["text"] for b in card.buttons} >= {"🙋 Prendo io", "📝 Bozza", "✅ Chiudi"}
        thread = card.message_thread_id

        # Two advisors claim at once: one wins, the other is told.
        server.press_button(FORUM, card.message_id, "🙋 Prendo io", user=GIULIA)
        server.press_button(FORUM, card.message_id, "🙋 Prendo io", user=LUCA)
        answers = await server.wait_for(
            lambda: (
                [a for a in server.callback_answers.values() if a["text"]]
                if len([a for a in server.callback_answers.values() if a["text"]]) >= 2
                else None
            ),
            timeout=10,
        )
        texts = sorted(a["text"] for a in answers)
        assert any("è tuo" in t for t in texts)
        assert any("Già preso da" in t for t in texts)
        await server.wait_for(
            lambda: "In carico a" in (server.message(FORUM, card.message_id) or {}).get("text", "")
        )

        # The advisor's reply in the topic reaches the user, marked as an advisor's.
        server.user_message(
            FORUM,
            "Per la Mongolia serve il visto business: chieda all'ambasciata.",
            user=GIULIA,
            message_thread_id=thread,
        )
        relayed = (await server.wait_for_messages(USER, 5, timeout=10))[-1]
        assert relayed.visible_text.startswith("💬 ")
        assert "consulente" in relayed.visible_text
        assert "visto business" in relayed.visible_text

        # While the ticket is open the user's messages go to the advisors, not to the bot.
        server.user_message(USER, "grazie! e quanto costa simest per le fiere?")
        notice = (await server.wait_for_messages(USER, 6, timeout=10))[-1]
        assert "inoltrato" in notice.visible_text
        assert "Fonti" not in notice.visible_text
        await server.wait_for(
            lambda: any(
                "quanto costa simest" in (m.visible_text or "") for m in server.messages_to(FORUM)
            )
        )

        # /fine: back to the bot, and a 1-5 rating.
        server.user_message(USER, "/fine")
        rating = await server.wait_for(
            lambda: next((m for m in server.messages_to(USER) if len(m.buttons) == 5), None),
            timeout=10,
        )
        server.press_button(USER, rating.message_id, "5")
        await server.wait_for(
            lambda: "5/5" in (server.message(FORUM, card.message_id) or {}).get("text", "")
        )
        reply = await ask_bot(server, "quanto finanzia simest per le fiere?")
        assert "Fonti" in reply.visible_text

        # "Add to FAQ": the advisor's answer becomes a document the bot answers from.
        server.press_button(FORUM, card.message_id, "⭐ Aggiungi alle FAQ", user=GIULIA)
        await server.wait_for(
            lambda: any(
                "Aggiunto alle FAQ" in (m.visible_text or "") for m in server.messages_to(FORUM)
            ),
            timeout=60,
        )
        faq = (tmp_path / "faq" / "ticket-1.md").read_text(encoding="utf-8")
        assert "kind: faq" in faq
        assert "visto business" in faq
        server.add_user(99, "Paola")
        server.add_private_chat(99)
        answer = await ask_bot(
            server, "serve il visto per andare in Mongolia per lavoro?", chat=99
        )
        assert "visto business" in answer.visible_text
        assert "Mongolia" in answer.visible_text
    finally:
        await bot.stop()


async def ask_bot(server: BotApiServer, question: str, chat: int = USER) -> Any:
    before = len(server.messages_to(chat))
    server.user_message(chat, question)
    return (await server.wait_for_messages(chat, before + 1, timeout=30))[-1]


async def test_plain_group_threads_replies_under_the_card(
    server: BotApiServer, small_kb: KnowledgeBase, tmp_path: Path
) -> None:
    bot = make_bot(server, small_kb, tmp_path, PLAIN)
    await bot.start()
    try:
        await open_ticket(server)
        card = await card_in(server, PLAIN)
        assert card.message_thread_id is None
        server.user_message(PLAIN, "una chiacchiera che non c'entra", user=LUCA)
        server.user_message(
            PLAIN, "Ecco la risposta del consulente.", user=LUCA, reply_to=card.message_id
        )
        relayed = (await server.wait_for_messages(USER, 5, timeout=10))[-1]
        assert "Ecco la risposta del consulente." in relayed.visible_text
        await asyncio.sleep(0.5)
        assert len(server.messages_to(USER)) == 5
    finally:
        await bot.stop()


async def test_only_advisors_act_and_a_blocked_user_is_reported(
    server: BotApiServer, small_kb: KnowledgeBase, tmp_path: Path
) -> None:
    bot = make_bot(server, small_kb, tmp_path, FORUM)
    await bot.start()
    try:
        await open_ticket(server)
        card = await card_in(server, FORUM)
        # Someone removed from the group taps an old card's button.
        server.set_member_status(FORUM, OUTSIDER, "kicked", until_date=0)
        server.callback_query(FORUM, card.message_id, "tkc:1", user=OUTSIDER, check_button=False)
        refusal = await server.wait_for(
            lambda: next(
                (
                    a
                    for a in server.callback_answers.values()
                    if a["text"] and "Solo i consulenti" in a["text"]
                ),
                None,
            ),
        )
        assert refusal["show_alert"]
        server.block_user(USER)
        server.user_message(
            FORUM,
            "Risposta che non arriverà.",
            user=GIULIA,
            message_thread_id=card.message_thread_id,
        )
        await server.wait_for(
            lambda: any(
                "bloccato il bot" in (m.visible_text or "") for m in server.messages_to(FORUM)
            ),
            timeout=10,
        )
    finally:
        await bot.stop()


async def test_advisor_reply_posted_while_the_bot_is_down_arrives_once_after_restart(
    server: BotApiServer, small_kb: KnowledgeBase, tmp_path: Path
) -> None:
    bot = make_bot(server, small_kb, tmp_path, FORUM)
    await bot.start()
    await open_ticket(server)
    card = await card_in(server, FORUM)
    await bot.stop()
    server.user_message(
        FORUM,
        "Risposta scritta mentre il bot era spento.",
        user=GIULIA,
        message_thread_id=card.message_thread_id,
    )
    again = make_bot(server, small_kb, tmp_path, FORUM)
    await again.start()
    try:
        relayed = (await server.wait_for_messages(USER, 5, timeout=15))[-1]
        assert "mentre il bot era spento" in relayed.visible_text
        await asyncio.sleep(1.0)
        assert len(server.messages_to(USER)) == 5
    finally:
        await again.stop()


async def test_a_ticket_survives_a_restart_between_confirmation_and_detail(
    server: BotApiServer, small_kb: KnowledgeBase, tmp_path: Path
) -> None:
    bot = make_bot(server, small_kb, tmp_path, FORUM)
    await bot.start()
    server.user_message(USER, "serve un visto per la Mongolia?")
    answer = (await server.wait_for_messages(USER, 1, timeout=30))[-1]
    server.press_button(USER, answer.message_id, "🧑‍💼 Parla con un consulente")
    confirm = (await server.wait_for_messages(USER, 2, timeout=10))[-1]
    server.press_button(USER, confirm.message_id, "Sì, invia")
    prompt = (await server.wait_for_messages(USER, 3, timeout=10))[-1]
    await bot.stop()
    again = make_bot(server, small_kb, tmp_path, FORUM)
    await again.start()
    try:
        server.press_button(USER, prompt.message_id, "Salta")
        opened = (await server.wait_for_messages(USER, 4, timeout=10))[-1]
        assert "ticket #1" in opened.visible_text
        await card_in(server, FORUM)
    finally:
        await again.stop()


async def test_reminder_fires_after_a_restart(
    server: BotApiServer, small_kb: KnowledgeBase, tmp_path: Path
) -> None:
    quick = {"reminder_unclaimed_minutes": 0.03, "reminder_check_seconds": 0.5}
    bot = make_bot(server, small_kb, tmp_path, FORUM, reminder_unclaimed_minutes=60)
    await bot.start()
    await open_ticket(server)
    await card_in(server, FORUM)
    await bot.stop()
    await asyncio.sleep(2.0)
    again = make_bot(server, small_kb, tmp_path, FORUM, **quick)
    await again.start()
    try:
        await server.wait_for(
            lambda: any(
                "aspetta ancora" in (m.visible_text or "") for m in server.messages_to(FORUM)
            ),
            timeout=10,
        )
    finally:
        await again.stop()


async def test_human_request_in_words_and_ticket_list_for_advisors(
    server: BotApiServer, small_kb: KnowledgeBase, tmp_path: Path
) -> None:
    bot = make_bot(server, small_kb, tmp_path, FORUM)
    await bot.start()
    try:
        server.user_message(USER, "voglio parlare con una persona")
        prompt = (await server.wait_for_messages(USER, 1, timeout=10))[-1]
        assert "Scrivi qui la domanda" in prompt.visible_text
        server.user_message(USER, "Ho un cliente in Kenya che non paga, cosa faccio?")
        detail = (await server.wait_for_messages(USER, 2, timeout=10))[-1]
        server.press_button(USER, detail.message_id, "Salta")
        await server.wait_for_messages(USER, 3, timeout=10)
        await card_in(server, FORUM)
        server.user_message(FORUM, "/ticket", user=GIULIA)
        listing = await server.wait_for(
            lambda: next(
                (
                    m
                    for m in server.messages_to(FORUM)
                    if "Ticket aperti" in (m.visible_text or "")
                ),
                None,
            ),
            timeout=10,
        )
        assert "#1" in listing.visible_text
        assert "Kenya" in listing.visible_text
    finally:
        await bot.stop()
