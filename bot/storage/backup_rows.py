"""Backups, the database half: every table's rows as JSON objects and back, through
SQLAlchemy (SQLite and PostgreSQL alike)."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, DateTime, LargeBinary, Table, Time, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.db import Database
from bot.storage.errors import BackupError
from bot.storage.models import Base

BATCH = 500


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


async def row_counts(conn: AsyncConnection) -> dict[str, int]:
    counts = {}
    for table in Base.metadata.sorted_tables:
        counts[table.name] = int(
            (await conn.execute(select(func.count()).select_from(table))).scalar_one()
        )
    return counts


async def dump_database(db: Database) -> dict[str, list[dict[str, Any]]]:
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


async def load_database(
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
            for start in range(0, len(rows), BATCH):
                await conn.execute(_insert_statement(table), rows[start : start + BATCH])
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
