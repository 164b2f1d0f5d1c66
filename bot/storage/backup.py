"""`sportello backup DIR` and `sportello restore DIR`: the knowledge base and the database.

A backup folder holds three files:

- `manifest.json`: format version, when, the embedder and dimension, the collection name,
  the counts of documents, chunks and table rows;
- `knowledge.jsonl.gz`: one line per chunk of the served version (id, text, metadata,
  embedding, and its packed answer units with their vectors), so a restore re-embeds nothing;
- `database.json.gz`: every table of `bot.storage.models.Base.metadata`, rows as JSON objects with
  datetimes in ISO 8601, read and written through SQLAlchemy (SQLite and PostgreSQL alike).

The manifest is written last, so a folder without one is an unfinished backup. A restore goes
into an empty target only (unless forced): the chunks become a new committed base built
with the same embedder, the rows are inserted in dependency order after the migrations ran.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gzip
import json
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bot.settings import Settings
from bot.storage.backup_chunks import load_knowledge, write_knowledge
from bot.storage.backup_rows import dump_database, load_database, row_counts
from bot.storage.db import Database
from bot.storage.errors import BackupError
from ingest.sync import IngestLock
from knowledge.embedders import embedder_name
from knowledge.store import KnowledgeStore, open_store

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
KNOWLEDGE = "knowledge.jsonl.gz"
DATABASE = "database.json.gz"


@dataclass(slots=True)
class BackupSummary:
    """What a backup wrote or a restore put back."""

    directory: str
    embedder: str
    dimension: int
    collection: str
    documents: int
    chunks: int
    tables: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def configured_embedder_name(model: str) -> str:
    """The identity of the embedder `EMBEDDING_MODEL` selects, without loading the model."""
    return embedder_name(model)


# -- backup and restore -------------------------------------------------------------------


def _open_store(settings: Settings, store: KnowledgeStore | None) -> tuple[KnowledgeStore, bool]:
    if store is not None:
        return store, False
    return open_store(settings.chroma_url, settings.data_dir, settings.chroma_collection), True


def _prepare_folder(directory: Path, force: bool) -> None:
    if directory.exists() and not directory.is_dir():
        raise BackupError(f"{directory} is a file: give a folder")
    if directory.exists() and any(directory.iterdir()) and not force:
        raise BackupError(f"{directory} is not empty: choose an empty folder or pass --force")
    directory.mkdir(parents=True, exist_ok=True)
    (directory / MANIFEST).unlink(missing_ok=True)  # a folder without one is unfinished


def _write_json_gz(path: Path, data: Any) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as out:
        json.dump(data, out, ensure_ascii=False)


def _read_json_gz(path: Path) -> Any:
    with gzip.open(path, "rt", encoding="utf-8") as src:
        return json.load(src)


async def back_up(
    settings: Settings,
    directory: Path,
    *,
    force: bool = False,
    store: KnowledgeStore | None = None,
) -> BackupSummary:
    """Write the served knowledge base and every table into `directory`."""
    await asyncio.to_thread(_prepare_folder, directory, force)
    kb, owned = _open_store(settings, store)
    db = Database(settings.sqlalchemy_url)
    try:
        info = await asyncio.to_thread(kb.info)
        if not info.active or not info.embedder or not info.dimension:
            raise BackupError(
                f"the knowledge base {kb.name!r} at {kb.location} is empty: nothing to back up "
                "(run `sportello ingest` first)"
            )
        with IngestLock(settings.lock_path):  # no ingest edits the base meanwhile
            documents, chunks = await asyncio.to_thread(write_knowledge, kb, directory / KNOWLEDGE)
        await db.open()
        tables = await dump_database(db)
    finally:
        await db.close()
        if owned:
            kb.close()
    await asyncio.to_thread(_write_json_gz, directory / DATABASE, {"tables": tables})
    summary = BackupSummary(
        directory=str(directory),
        embedder=info.embedder,
        dimension=info.dimension,
        collection=kb.name,
        documents=documents,
        chunks=chunks,
        tables={name: len(rows) for name, rows in tables.items()},
    )
    manifest = {
        "format_version": FORMAT_VERSION,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        **summary.to_dict(),
    }
    del manifest["directory"]
    text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    await asyncio.to_thread((directory / MANIFEST).write_text, text, encoding="utf-8")
    rows = sum(summary.tables.values())
    log.info("backed up %d chunks and %d rows to %s", chunks, rows, directory)
    return summary


def read_manifest(directory: Path) -> dict[str, Any]:
    """The backup's manifest, checked for the format version and its files."""
    path = directory / MANIFEST
    if not path.is_file():
        raise BackupError(f"{path} is missing: {directory} is not a finished Sportello backup")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"{path} cannot be read: {exc}") from exc
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise BackupError(
            f"{path} has format version {version!r}, this version reads {FORMAT_VERSION}: "
            "restore with the version of Sportello that made the backup"
        )
    for name in (KNOWLEDGE, DATABASE):
        if not (directory / name).is_file():
            raise BackupError(f"{directory / name} is missing: the backup is incomplete")
    return dict(manifest)


async def restore(
    settings: Settings,
    directory: Path,
    *,
    force: bool = False,
    store: KnowledgeStore | None = None,
) -> BackupSummary:
    """Put a backup back into an empty knowledge base and database (or replace them, forced)."""
    manifest = await asyncio.to_thread(read_manifest, directory)
    embedder, dimension = str(manifest["embedder"]), int(manifest["dimension"])
    configured = configured_embedder_name(settings.embedding_model)
    if configured != embedder:
        raise BackupError(
            f"the backup was built with the embedder {embedder!r}, but EMBEDDING_MODEL selects "
            f"{configured!r}: set EMBEDDING_MODEL={embedder.removeprefix('st:')} to restore it"
        )
    kb, owned = _open_store(settings, store)
    db = Database(settings.sqlalchemy_url)
    try:
        await db.open()
        async with db.engine.connect() as conn:
            existing_rows = sum((await row_counts(conn)).values())
        existing_chunks = await asyncio.to_thread(kb.count)
        if (existing_rows or existing_chunks) and not force:
            raise BackupError(
                f"the target is not empty ({existing_chunks} chunks in {kb.name!r} at "
                f"{kb.location}, {existing_rows} database rows): restore into an empty "
                "DATA_DIR/DATABASE_URL/CHROMA_URL, or pass --force to replace them"
            )
        tables = (await asyncio.to_thread(_read_json_gz, directory / DATABASE))["tables"]
        with IngestLock(settings.lock_path):
            chunks = await asyncio.to_thread(
                load_knowledge, kb, directory / KNOWLEDGE, embedder, dimension
            )
        counts = await load_database(db, tables, replace=force)
        documents = len(await asyncio.to_thread(kb.documents))
    finally:
        await db.close()
        if owned:
            kb.close()
    if chunks != int(manifest.get("chunks", chunks)):
        raise BackupError(
            f"restored {chunks} chunks but the manifest lists {manifest['chunks']}: "
            "the backup is damaged"
        )
    log.info("restored %d chunks and %d rows from %s", chunks, sum(counts.values()), directory)
    return BackupSummary(
        directory=str(directory),
        embedder=embedder,
        dimension=dimension,
        collection=kb.name,
        documents=documents,
        chunks=chunks,
        tables=counts,
    )
