"""Document kinds, the metadata schema, and the parsed shapes that flow from loaders to the store.

A loader turns a file into a `ParsedDocument`: metadata plus a list of `Block`s (a paragraph, a
list item or a table row, each with its heading path and PDF page). The chunker groups blocks into
`Chunk`s; the store keeps each chunk with flat metadata (`Chunk.store_metadata`).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, field_validator


class DocumentKind(StrEnum):
    """What a document is; steers retrieval and the bot's wording."""

    ACCORD = "accord"
    COUNTRY_GUIDE = "country_guide"
    INSTRUMENT = "instrument"
    FAQ = "faq"
    OTHER = "other"


class InstrumentTerms(BaseModel):
    """The structured terms of a loan, grant, guarantee or insurance."""

    model_config = ConfigDict(extra="allow")

    max_amount: str | None = None
    rate: str | None = None
    eligible_firms: str | None = None
    deadline: str | None = None

    @field_validator("max_amount", "rate", "eligible_firms", "deadline", mode="before")
    @classmethod
    def _as_text(cls, v: Any) -> str | None:
        return None if v is None else str(v)


def today_rome() -> dt.date:
    """Today's date in Italy, the calendar that validity windows of calls follow."""
    return dt.datetime.now(ZoneInfo("Europe/Rome")).date()


def _as_date(v: Any) -> dt.date | None:
    if v is None or v == "":
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    try:
        return dt.date.fromisoformat(str(v).strip())
    except ValueError as exc:
        raise ValueError(f"{v!r} is not a date in the form YYYY-MM-DD") from exc


class DocumentMeta(BaseModel):
    """Front matter of a document (all optional but the title, which loaders always fill)."""

    model_config = ConfigDict(extra="ignore")

    title: str
    kind: DocumentKind = DocumentKind.OTHER
    language: str = "it"
    country: str | None = None
    source_url: str | None = None
    updated: dt.date | None = None
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    tags: list[str] = Field(default_factory=list)
    terms: InstrumentTerms | None = None
    #: Fields read from the content rather than stated (front matter, caption, sidecar).
    inferred: list[str] = Field(default_factory=list)

    @field_validator("updated", "valid_from", "valid_until", mode="before")
    @classmethod
    def _dates(cls, v: Any) -> dt.date | None:
        return _as_date(v)

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, v: Any) -> str:
        text = " ".join(str(v or "").split())
        if not text:
            raise ValueError("title is empty")
        return text[:300]

    @field_validator("country", mode="before")
    @classmethod
    def _country(cls, v: Any) -> str | None:
        return str(v).strip().upper() or None if v else None

    @field_validator("language", mode="before")
    @classmethod
    def _language(cls, v: Any) -> str:
        return str(v or "it").strip().lower()[:5] or "it"

    @field_validator("tags", mode="before")
    @classmethod
    def _tags(cls, v: Any) -> list[str]:
        if v is None:
            return []
        if isinstance(v, str):
            v = v.split(",")
        return [str(t).strip().lower() for t in v if str(t).strip()]

    def is_expired(self, today: dt.date) -> bool:
        """True when the document's validity window closed before `today`."""
        return self.valid_until is not None and self.valid_until < today


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of text from a loader: a paragraph, a list item, or one table row."""

    text: str
    heading_path: tuple[str, ...] = ()
    page: int | None = None
    is_table_row: bool = False


@dataclass(slots=True)
class ParsedDocument:
    """What a loader returns: the document's metadata and its blocks in reading order."""

    meta: DocumentMeta
    blocks: list[Block]
    format: str
    #: Stated metadata that was not understood and was dropped (file, field, value, hint).
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """All block text, for hashing and language detection."""
        return "\n".join(b.text for b in self.blocks)


def _date_int(d: dt.date | None) -> int:
    """Dates as YYYYMMDD integers so Chroma can compare them; 0 means none."""
    return d.year * 10000 + d.month * 100 + d.day if d else 0


@dataclass(slots=True)
class Chunk:
    """A passage of a document, the unit that is embedded and retrieved."""

    id: str
    doc_id: str
    index: int
    text: str
    heading_path: tuple[str, ...]
    pages: tuple[int, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def embedding_text(self, title: str) -> str:
        """The text embedded for this chunk: title and headings give the passage its context."""
        path = " > ".join(p for p in (title, *self.heading_path) if p)
        return f"{path}\n{self.text}" if path else self.text


def store_metadata(
    meta: DocumentMeta,
    *,
    doc_id: str,
    source: str,
    source_root: str,
    doc_hash: str,
    fmt: str,
    chunk: Chunk,
    chunk_count: int,
) -> dict[str, str | int | float | bool]:
    """Flat metadata for one chunk in Chroma (scalars only), document fields repeated."""
    return {
        "doc_id": doc_id,
        "source": source,
        "source_root": source_root,
        "doc_hash": doc_hash,
        "format": fmt,
        "title": meta.title,
        "kind": meta.kind.value,
        "language": meta.language,
        "country": meta.country or "",
        "source_url": meta.source_url or "",
        "updated": meta.updated.isoformat() if meta.updated else "",
        "valid_from": _date_int(meta.valid_from),
        "valid_until": _date_int(meta.valid_until),
        "tags": ",".join(meta.tags),
        "terms": json.dumps(meta.terms.model_dump(exclude_none=True), ensure_ascii=False)
        if meta.terms
        else "",
        "inferred": ",".join(meta.inferred),
        "chunk_index": chunk.index,
        "chunk_count": chunk_count,
        "heading_path": " > ".join(chunk.heading_path),
        "pages": ",".join(str(p) for p in chunk.pages),
    }


def date_from_int(value: int | str | float | bool | None) -> dt.date | None:
    """Inverse of the YYYYMMDD encoding used in store metadata."""
    if not value or isinstance(value, bool):
        return None
    n = int(value)
    return dt.date(n // 10000, n // 100 % 100, n % 100)
