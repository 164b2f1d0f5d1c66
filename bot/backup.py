"""`sportello backup DIR` and `sportello restore DIR`: the knowledge base and the database.

A backup folder holds three files:

- `manifest.json`: format version, when, the embedder and dimension, the collection name,
  the counts of documents, chunks and table rows;
- `knowledge.jsonl.gz`: one line per chunk of the served version (id, text, metadata,
  embedding, and its packed answer units with their vectors), so a restore re-embeds nothing;
- `database.json.gz`: every table of `bot.models.Base.metadata`, rows as JSON objects with
  datetimes in ISO 8601, read and written through SQLAlchemy (SQLite and PostgreSQL alike).

The manifest is written last, so a folder without one is an unfinished backup. A restore goes
into an empty target only (unless forced): the chunks become a new committed base built
with the same embedder, the rows are inserted in dependency order after the migrations ran.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import datetime as dt
import gzip
import json
import logging
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import JSON, Date, DateTime, LargeBinary, Table, Time, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.db import Database
from bot.models import Base
from bot.settings import Settings
from ingest.errors import IngestError
from ingest.sync import IngestLock
from knowledge.embedders import embedder_name
from knowledge.errors import KnowledgeError
from knowledge.store import KnowledgeStore, open_store
from knowledge.units import UnitRecord

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
KNOWLEDGE = "knowledge.jsonl.gz"
DATABASE = "database.json.gz"
EXIT_OK, EXIT_ERROR = 0, 2
_BATCH = 500


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


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


# -- rows <-> JSON ------------------------------------------------------------------------


#: Row key listing the JSON columns that hold JSON `null` rather than SQL NULL (both read as
#: `None`); the restore writes each back as it was.
JSON_NULLS = "__json_nulls__"


def _sql_null_label(column: Any) -> str:
    return f"__sql_null_{column.name}"


def _encode(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    json_nulls = [
        c.name
        for c in table.columns
        if isinstance(c.type, JSON) and row.get(c.name) is None and not row[_sql_null_label(c)]
    ]
    if json_nulls:
        out[JSON_NULLS] = json_nulls
    for column in table.columns:
        value = row.get(column.name)
        if isinstance(value, dt.datetime | dt.date | dt.time):
            value = value.isoformat()
        elif isinstance(value, bytes):
            value = base64.b64encode(value).decode("ascii")
        out[column.name] = value
    return out


def _decode(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    json_nulls = set(row.get(JSON_NULLS, ()))
    unknown = set(row) - set(table.columns.keys()) - {JSON_NULLS}
    if unknown:
        raise BackupError(
            f"the backup's table {table.name!r} has columns {sorted(unknown)} this version "
            "does not know: restore with the version of Sportello that made the backup"
        )
    out: dict[str, Any] = {}
    for column in table.columns:
        value = row.get(column.name)
        if isinstance(value, str):
            if isinstance(column.type, DateTime):
                value = dt.datetime.fromisoformat(value)
            elif isinstance(column.type, Date):
                value = dt.date.fromisoformat(value)
            elif isinstance(column.type, Time):
                value = dt.time.fromisoformat(value)
            elif isinstance(column.type, LargeBinary):
                value = base64.b64decode(value)
        elif value is None and column.name in json_nulls:
            value = JSON.NULL
        out[column.name] = value
    return out


def _insert_statement(table: Table) -> Any:
    """An INSERT where `None` in a JSON column is SQL NULL and `JSON.NULL` is JSON null."""
    return table.insert().values(
        {
            c.name: bindparam(
                c.name, type_=JSON(none_as_null=True) if isinstance(c.type, JSON) else c.type
            )
            for c in table.columns
        }
    )


# -- the database -------------------------------------------------------------------------


async def _row_counts(conn: AsyncConnection) -> dict[str, int]:
    counts = {}
    for table in Base.metadata.sorted_tables:
        counts[table.name] = int(
            (await conn.execute(select(func.count()).select_from(table))).scalar_one()
        )
    return counts


async def _dump_database(db: Database) -> dict[str, list[dict[str, Any]]]:
    tables: dict[str, list[dict[str, Any]]] = {}
    async with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            nulls = [
                c.is_(None).label(_sql_null_label(c))
                for c in table.columns
                if isinstance(c.type, JSON)
            ]
            result = await conn.execute(select(table, *nulls).order_by(*order))
            tables[table.name] = [_encode(table, dict(r._mapping)) for r in result]
    return tables


async def _load_database(
    db: Database, tables: dict[str, list[dict[str, Any]]], *, replace: bool
) -> dict[str, int]:
    known = {t.name for t in Base.metadata.sorted_tables}
    extra = set(tables) - known
    if extra:
        raise BackupError(
            f"the backup has tables {sorted(extra)} this version does not know: restore with "
            "the version of Sportello that made the backup"
        )
    counts: dict[str, int] = {}
    async with db.engine.begin() as conn:
        if replace:
            for table in reversed(Base.metadata.sorted_tables):
                await conn.execute(table.delete())
        for table in Base.metadata.sorted_tables:
            rows = [_decode(table, r) for r in tables.get(table.name, [])]
            for start in range(0, len(rows), _BATCH):
                await conn.execute(_insert_statement(table), rows[start : start + _BATCH])
            counts[table.name] = len(rows)
        if conn.dialect.name == "postgresql":
            await _fix_sequences(conn)
    return counts


async def _fix_sequences(conn: AsyncConnection) -> None:
    """Move each serial sequence past the restored ids, so new rows do not collide."""
    for table in Base.metadata.sorted_tables:
        for column in table.primary_key.columns:
            if column.autoincrement is True:
                name = conn.dialect.identifier_preparer.quote(column.name)
                tname = conn.dialect.identifier_preparer.format_table(table)
                await conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{tname}', '{column.name}'), "
                    f"COALESCE((SELECT MAX({name}) FROM {tname}), 1), "
                    f"(SELECT MAX({name}) FROM {tname}) IS NOT NULL)"
                )


# -- the knowledge base -------------------------------------------------------------------


def _chunk_lines(store: KnowledgeStore) -> Iterator[dict[str, Any]]:
    batch: list[Any] = []

    def flush() -> Iterator[dict[str, Any]]:
        vectors = store.vectors([c.id for c in batch])
        units = store.unit_records([c.id for c in batch])
        for chunk in batch:
            if chunk.id not in vectors:
                raise BackupError(f"chunk {chunk.id} has no vector: the store changed, retry")
            line = {
                "id": chunk.id,
                "text": chunk.text,
                "metadata": chunk.metadata,
                "embedding": vectors[chunk.id].astype(float).tolist(),
            }
            record = units.get(chunk.id)
            if record is not None:
                line["units"] = {
                    "centroid": record.centroid.astype(float).tolist(),
                    "metadata": record.metadata,
                }
            yield line

    for chunk in store.all_chunks():
        batch.append(chunk)
        if len(batch) >= _BATCH:
            yield from flush()
            batch = []
    if batch:
        yield from flush()


def _write_knowledge(store: KnowledgeStore, path: Path) -> tuple[int, int]:
    """Write every served chunk; returns (documents, chunks)."""
    docs: set[str] = set()
    chunks = 0
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for line in _chunk_lines(store):
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
            docs.add(str(line["metadata"].get("doc_id", "")))
            chunks += 1
    return len(docs), chunks


def _read_knowledge(path: Path) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    with gzip.open(path, "rt", encoding="utf-8") as src:
        for line in src:
            if line.strip():
                batch.append(json.loads(line))
            if len(batch) >= _BATCH:
                yield batch
                batch = []
    if batch:
        yield batch


def _load_knowledge(store: KnowledgeStore, path: Path, embedder: str, dimension: int) -> int:
    """Write the backup's chunks as a new base (a new epoch) and serve it; returns the chunk
    count."""
    edit = store.begin(embedder, dimension, replace=True)
    try:
        for batch in _read_knowledge(path):
            edit.add(
                [c["id"] for c in batch],
                np.asarray([c["embedding"] for c in batch], dtype=np.float32).reshape(
                    len(batch), dimension
                ),
                [c["text"] for c in batch],
                [c["metadata"] for c in batch],
            )
            edit.add_unit_records(
                [
                    UnitRecord(
                        c["id"],
                        np.asarray(c["units"]["centroid"], dtype=np.float32),
                        c["units"]["metadata"],
                    )
                    for c in batch
                    if c.get("units")
                ]
            )
        edit.commit()
    except BaseException:
        edit.abort()
        raise
    return edit.chunks_written


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
            documents, chunks = await asyncio.to_thread(
                _write_knowledge, kb, directory / KNOWLEDGE
            )
        await db.open()
        tables = await _dump_database(db)
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
            existing_rows = sum((await _row_counts(conn)).values())
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
                _load_knowledge, kb, directory / KNOWLEDGE, embedder, dimension
            )
        counts = await _load_database(db, tables, replace=force)
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


# -- command line -------------------------------------------------------------------------


def _render(verb: str, summary: BackupSummary, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(json.dumps(summary.to_dict(), ensure_ascii=False) + "\n")
        return
    rows = sum(summary.tables.values())
    sys.stdout.write(
        f"{verb} {summary.documents} documents, {summary.chunks} chunks "
        f"({summary.embedder}, {summary.dimension} dimensions) and {rows} rows "
        f"in {len(summary.tables)} tables: {summary.directory}\n"
    )


def _fail(exc: BaseException) -> None:
    """One line on stderr: what was wrong and what to do."""
    sys.stderr.write("error: " + " ".join(str(exc).split()) + "\n")


def cmd_backup(args: argparse.Namespace, settings: Settings) -> int:
    """Write the knowledge base and the database into a folder."""
    try:
        summary = asyncio.run(back_up(settings, Path(args.directory), force=args.force))
    except (BackupError, KnowledgeError, IngestError, OSError) as exc:
        _fail(exc)
        return EXIT_ERROR
    _render("backed up", summary, args.json)
    return EXIT_OK


def cmd_restore(args: argparse.Namespace, settings: Settings) -> int:
    """Put a backup back into an empty knowledge base and database."""
    try:
        summary = asyncio.run(restore(settings, Path(args.directory), force=args.force))
    except (BackupError, KnowledgeError, IngestError, OSError) as exc:
        _fail(exc)
        return EXIT_ERROR
    _render("restored", summary, args.json)
    return EXIT_OK


def add_commands(sub: Any) -> None:
    """Register `backup` and `restore` on the root parser's subparsers."""
    p = sub.add_parser("backup", help="write the knowledge base and the database to a folder")
    p.add_argument("directory", help="an empty folder (created if missing)")
    p.add_argument("--force", action="store_true", help="write into a non-empty folder")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=cmd_backup)
    p = sub.add_parser(
        "restore", help="restore a backup into an empty knowledge base and database"
    )
    p.add_argument("directory", help="a folder written by `sportello backup`")
    p.add_argument("--force", action="store_true", help="replace a non-empty target")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=cmd_restore)
