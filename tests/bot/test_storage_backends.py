"""The SQL state on both back-ends: a SQLite file and a real PostgreSQL server.

PostgreSQL runs when `TEST_POSTGRES_URL` names a database these tests may wipe (`make test`
installs the Debian package where it can, starts the server on 127.0.0.1 and sets it, through
`tests/with_postgres.sh`); without it the PostgreSQL cases are skipped. The same models and
migrations serve both.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from bot.storage.db import Database
from bot.storage.state import Claim, StateStore
from bot.subscriptions.store import SubscriptionStore
from bot.tickets import TicketStore

pytestmark = pytest.mark.integration

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "")


async def state_database_url(backend: str, tmp_path: Path) -> str:
    """The bot's database for a test on `backend`: a SQLite file in `tmp_path`, or the test
    PostgreSQL emptied (skips the test where there is none)."""
    if backend == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'state.db'}"
    if not POSTGRES_URL:
        pytest.skip("TEST_POSTGRES_URL is not set (`make test` sets it where it can)")
    await wipe_postgres(POSTGRES_URL)
    return POSTGRES_URL


async def wipe_postgres(url: str) -> None:
    engine = Database(url).engine
    async with engine.begin() as conn:
        await conn.execute(text("DROP SCHEMA public CASCADE"))
        await conn.execute(text("CREATE SCHEMA public"))
    await engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'state.db'}"
    else:
        if not POSTGRES_URL:
            pytest.skip("TEST_POSTGRES_URL is not set (`make test` sets it where it can)")
        url = POSTGRES_URL
        await wipe_postgres(url)
    db = Database(url)
    await db.open()
    yield db
    await db.close()


async def test_migrations_create_every_table(database: Database) -> None:
    async with database.session() as s:
        for table in (
            "users",
            "turns",
            "answers",
            "feedback",
            "processed_updates",
            "tickets",
            "ticket_messages",
            "subscriptions",
            "notifications",
            "deliveries",
        ):
            await s.execute(text(f"SELECT count(*) FROM {table}"))


async def test_an_update_is_claimed_once_and_replayed_after_a_crash(database: Database) -> None:
    crashed = StateStore(database)
    assert await crashed.journal_update(7, {"update_id": 7, "message": {"text": "x"}})
    assert not await crashed.journal_update(7, {"update_id": 7})
    assert await crashed.claim_update(7) == Claim(earlier_boot=None)
    restarted = StateStore(database)
    assert [p["update_id"] for p in await restarted.unfinished_updates()] == [7]
    results = await asyncio.gather(*(restarted.claim_update(7) for _ in range(5)))
    assert [r for r in results if r is not None] == [Claim(earlier_boot=crashed.boot_id)]
    await restarted.finish_update(7)
    assert not await StateStore(database).claim_update(7)
    assert await restarted.unfinished_updates() == []


async def test_two_advisors_claiming_at_once_one_wins(database: Database) -> None:
    tickets = TicketStore(database)
    ticket = await tickets.create(
        user_id=1, chat_id=1, user_name="Mario", language="it", status="draft", question="q"
    )
    assert await tickets.transition(
        ticket.id, ("draft",), "open", opened_at=dt.datetime.now(dt.UTC)
    )
    wins = await asyncio.gather(*(tickets.claim(ticket.id, uid, f"A{uid}") for uid in range(10)))
    assert wins.count(True) == 1
    claimed = await tickets.get(ticket.id)
    assert claimed is not None
    assert claimed.status == "claimed"


async def test_a_relayed_message_is_recorded_once(database: Database) -> None:
    tickets = TicketStore(database)
    ticket = await tickets.create(user_id=1, chat_id=1, status="draft", question="q")
    first = await tickets.record_message(
        ticket.id, direction="to_user", source_chat_id=-5, source_message_id=9, text="risposta"
    )
    again = await tickets.record_message(
        ticket.id, direction="to_user", source_chat_id=-5, source_message_id=9, text="risposta"
    )
    assert first is not None
    assert again is None


async def test_conversation_context_and_deletion(database: Database) -> None:
    state = StateStore(database)
    await state.touch_user(3)
    await state.add_turn(3, 3, "q1", "q1", "a1")
    await state.add_turn(3, 3, "q2", "q2", "a2")
    turns = await state.recent_turns(3, 5, dt.timedelta(hours=1))
    assert [t.question for t in turns] == ["q1", "q2"]
    answer_id = await state.record_answer(
        chat_id=3,
        user_id=3,
        question="q",
        answer="a",
        language="it",
        outcome="answered",
        confidence=0.9,
        sources=["corpus/a.md"],
    )
    assert await state.record_feedback(answer_id, 3, helpful=False, reason="wrong")
    report = await state.delete_user_data(3)
    assert (report.turns, report.answers, report.feedback) == (2, 1, 1)


async def test_subscriptions_deliver_each_notice_once(database: Database, corpus_kb: Any) -> None:
    store = SubscriptionStore(database)
    await store.subscribe(11, 11, "country:US")
    await store.subscribe(12, 12, "country:US")
    guide = next(d for d in corpus_kb.store.documents().values() if d.country == "US")
    assert await store.announce([guide]) == 2
    assert await store.announce([guide]) == 0
    pending = await store.next_pending(10)
    assert len(pending) == 2
    claims = await asyncio.gather(*(store.claim(p.id) for p in pending for _ in range(3)))
    assert claims.count(True) == 2


async def test_backup_from_sqlite_restores_into_postgresql_and_ids_go_on(
    corpus_kb: Any, tmp_path: Path
) -> None:
    if not POSTGRES_URL:
        pytest.skip("TEST_POSTGRES_URL is not set (`make test` sets it where it can)")
    from bot.settings import Settings
    from bot.storage.backup import back_up, restore
    from knowledge.store import KnowledgeStore, open_chroma_client

    sqlite_url = f"sqlite+aiosqlite:///{tmp_path / 'state.db'}"
    source = Database(sqlite_url)
    await source.open()
    tickets = TicketStore(source)
    for n in range(3):
        await tickets.create(user_id=n + 1, chat_id=n + 1, status="draft", question=f"q{n}")
    await source.close()
    settings = Settings(
        _env_file=None,
        data_dir=corpus_kb.settings.data_dir,  # type: ignore[call-arg]
        database_url=sqlite_url,
    )
    await back_up(settings, tmp_path / "backup", store=corpus_kb.store)

    await wipe_postgres(POSTGRES_URL)
    target_dir = tmp_path / "target"
    target = Settings(_env_file=None, data_dir=target_dir, database_url=POSTGRES_URL)  # type: ignore[call-arg]
    store = KnowledgeStore(open_chroma_client("", target_dir / "chroma"), "sportello")
    await restore(target, tmp_path / "backup", store=store)
    assert store.count() == corpus_kb.store.count()
    restored = Database(POSTGRES_URL)
    try:
        pg_tickets = TicketStore(restored)
        assert [t.question for t in await _all_tickets(restored)] == ["q0", "q1", "q2"]
        new = await pg_tickets.create(user_id=9, chat_id=9, status="draft", question="q3")
        assert new.id == 4  # the id sequence continues after the restored rows
    finally:
        await restored.close()


async def _all_tickets(db: Database) -> list[Any]:
    from sqlalchemy import select

    from bot.storage.models import Ticket

    async with db.session() as s:
        return list((await s.execute(select(Ticket).order_by(Ticket.id))).scalars().all())
