"""What the store holds, as readers get it back: chunks, documents of the manifest, the
registry's summary; and how a chunk's metadata is shared between chunk and manifest."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from knowledge.documents import date_from_int
from knowledge.store.versions import VERSION_FIELDS

Metadata = Mapping[str, str | int | float | bool]
#: Document fields kept in the manifest only (a chunk read back gets them joined in).
DOC_ONLY_FIELDS = frozenset(
    {
        "source",
        "source_root",
        "doc_hash",
        "format",
        "title",
        "source_url",
        "updated",
        "valid_from",
        "valid_until",
        "tags",
        "terms",
        "inferred",
        "chunk_count",
    }
)
#: Document fields kept on each chunk too, because queries filter on them.
FILTER_FIELDS = ("doc_id", "kind", "country", "language")


def split_metadata(md: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """A chunk's full metadata as (what the chunk record keeps, what the manifest keeps)."""
    chunk = {k: v for k, v in md.items() if k not in DOC_ONLY_FIELDS and k not in VERSION_FIELDS}
    doc = {k: v for k, v in md.items() if k in DOC_ONLY_FIELDS or k in FILTER_FIELDS}
    doc.pop("chunk_count", None)
    return chunk, doc


@dataclass(slots=True)
class StoredChunk:
    """A chunk as read back from the store."""

    id: str
    text: str
    metadata: dict[str, Any]
    distance: float | None = None
    embedding: np.ndarray | None = None

    @property
    def doc_id(self) -> str:
        return str(self.metadata.get("doc_id", ""))


@dataclass(slots=True)
class DocumentRecord:
    """One document of the manifest: identity, hash, chunks, and its metadata for listings."""

    doc_id: str
    doc_hash: str
    source: str
    source_root: str
    title: str
    kind: str
    language: str
    country: str
    source_url: str
    updated: str
    valid_from: dt.date | None
    valid_until: dt.date | None
    terms: dict[str, Any]
    tags: list[str]
    format: str
    chunk_ids: list[str] = field(default_factory=list)
    #: Fields read from the content rather than stated (front matter, caption, sidecar).
    inferred: list[str] = field(default_factory=list)
    #: The edit that wrote this version of the document.
    version: int = 0
    #: Answer units stored for the document's chunks.
    units: int = 0

    def origin(self, name: str) -> str:
        """`stated` or `inferred`: where a metadata field's value came from (`terms` is
        inferred when any of its terms was, `terms.rate` names one)."""
        inferred = name in self.inferred or any(i.startswith(f"{name}.") for i in self.inferred)
        return "inferred" if inferred else "stated"

    @property
    def file_name(self) -> str:
        """The last path component, by which evaluation sets name documents."""
        return self.doc_id.rstrip("/").rsplit("/", 1)[-1]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view for `kb list --json` and `kb show --json`."""
        return {
            "doc_id": self.doc_id,
            "title": self.title,
            "kind": self.kind,
            "language": self.language,
            "country": self.country or None,
            "source": self.source,
            "source_root": self.source_root,
            "source_url": self.source_url or None,
            "updated": self.updated or None,
            "valid_from": self.valid_from.isoformat() if self.valid_from else None,
            "valid_until": self.valid_until.isoformat() if self.valid_until else None,
            "terms": self.terms or None,
            "tags": self.tags,
            "format": self.format,
            "hash": self.doc_hash,
            "chunks": len(self.chunk_ids),
            "inferred": self.inferred,
        }


@dataclass(frozen=True, slots=True)
class StoreInfo:
    """What the registry says about the served knowledge base."""

    name: str
    active: str | None
    embedder: str | None
    dimension: int | None
    #: The served version: the number of the last committed edit.
    generation: int
    updated_at: str | None
    location: str


def record_from_metadata(md: Mapping[str, Any]) -> DocumentRecord:
    terms_raw = str(md.get("terms") or "")
    return DocumentRecord(
        doc_id=str(md.get("doc_id", "")),
        doc_hash=str(md.get("doc_hash", "")),
        source=str(md.get("source", "")),
        source_root=str(md.get("source_root", "")),
        title=str(md.get("title", "")),
        kind=str(md.get("kind", "other")),
        language=str(md.get("language", "")),
        country=str(md.get("country", "")),
        source_url=str(md.get("source_url", "")),
        updated=str(md.get("updated", "")),
        valid_from=date_from_int(md.get("valid_from")),
        valid_until=date_from_int(md.get("valid_until")),
        terms=json.loads(terms_raw) if terms_raw else {},
        tags=[t for t in str(md.get("tags", "")).split(",") if t],
        format=str(md.get("format", "")),
        chunk_ids=[str(c) for c in md.get("chunk_ids", [])],
        inferred=[f for f in str(md.get("inferred", "")).split(",") if f],
        version=int(md.get("v_from", 0)),
        units=int(md.get("units", 0)),
    )
