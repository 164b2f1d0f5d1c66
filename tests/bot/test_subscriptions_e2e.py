"""Subscriptions and broadcasts end to end: the real bot Application over HTTP against the Bot
API test server, a real SQLite file, the starter corpus as the knowledge base.

Documents are not ingested here: notices are announced with the corpus's own `DocumentRecord`s
(a new version is the same record with another hash), as staff ingest code would after an
upload or a refresh.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.app import build_application
from bot.storage.db import Database
from bot.subscriptions.handlers import announce_changes, error_outcome
from bot.subscriptions.store import SubscriptionStore
from knowledge.store import DocumentRecord
from tests.bot.conftest import USER, RunningBot, bot_settings
from tests.telegram_server import BotApiServer

pytestmark = pytest.mark.integration

ANNA, BRUNO, CARLA, DARIO, EMMA = 51, 52, 53, 54, 55
CROWD = 1_000_000  # first id of the broadcast tests' users


# -- fixtures and helpers -------------------------------------------------------------------


@pytest.fixture
async def server() -> AsyncIterator[BotApiServer]:
    async with BotApiServer() as running:
        running.add_user(USER, "Mario", username="mario", language_code="it")
        running.add_private_chat(USER)
        for uid, lang in ((ANNA, "it"), (BRUNO, "it"), (CARLA, "en"), (DARIO, "it"), (EMMA, "it")):
            running.add_user(uid, f"Utente {uid}", language_code=lang)
            running.add_private_chat(uid)
        yield running


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    """The bot's SQLite file, opened (and migrated) by the test itself."""
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'sportello.db'}")
    await database.open()
    yield database
    await database.close()


@pytest.fixture
def store(db: Database) -> SubscriptionStore:
    return SubscriptionStore(db)


def make_bot(server: BotApiServer, kb: Any, data: Path) -> RunningBot:
    """The production application, subscriptions included."""
    return RunningBot(build_application(bot_settings(server, data), knowledge=kb))


def document(kb: Any, country: str = "", kind: str = "") -> DocumentRecord:
    """A starter document by country or kind."""
    docs = kb.store.documents().values()
    return next(d for d in docs if (not country or d.country == country) and d.kind == kind)


def labels(message: dict[str, Any] | None) -> list[str]:
    rows = ((message or {}).get("reply_markup") or {}).get("inline_keyboard", [])
    return [b["text"] for row in rows for b in row]


def add_crowd(server: BotApiServer, count: int) -> list[int]:
    ids = list(range(CROWD, CROWD + count))
    for uid in ids:
        server.add_user(uid, language_code="it")
        server.add_private_chat(uid)
    return ids


async def settled(store: SubscriptionStore, within_s: float = 30.0) -> dict[str, int]:
    """Delivery counts once nothing is pending or being sent."""
    deadline = time.monotonic() + within_s
    while True:
        counts = await store.counts()
        if not counts.get("pending") and not counts.get("sending"):
            return counts
        assert time.monotonic() < deadline, f"deliveries never settled: {counts}"
        await asyncio.sleep(0.2)


# -- /iscrivi and /disiscrivi ---------------------------------------------------------------


async def test_iscrivi_offers_kinds_and_countries_and_a_tap_toggles_a_subscription(
    server: BotApiServer, corpus_kb: Any, tmp_path: Path, db: Database, store: SubscriptionStore
) -> None:
    bot = make_bot(server, corpus_kb, tmp_path)
    await bot.start()
    try:
        server.user_message(USER, "/iscrivi")
        menu = (await server.wait_for_messages(USER, 1, timeout=10))[-1]
        shown = [b["text"] for b in menu.buttons]
        assert shown[:3] == ["Finanziamenti e contributi", "Guide Paese", "FAQ"]
        assert {"🇺🇸 Stati Uniti", "🇩🇪 Germania", "🇦🇪 Emirati Arabi Uniti"} <= set(shown)
        assert shown[-1] == "Fatto"
        assert all(len(b["callback_data"].encode()) <= 64 for b in menu.buttons)

        server.press_button(USER, menu.message_id, "🇺🇸 Stati Uniti")
        await server.wait_for(
            lambda: "✅ 🇺🇸 Stati Uniti" in labels(server.message(USER, menu.message_id))
        )
        assert await store.topics(USER) == {"country:US"}
        assert any(
            a["text"] == "Avvisi attivi: 🇺🇸 Stati Uniti" for a in server.callback_answers.values()
        )

        server.press_button(USER, menu.message_id, "Guide Paese")
        await server.wait_for(
            lambda: "✅ Guide Paese" in labels(server.message(USER, menu.message_id))
        )
        server.press_button(USER, menu.message_id, "✅ 🇺🇸 Stati Uniti")
        await server.wait_for(
            lambda: "🇺🇸 Stati Uniti" in labels(server.message(USER, menu.message_id))
        )
        assert await store.topics(USER) == {"kind:country_guide"}

        server.press_button(USER, menu.message_id, "Fatto")
        await server.wait_for(
            lambda: "Guide Paese" in (server.message(USER, menu.message_id) or {}).get("text", "")
        )
        assert len(server.messages_to(USER)) == 1  # everything happened in the menu message
    finally:
        await bot.stop()


async def test_disiscrivi_removes_every_subscription_and_says_so(
    server: BotApiServer, corpus_kb: Any, tmp_path: Path, db: Database, store: SubscriptionStore
) -> None:
    await store.subscribe(USER, USER, "country:US")
    await store.subscribe(USER, USER, "kind:faq")
    bot = make_bot(server, corpus_kb, tmp_path)
    await bot.start()
    try:
        server.user_message(USER, "/disiscrivi")
        reply = (await server.wait_for_messages(USER, 1, timeout=10))[-1]
        assert "iscrizioni tolte: 2" in (reply.visible_text or "")
        assert await store.topics(USER) == set()

        server.user_message(USER, "/disiscrivi")
        again = (await server.wait_for_messages(USER, 2, timeout=10))[-1]
        assert "Non eri iscritto" in (again.visible_text or "")
    finally:
        await bot.stop()


# -- notices --------------------------------------------------------------------------------


async def test_a_notice_reaches_only_matching_subscribers_and_chiedi_answers_about_it(
    server: BotApiServer, corpus_kb: Any, tmp_path: Path, db: Database, store: SubscriptionStore
) -> None:
    await store.subscribe(ANNA, ANNA, "country:US")
    await store.subscribe(BRUNO, BRUNO, "kind:instrument")
    await store.subscribe(CARLA, CARLA, "kind:country_guide", "en")
    await store.subscribe(DARIO, DARIO, "country:DE")
    await store.subscribe(EMMA, EMMA, "country:US")
    await store.subscribe(EMMA, EMMA, "kind:country_guide")  # two matching topics, one notice
    guide = document(corpus_kb, country="US", kind="country_guide")
    bot = make_bot(server, corpus_kb, tmp_path)
    await bot.start()
    try:
        assert await announce_changes(bot.application, [guide]) == 3
        notice = (await server.wait_for_messages(ANNA, 1, timeout=10))[-1]
        english = (await server.wait_for_messages(CARLA, 1, timeout=10))[-1]
        await server.wait_for_messages(EMMA, 1, timeout=10)
        assert guide.title in (notice.visible_text or "")
        assert [b["text"] for b in notice.buttons] == ["Chiedi"]
        assert "New in Sportello Export" in (english.visible_text or "")
        assert [b["text"] for b in english.buttons] == ["Ask"]
        assert await settled(store) == {"sent": 3}
        assert server.messages_to(BRUNO) == server.messages_to(DARIO) == []
        assert len(server.messages_to(EMMA)) == 1

        server.press_button(ANNA, notice.message_id, "Chiedi")
        answer = (await server.wait_for_messages(ANNA, 2, timeout=30))[-1]
        assert guide.title in (answer.visible_text or "")  # cited among the sources

        # The same version again: nothing; an instrument: Bruno only.
        assert await announce_changes(bot.application, [guide]) == 0
        instrument = document(corpus_kb, kind="instrument")
        assert await announce_changes(bot.application, [instrument]) == 1
        bruno = (await server.wait_for_messages(BRUNO, 1, timeout=10))[-1]
        assert instrument.title in (bruno.visible_text or "")
        assert len(server.messages_to(ANNA)) == 2  # the notice and the answer, nothing more
    finally:
        await bot.stop()


async def test_same_version_announced_twice_queues_nothing_and_a_new_version_replaces_unsent(
    corpus_kb: Any, store: SubscriptionStore
) -> None:
    guide = document(corpus_kb, country="US", kind="country_guide")
    for uid in (ANNA, EMMA):
        await store.subscribe(uid, uid, "country:US")
    assert await store.announce([guide]) == 2
    assert await store.announce([guide]) == 0
    newer = dataclasses.replace(guide, doc_hash=guide.doc_hash[::-1])
    assert await store.announce([newer, newer]) == 2
    pending = await store.next_pending(10)
    assert len(pending) == 2
    assert {p.notification_id for p in pending} == {pending[0].notification_id}
    assert await store.counts() == {"pending": 2, "skipped": 2}  # the older ones: superseded


async def test_documents_without_a_subscribable_topic_are_not_announced(
    corpus_kb: Any, store: SubscriptionStore
) -> None:
    await store.subscribe(ANNA, ANNA, "kind:faq")
    accord = document(corpus_kb, kind="accord")
    assert await store.announce([accord]) == 0
    assert await store.next_pending(10) == []


async def test_unsubscribing_drops_pending_notices_no_topic_still_matches(
    corpus_kb: Any, store: SubscriptionStore
) -> None:
    guide = document(corpus_kb, country="US", kind="country_guide")
    await store.subscribe(ANNA, ANNA, "country:US")
    await store.subscribe(ANNA, ANNA, "kind:country_guide")
    await store.subscribe(BRUNO, BRUNO, "country:US")
    await store.announce([guide])
    assert await store.unsubscribe(ANNA, "country:US")
    assert {p.chat_id for p in await store.next_pending(10)} == {ANNA, BRUNO}  # guides match
    assert await store.toggle(ANNA, ANNA, "kind:country_guide") is False
    assert {p.chat_id for p in await store.next_pending(10)} == {BRUNO}
    assert await store.unsubscribe_all(BRUNO) == 1
    assert await store.next_pending(10) == []


async def test_delete_user_forgets_subscriptions_and_every_delivery(
    corpus_kb: Any, store: SubscriptionStore
) -> None:
    await store.subscribe(ANNA, ANNA, "country:US")
    await store.subscribe(BRUNO, BRUNO, "country:US")
    await store.announce([document(corpus_kb, country="US", kind="country_guide")])
    [first, _] = await store.next_pending(10)
    assert await store.claim(first.id)
    assert await store.mark(first.id, "sending", "sent")
    assert await store.delete_user(first.chat_id) == 1
    assert await store.topics(first.chat_id) == set()
    assert await store.counts() == {"pending": 1}


async def test_a_delivery_is_claimed_by_one_sender_only(
    corpus_kb: Any, store: SubscriptionStore
) -> None:
    await store.subscribe(ANNA, ANNA, "country:US")
    await store.announce([document(corpus_kb, country="US", kind="country_guide")])
    [delivery] = await store.next_pending(10)
    assert await store.claim(delivery.id) is True
    assert await store.claim(delivery.id) is False
    assert await store.next_pending(10) == []


def test_send_errors_are_skipped_retried_or_failed_by_whether_the_notice_may_have_arrived() -> (
    None
):
    def caused(exc: Exception, cause: Exception) -> Exception:
        exc.__cause__ = cause
        return exc

    request = httpx.Request("POST", "https://example.invalid")
    assert error_outcome(Forbidden("Forbidden: bot was blocked by the user")) == "skip"
    assert error_outcome(BadRequest("Chat not found")) == "skip"
    assert error_outcome(BadRequest("Message text is empty")) == "fail"
    assert error_outcome(RetryAfter(3)) == "retry"
    assert error_outcome(NetworkError("Bad Gateway")) == "retry"
    assert error_outcome(caused(TimedOut(), httpx.ConnectTimeout("", request=request))) == "retry"
    assert error_outcome(caused(TimedOut(), httpx.ReadTimeout("", request=request))) == "fail"
    assert (
        error_outcome(caused(NetworkError("x"), httpx.RemoteProtocolError("", request=request)))
        == "fail"
    )


# -- broadcasts -----------------------------------------------------------------------------


@pytest.mark.slow
async def test_broadcast_to_1000_subscribers_is_paced_sent_once_each_and_skips_blocked_users(
    server: BotApiServer, corpus_kb: Any, tmp_path: Path, db: Database, store: SubscriptionStore
) -> None:
    crowd = add_crowd(server, 1000)
    blocked = set(crowd[::25])  # 40 users blocked the bot
    for uid in blocked:
        server.block_user(uid)
    for uid in crowd:
        await store.subscribe(uid, uid, "country:US")
    bot = make_bot(server, corpus_kb, tmp_path)
    await bot.start()
    try:
        guide = document(corpus_kb, country="US", kind="country_guide")
        assert await announce_changes(bot.application, [guide]) == 1000
        await server.wait_for(lambda: len(server.send_times()) >= 960, timeout=80)
        counts = await settled(store)
    finally:
        await bot.stop()
    assert counts == {"sent": 960, "skipped": 40}
    assert len(server.send_times()) == 960
    assert all(len(server.messages_to(uid)) == (uid not in blocked) for uid in crowd)
    assert server.max_sends_within(1.0) <= 25
    times = server.send_times()
    assert len(times) / (times[-1] - times[0]) > 20  # spread out, not dawdling


@pytest.mark.slow
async def test_broadcast_interrupted_by_a_restart_resumes_without_sending_anything_twice(
    server: BotApiServer, corpus_kb: Any, tmp_path: Path, db: Database, store: SubscriptionStore
) -> None:
    crowd = add_crowd(server, 600)
    for uid in crowd:
        await store.subscribe(uid, uid, "kind:country_guide")
    guide = document(corpus_kb, country="DE", kind="country_guide")
    first = make_bot(server, corpus_kb, tmp_path)
    await first.start()
    try:
        assert await announce_changes(first.application, [guide]) == 600
        await server.wait_for(lambda: len(server.send_times()) >= 300, timeout=30)
    finally:
        await first.stop()
    before = len(server.send_times())
    counts = await store.counts()
    assert before < 600
    assert counts.get("sending", 0) == 0  # the sends in flight finished and were recorded
    assert counts["sent"] == before

    second = make_bot(server, corpus_kb, tmp_path)
    await second.start()
    try:
        await server.wait_for(lambda: len(server.send_times()) >= 600, timeout=40)
        assert await settled(store) == {"sent": 600}
    finally:
        await second.stop()
    assert len(server.send_times()) == 600
    assert all(len(server.messages_to(uid)) == 1 for uid in crowd)
    assert server.max_sends_within(1.0) <= 25


async def test_a_send_interrupted_by_a_crash_is_not_sent_again(
    server: BotApiServer, corpus_kb: Any, tmp_path: Path, db: Database, store: SubscriptionStore
) -> None:
    for uid in (ANNA, BRUNO, CARLA):
        await store.subscribe(uid, uid, "kind:faq")
    await store.announce([document(corpus_kb, kind="faq")])
    [crashed, *_] = await store.next_pending(10)
    assert await store.claim(crashed.id)  # a process died right after claiming it
    bot = make_bot(server, corpus_kb, tmp_path)
    await bot.start()
    try:
        for uid in (ANNA, BRUNO, CARLA):
            if uid != crashed.chat_id:
                await server.wait_for_messages(uid, 1, timeout=10)
        assert await settled(store) == {"sent": 2, "failed": 1}
    finally:
        await bot.stop()
    assert server.messages_to(crashed.chat_id) == []


async def test_a_flood_wait_beyond_the_rate_limiters_retries_is_sent_later(
    server: BotApiServer, corpus_kb: Any, tmp_path: Path, db: Database, store: SubscriptionStore
) -> None:
    await store.subscribe(ANNA, ANNA, "kind:faq")
    server.fail_next("sendMessage", 429, retry_after=1, count=4)  # the limiter tries 4 times
    bot = make_bot(server, corpus_kb, tmp_path)
    await bot.start()
    try:
        await announce_changes(bot.application, [document(corpus_kb, kind="faq")])
        await server.wait_for_messages(ANNA, 1, timeout=15)
        assert await settled(store) == {"sent": 1}
    finally:
        await bot.stop()
    assert all(wait.honoured for wait in server.flood_waits("sendMessage"))
