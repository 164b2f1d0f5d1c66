"""The Chroma store of the knowledge base: versioned records, edits in the time of the edit.

Layout (one *epoch* of three collections, named `<name>__e<K>_<suffix>`):

- `_c`, the chunks: text, vector and the few metadata fields that queries filter on
  (`doc_id`, `kind`, `country`, `language`) or that differ per chunk (`chunk_index`,
  `heading_path`, `pages`);
- `_u`, the answer units of each chunk, packed one record per chunk (`knowledge.units`);
- `_d`, the manifest: one record per document version with the document's fields (title, hash,
  source, dates, terms, tags...) and its chunk ids. Chunks read back get these fields joined
  in, so readers see the same metadata as before the split.

Every record carries `v_from` (the edit that wrote it) and `v_to` (the edit that retired it,
`OPEN` while live). A small registry collection `<name>__registry` holds, in its metadata, the
served epoch and version `N`, and the embedder. A record is *visible* at `N` when
`v_from <= N < v_to`.

An edit `V = N + 1` writes the new documents' records with `v_from = V` (invisible at `N`), then
marks the records of the documents it replaces or removes with `v_to = V` (still visible at
`N`), then flips the registry to `V` in one metadata update: the commit. Readers at `N` see the
old base whole; readers at `V` the new one whole. Before its first write an edit marks the
registry (`writing`), and the commit's update clears the mark: a run that fails or is killed
at any point before the flip leaves records that readers at `N` do not see and the mark, and
the next edit first undoes them (`_recover`: drops records with `v_from > N`, reopens those
with `N < v_to`). After the flip, the retired records (`v_to <= V`, so also any a killed run
left) are deleted (`purge`) once readers that cached the pointer (for up to
`refresh_interval_s`) have moved on, so after a commit the store holds one version of each
document. An edit costs the documents it touches, not the size of the base.

Queries ask Chroma for the nearest records without a version filter (a metadata filter over
the whole collection costs more than the search itself) and drop invisible ones; only when an
edit is in flight and invisible records crowd the top do they ask again, wider, then filtered.

A change of embedder (`ingest --full` with another model) or a restore writes a new epoch,
served by the same flip; the old epoch is dropped after it. Bases stored in the previous
layout (one collection per generation, `<name>__g<N>_<hex>`) are migrated on first use.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from knowledge.documents import date_from_int
from knowledge.errors import DocumentNotFoundError, EmbedderMismatchError, StoreError
from knowledge.units import StoredUnit, UnitRecord, unpack_units

log = logging.getLogger(__name__)

Metadata = Mapping[str, str | int | float | bool]
_WRITE_BATCH = 1000
_READ_BATCH = 2000
#: `v_to` of a live record (Chroma metadata integers are 64-bit; this stays clear of limits).
OPEN = 2**31 - 1
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
_VERSION_FIELDS = ("v_from", "v_to")
_SUFFIXES = ("c", "u", "d")


def record_id(item_id: str, version: int) -> str:
    """The id of a record (chunk, unit pack, manifest entry) written by edit `version`."""
    return f"{item_id}@{version}"


def item_id(record: str) -> str:
    """The chunk (or document) id of a record id."""
    return record.rsplit("@", 1)[0]


def visible_filter(version: int) -> dict[str, Any]:
    """The Chroma filter of the records served at `version`."""
    return {"$and": [{"v_from": {"$lte": version}}, {"v_to": {"$gt": version}}]}


def is_visible(md: Mapping[str, Any] | None, version: int) -> bool:
    """True when a record with this metadata is served at `version`."""
    if not md:
        return False
    return int(md.get("v_from", OPEN)) <= version < int(md.get("v_to", 0))


def split_metadata(md: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """A chunk's full metadata as (what the chunk record keeps, what the manifest keeps)."""
    chunk = {k: v for k, v in md.items() if k not in DOC_ONLY_FIELDS and k not in _VERSION_FIELDS}
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


def _record_from_metadata(md: Mapping[str, Any]) -> DocumentRecord:
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


@dataclass(frozen=True, slots=True)
class _Served:
    """The registry's pointer as a reader holds it: epoch, version and their collections."""

    epoch: int
    version: int
    embedder: str | None
    dimension: int | None
    updated_at: str | None
    chunks: Any
    units: Any
    docs: Any

    @property
    def key(self) -> str | None:
        return f"e{self.epoch}@v{self.version}" if self.chunks is not None else None


@dataclass(slots=True)
class _Manifest:
    """The documents served at one version, with what readers need to join and address."""

    key: str | None
    records: dict[str, DocumentRecord]
    #: Each document's fields as chunk metadata (joined into chunks read back).
    doc_fields: dict[str, dict[str, Any]]
    #: Record id of each served chunk.
    record_ids: dict[str, str]


_NO_SERVED = _Served(0, 0, None, None, None, None, None, None)


def _chroma_settings() -> Any:
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


def open_chroma_client(chroma_url: str, path: Path) -> Any:
    """A Chroma client: HTTP when `chroma_url` is set, else embedded under `path`."""
    import chromadb

    if chroma_url:
        parsed = urlparse(chroma_url if "://" in chroma_url else f"http://{chroma_url}")
        if not parsed.hostname:
            raise StoreError(f"CHROMA_URL {chroma_url!r} is not a URL like http://127.0.0.1:8000")
        try:
            return chromadb.HttpClient(
                host=parsed.hostname,
                port=parsed.port or (443 if parsed.scheme == "https" else 8000),
                ssl=parsed.scheme == "https",
                settings=_chroma_settings(),
            )
        except Exception as exc:
            raise StoreError(
                f"cannot reach the Chroma server at {chroma_url} ({exc}); start it with "
                "`chroma run --host 127.0.0.1 --port 8000 --path DIR` or empty CHROMA_URL"
            ) from exc
    path.mkdir(parents=True, exist_ok=True)
    try:
        return chromadb.PersistentClient(path=str(path), settings=_chroma_settings())
    except Exception as exc:
        raise StoreError(f"cannot open the embedded Chroma store at {path}: {exc}") from exc


class Edit:
    """An edit being written: new document versions and removals, served on `commit()`.

    Until the commit nothing it writes is visible; `abort()` (or the next edit, after a kill)
    undoes it. An edit on a fresh epoch (a first ingest, a new embedder, a restore) starts from
    an empty base; otherwise the documents it does not touch stay as they are, untouched.
    """

    def __init__(
        self,
        store: KnowledgeStore,
        *,
        epoch: int,
        version: int,
        base: _Served,
        embedder: str,
        dimension: int,
        fresh: bool,
    ) -> None:
        self._store = store
        self.epoch = epoch
        self.number = version
        self.embedder = embedder
        self.dimension = dimension
        self.fresh = fresh
        self._base = base
        self._chunks = store._collection(epoch, "c", embedder, dimension, create=True)
        self._units = store._collection(epoch, "u", embedder, dimension, create=True)
        self._docs = store._collection(epoch, "d", embedder, dimension, create=True)
        self._new_docs: dict[str, dict[str, Any]] = {}
        self._chunk_ids: dict[str, list[tuple[int, str]]] = {}
        self._unit_counts: dict[str, int] = {}
        self._removed: set[str] = set()
        self.chunks_written = 0
        self.units_written = 0
        self._closed = False

    @property
    def name(self) -> str:
        return f"e{self.epoch}@v{self.number}"

    def add(
        self,
        ids: Sequence[str],
        vectors: np.ndarray,
        texts: Sequence[str],
        metadatas: Sequence[Metadata],
    ) -> None:
        """Add chunks with their vectors; their documents replace their served versions."""
        if vectors.shape[0] and vectors.shape[1] != self.dimension:
            raise StoreError(f"vectors of dimension {vectors.shape[1]}, expected {self.dimension}")
        slim: list[dict[str, Any]] = []
        for chunk_id, md in zip(ids, metadatas, strict=True):
            chunk_md, doc_md = split_metadata(md)
            doc_id = str(md.get("doc_id", ""))
            self._new_docs.setdefault(doc_id, doc_md)
            position = int(md.get("chunk_index", len(self._chunk_ids.get(doc_id, []))))
            self._chunk_ids.setdefault(doc_id, []).append((position, chunk_id))
            slim.append({**chunk_md, "v_from": self.number, "v_to": OPEN})
        for start in range(0, len(ids), _WRITE_BATCH):
            end = start + _WRITE_BATCH
            self._chunks.add(
                ids=[record_id(i, self.number) for i in ids[start:end]],
                embeddings=vectors[start:end],
                documents=list(texts[start:end]),
                metadatas=slim[start:end],
            )
        self.chunks_written += len(ids)

    def add_unit_records(self, records: Sequence[UnitRecord]) -> None:
        """Add packed unit records (one per chunk)."""
        for record in records:
            doc_id = str(record.metadata.get("doc_id", ""))
            self._unit_counts[doc_id] = self._unit_counts.get(doc_id, 0) + record.count
        for start in range(0, len(records), _WRITE_BATCH):
            batch = records[start : start + _WRITE_BATCH]
            self._units.add(
                ids=[record_id(r.chunk_id, self.number) for r in batch],
                embeddings=np.vstack([r.centroid for r in batch]),
                metadatas=[{**r.metadata, "v_from": self.number, "v_to": OPEN} for r in batch],
            )
        self.units_written += sum(r.count for r in records)

    def remove(self, doc_ids: Sequence[str]) -> None:
        """Take documents out of the served base."""
        self._removed.update(doc_ids)

    def commit(self) -> None:
        """Serve this edit, atomically (one registry update), then drop what it replaced."""
        if self._closed:
            raise StoreError("edit already closed")
        self._write_manifest()
        self._retire()
        self._store._activate(self)
        self._closed = True
        self._store._schedule_purge(self)

    def _write_manifest(self) -> None:
        ids, metadatas = [], []
        for doc_id, doc_md in self._new_docs.items():
            chunk_ids = [c for _, c in sorted(self._chunk_ids[doc_id])]
            ids.append(record_id(doc_id, self.number))
            fields = {
                **doc_md,
                "doc_id": doc_id,
                "chunk_ids": chunk_ids,
                "chunk_count": len(chunk_ids),
                "units": self._unit_counts.get(doc_id, 0),
            }
            # One JSON field rather than twenty: Chroma reads a record's metadata key by key.
            metadatas.append(
                {
                    "doc_id": doc_id,
                    "document": json.dumps(fields, ensure_ascii=False),
                    "v_from": self.number,
                    "v_to": OPEN,
                }
            )
        for start in range(0, len(ids), _WRITE_BATCH):
            self._docs.add(
                ids=ids[start : start + _WRITE_BATCH],
                embeddings=np.ones((len(ids[start : start + _WRITE_BATCH]), 1), np.float32),
                metadatas=metadatas[start : start + _WRITE_BATCH],
            )

    def _retire(self) -> None:
        """Mark the served versions of the documents this edit replaces or removes as ending
        at this edit (readers of the served version still see them)."""
        if self.fresh:
            return
        served = self._store._manifest(self._base)
        chunk_ids: list[str] = []
        doc_ids: list[str] = []
        for doc_id in sorted(set(self._new_docs) | self._removed):
            old = served.records.get(doc_id)
            if old is None:
                continue
            doc_ids.append(record_id(doc_id, old.version))
            chunk_ids.extend(served.record_ids[c] for c in old.chunk_ids)
        unit_ids = list(self._units.get(ids=chunk_ids, include=[])["ids"]) if chunk_ids else []
        retired = {"c": chunk_ids, "u": unit_ids, "d": doc_ids}
        for suffix, ids in retired.items():
            collection = {"c": self._chunks, "u": self._units, "d": self._docs}[suffix]
            for start in range(0, len(ids), _WRITE_BATCH):
                batch = ids[start : start + _WRITE_BATCH]
                collection.update(ids=batch, metadatas=[{"v_to": self.number}] * len(batch))

    def abort(self) -> None:
        """Undo this edit; the served base is untouched."""
        if self._closed:
            return
        self._closed = True
        try:
            if self.fresh:
                self._store._drop_epoch(self.epoch)
            else:
                self._store._recover(self._base)
        except Exception as exc:  # the next edit undoes it anyway
            log.warning("could not undo the unfinished edit %s: %s", self.name, exc)


class KnowledgeStore:
    """The knowledge base in Chroma: reads the served version, writes edits beside it."""

    def __init__(self, client: Any, name: str = "sportello", *, location: str = "") -> None:
        if not re.fullmatch(r"[a-zA-Z0-9][a-zA-Z0-9_-]{1,40}[a-zA-Z0-9]", name):
            raise ValueError(f"collection name {name!r}: use 3-42 letters, digits, - or _")
        self._client = client
        self.name = name
        self.location = location
        self._registry_name = f"{name}__registry"
        self._lock = threading.RLock()
        self._cached: tuple[float, _Served] = (0.0, _NO_SERVED)
        self._manifest_cache = _Manifest(None, {}, {}, {})
        #: How long a reader trusts the pointer it read; retired records outlive a commit by
        #: as much, so a reader in another process never finds its version half deleted.
        self.refresh_interval_s = 1.0
        self._purge: tuple[float, Any] | None = None

    def close(self) -> None:
        """Finish the pending clean-up, then release the client's connections."""
        self.flush_purge()
        close_chroma_client(self._client)

    # -- registry -------------------------------------------------------------------------

    def _registry(self) -> Any:
        return self._client.get_or_create_collection(
            self._registry_name,
            metadata={"sportello": "registry", "active": "", "generation": 0},
            embedding_function=None,
        )

    def _collection_name(self, epoch: int, suffix: str) -> str:
        return f"{self.name}__e{epoch}_{suffix}"

    def _collection(
        self, epoch: int, suffix: str, embedder: str, dim: int, *, create: bool = False
    ) -> Any:
        name = self._collection_name(epoch, suffix)
        if not create:
            return self._client.get_collection(name, embedding_function=None)
        return self._client.get_or_create_collection(
            name,
            metadata={
                "sportello": {"c": "chunks", "u": "units", "d": "manifest"}[suffix],
                "embedder": embedder,
                "dimension": dim,
            },
            configuration={"hnsw": {"space": "cosine"}},
            embedding_function=None,
        )

    def _read_registry(self) -> dict[str, Any]:
        md = dict(self._registry().metadata or {})
        if md.get("active") and not md.get("layout"):
            md = self._migrate(md)
        return md

    def info(self) -> StoreInfo:
        """Read the registry: served version, embedder, dimension."""
        md = self._read_registry()
        active = str(md.get("active") or "") or None
        return StoreInfo(
            name=self.name,
            active=active,
            embedder=str(md["embedder"]) if md.get("embedder") else None,
            dimension=int(md["dimension"]) if md.get("dimension") else None,
            generation=int(md.get("generation") or 0),
            updated_at=str(md["updated_at"]) if md.get("updated_at") else None,
            location=self.location,
        )

    def check_embedder(self, embedder_name: str, dimension: int) -> None:
        """Refuse to serve or extend a knowledge base built by another embedder."""
        info = self.info()
        if info.active and info.embedder and info.embedder != embedder_name:
            raise EmbedderMismatchError(
                f"the knowledge base {self.name!r} was built with the embedder "
                f"{info.embedder!r}, but EMBEDDING_MODEL selects {embedder_name!r}: set "
                f"EMBEDDING_MODEL back, or re-ingest with `sportello ingest --full`"
            )
        if info.active and info.dimension and info.dimension != dimension:
            raise EmbedderMismatchError(
                f"the knowledge base has vectors of dimension {info.dimension}, the embedder "
                f"gives {dimension}: re-ingest with `sportello ingest --full`"
            )

    # -- reading --------------------------------------------------------------------------

    def _served(self) -> _Served:
        """The pointer and its collections, re-read at most every `refresh_interval_s`."""
        with self._lock:
            checked_at, served = self._cached
            if time.monotonic() - checked_at < self.refresh_interval_s:
                return served
            md = self._read_registry()
            epoch = int(md.get("epoch") or 0)
            if not md.get("active") or not epoch:
                served = _NO_SERVED
            elif epoch != served.epoch or served.chunks is None:
                collections = []
                for suffix in _SUFFIXES:
                    try:
                        collections.append(
                            self._client.get_collection(
                                self._collection_name(epoch, suffix), embedding_function=None
                            )
                        )
                    except Exception:  # no units: a base restored from an older backup
                        if suffix == "c":
                            raise
                        collections.append(None)
                served = _Served(
                    epoch,
                    int(md.get("generation") or 0),
                    str(md.get("embedder") or "") or None,
                    int(md["dimension"]) if md.get("dimension") else None,
                    str(md.get("updated_at") or "") or None,
                    *collections,
                )
            else:
                served = _Served(
                    epoch,
                    int(md.get("generation") or 0),
                    str(md.get("embedder") or "") or None,
                    int(md["dimension"]) if md.get("dimension") else None,
                    str(md.get("updated_at") or "") or None,
                    served.chunks,
                    served.units,
                    served.docs,
                )
            self._cached = (time.monotonic(), served)
            return served

    def invalidate(self) -> None:
        """Forget the cached pointer so the next read sees the newest version."""
        with self._lock:
            self._cached = (0.0, _NO_SERVED)

    def _manifest(self, served: _Served | None = None) -> _Manifest:
        served = served or self._served()
        with self._lock:
            cached = self._manifest_cache
            if cached.key == served.key:
                return cached
        records: dict[str, DocumentRecord] = {}
        doc_fields: dict[str, dict[str, Any]] = {}
        record_ids: dict[str, str] = {}
        if served.docs is not None:
            # Unfiltered (a filter costs more than reading the few records of other versions).
            got = served.docs.get(include=["metadatas"])
            for raw in got["metadatas"] or []:
                if not is_visible(raw, served.version):
                    continue
                md = {**json.loads(str(raw.get("document") or "{}")), "v_from": raw["v_from"]}
                record = _record_from_metadata(md)
                records[record.doc_id] = record
                doc_fields[record.doc_id] = {
                    k: v for k, v in md.items() if k in DOC_ONLY_FIELDS or k in FILTER_FIELDS
                }
                for chunk_id in record.chunk_ids:
                    record_ids[chunk_id] = record_id(chunk_id, record.version)
        manifest = _Manifest(served.key, records, doc_fields, record_ids)
        with self._lock:
            self._manifest_cache = manifest
        return manifest

    def _chunk(
        self,
        manifest: _Manifest,
        rid: str,
        text: str | None,
        md: Mapping[str, Any] | None,
        distance: float | None = None,
    ) -> StoredChunk:
        own = {k: v for k, v in (md or {}).items() if k not in _VERSION_FIELDS}
        joined = {**manifest.doc_fields.get(str(own.get("doc_id", "")), {}), **own}
        return StoredChunk(id=item_id(rid), text=text or "", metadata=joined, distance=distance)

    def _get(self, collection: Any, ids: list[str], include: list[str]) -> dict[str, Any]:
        try:
            return dict(collection.get(ids=ids, include=include))
        except Exception as exc:
            if "does not exist" in str(exc).lower():  # a new epoch replaced it under us
                self.invalidate()
                return {"ids": [], "documents": [], "metadatas": [], "embeddings": []}
            raise

    def units(self, doc_ids: Sequence[str]) -> list[StoredUnit]:
        """The answer units of some served documents, with their vectors."""
        served = self._served()
        if served.units is None or not doc_ids:
            return []
        manifest = self._manifest(served)
        ids = [
            manifest.record_ids[c]
            for d in doc_ids
            if d in manifest.records
            for c in manifest.records[d].chunk_ids
        ]
        out: list[StoredUnit] = []
        for start in range(0, len(ids), _READ_BATCH):
            got = self._get(served.units, ids[start : start + _READ_BATCH], ["metadatas"])
            for rid, md in zip(got["ids"], got["metadatas"] or [], strict=True):
                out.extend(unpack_units(item_id(rid), str((md or {}).get("packed", ""))))
        return out

    def unit_records(self, chunk_ids: Sequence[str]) -> dict[str, UnitRecord]:
        """The packed answer-unit records of some served chunks (for backups)."""
        served = self._served()
        if served.units is None or not chunk_ids:
            return {}
        manifest = self._manifest(served)
        ids = [manifest.record_ids[c] for c in chunk_ids if c in manifest.record_ids]
        got = self._get(served.units, ids, ["embeddings", "metadatas"])
        embeddings = got["embeddings"] if got["embeddings"] is not None else []
        out: dict[str, UnitRecord] = {}
        for rid, e, m in zip(got["ids"], embeddings, got["metadatas"] or [], strict=True):
            md = {k: v for k, v in (m or {}).items() if k not in _VERSION_FIELDS}
            out[item_id(rid)] = UnitRecord(item_id(rid), np.asarray(e, dtype=np.float32), md)
        return out

    def count(self) -> int:
        """Number of chunks served."""
        return len(self._manifest().record_ids)

    def unit_count(self) -> int:
        """Number of answer units served (0 for a base stored without them)."""
        served = self._served()
        if served.units is None:
            return 0
        return sum(r.units for r in self._manifest(served).records.values())

    def documents(self) -> dict[str, DocumentRecord]:
        """The manifest: every served document by id, with its hash and chunk ids."""
        return self._manifest().records

    def find_document(self, ref: str) -> DocumentRecord:
        """A document by id, or by file name when that is unique."""
        docs = self.documents()
        if ref in docs:
            return docs[ref]
        matches = [d for d in docs.values() if d.file_name == ref or d.doc_id.endswith("/" + ref)]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise DocumentNotFoundError(f"no document {ref!r}: see `sportello kb list`")
        raise DocumentNotFoundError(
            f"{ref!r} names {len(matches)} documents: use the full id, one of "
            + ", ".join(sorted(d.doc_id for d in matches))
        )

    def served_records(self) -> dict[str, str]:
        """The record of each served chunk, by chunk id: a chunk whose record is unchanged
        since a previous read is unchanged (what readers refresh incrementally on)."""
        return dict(self._manifest().record_ids)

    def chunks_by_ids(self, chunk_ids: Sequence[str]) -> Iterator[StoredChunk]:
        """Some served chunks with text and metadata (ids not served are skipped)."""
        served = self._served()
        if served.chunks is None:
            return
        manifest = self._manifest(served)
        ids = [manifest.record_ids[c] for c in chunk_ids if c in manifest.record_ids]
        for start in range(0, len(ids), _READ_BATCH):
            got = self._get(
                served.chunks, ids[start : start + _READ_BATCH], ["documents", "metadatas"]
            )
            for rid, t, m in zip(
                got["ids"], got["documents"] or [], got["metadatas"] or [], strict=True
            ):
                yield self._chunk(manifest, rid, t, m)

    def chunks(self, doc_id: str) -> list[StoredChunk]:
        """The chunks of one document, in order."""
        record = self.documents().get(doc_id)
        if record is None:
            return []
        out = list(self.chunks_by_ids(record.chunk_ids))
        return sorted(out, key=lambda c: int(c.metadata.get("chunk_index", 0)))

    def all_chunks(self) -> Iterator[StoredChunk]:
        """Every served chunk with text and metadata (for lexical indexes)."""
        manifest = self._manifest()
        yield from self.chunks_by_ids(list(manifest.record_ids))

    def vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored vectors of some served chunks."""
        served = self._served()
        if served.chunks is None or not ids:
            return {}
        manifest = self._manifest(served)
        rids = [manifest.record_ids[c] for c in ids if c in manifest.record_ids]
        got = self._get(served.chunks, rids, ["embeddings"])
        embeddings = got["embeddings"] if got["embeddings"] is not None else []
        return {
            item_id(i): np.asarray(e, dtype=np.float32)
            for i, e in zip(got["ids"], embeddings, strict=True)
        }

    def active_name(self) -> str | None:
        """Name of the served version (changes on every commit)."""
        return self._served().key

    def query(
        self, vector: np.ndarray | Sequence[float], n: int, where: dict[str, Any] | None = None
    ) -> list[StoredChunk]:
        """The `n` nearest served chunks to a vector, optionally filtered on metadata.

        Chroma is asked without a version filter; records of other versions (an edit in
        flight, or retired ones not yet purged) are dropped here. When they crowd out served
        ones, it is asked again for more, and last with the version filter: the `n` served
        records returned are always the nearest `n` served ones.
        """
        served = self._served()
        if served.chunks is None or n <= 0:
            return []
        manifest = self._manifest(served)
        want = n
        for _ in range(2):
            hits = self._query(served, vector, want, where)
            if hits is None:
                return self.query(vector, n, where)
            shown = [h for h in hits if is_visible(h[2], served.version)]
            if len(shown) >= n or len(hits) < want:
                return [self._chunk(manifest, *h[:3], h[3]) for h in shown[:n]]
            want = n + 2 * (len(hits) - len(shown)) + 16
        version = visible_filter(served.version)
        hits = self._query(served, vector, n, {"$and": [where, version]} if where else version)
        if hits is None:
            return self.query(vector, n, where)
        return [self._chunk(manifest, *h[:3], h[3]) for h in hits]

    def _query(
        self,
        served: _Served,
        vector: np.ndarray | Sequence[float],
        n: int,
        where: dict[str, Any] | None,
    ) -> list[tuple[str, str, dict[str, Any], float]] | None:
        """Raw hits (record id, text, metadata, distance); None when the epoch was replaced."""
        try:
            res = served.chunks.query(
                query_embeddings=[np.asarray(vector, dtype=np.float32)],
                n_results=n,
                where=where or None,
                include=["documents", "metadatas", "distances"],
            )
        except Exception as exc:
            if "does not exist" in str(exc).lower():  # replaced under us: reread the pointer
                self.invalidate()
                return None
            raise
        return [
            (i, t or "", dict(m or {}), float(d))
            for i, t, m, d in zip(
                res["ids"][0],
                (res["documents"] or [[]])[0],
                (res["metadatas"] or [[]])[0],
                (res["distances"] or [[]])[0],
                strict=True,
            )
        ]

    # -- writing --------------------------------------------------------------------------

    def _epoch_names(self) -> list[str]:
        prefixes = (f"{self.name}__e", f"{self.name}__g")
        return [c.name for c in self._client.list_collections() if c.name.startswith(prefixes)]

    def _drop_epoch(self, epoch: int) -> None:
        for suffix in _SUFFIXES:
            try:
                self._client.delete_collection(self._collection_name(epoch, suffix))
            except Exception as exc:
                if "does not exist" not in str(exc).lower():
                    raise

    def _drop_other_epochs(self, keep: int | None) -> None:
        keep_names = {self._collection_name(keep, s) for s in _SUFFIXES} if keep else set()
        for stale in self._epoch_names():
            if stale not in keep_names:
                log.info("dropping %s, left by an unfinished or replaced write", stale)
                try:
                    self._client.delete_collection(stale)
                except Exception as exc:  # dropped by the next edit
                    log.warning("could not drop %s: %s", stale, exc)

    def begin(self, embedder: str, dimension: int, *, replace: bool = False) -> Edit:
        """Start an edit of the served base (with `replace`, or under another embedder: of an
        empty base on a new epoch). Undoes what an interrupted edit left.

        Callers hold the ingest lock, so no other writer runs meanwhile.
        """
        self.invalidate()
        served = self._served()
        registry = self._registry()
        md = dict(registry.metadata or {})
        fresh = (
            replace
            or served.chunks is None
            or served.embedder not in (None, embedder)
            or served.dimension not in (None, dimension)
        )
        self._drop_other_epochs(served.epoch if served.chunks is not None else None)
        if md.get("writing") and served.chunks is not None:
            log.info("an edit of %r was interrupted: undoing what it wrote", self.name)
            self._recover(served)
        # The mark says an edit may have written records; the commit's update clears it.
        registry.modify(metadata={**md, "writing": served.version + 1})
        return Edit(
            self,
            epoch=served.epoch + 1 if fresh else served.epoch,
            version=served.version + 1,
            base=served,
            embedder=embedder,
            dimension=dimension,
            fresh=fresh,
        )

    def _recover(self, served: _Served) -> None:
        """Undo what edits after `served.version` left (they were never served) and drop what
        edits before it retired (what the served edit itself retired is left to its purge:
        readers of the previous version may hold it for `refresh_interval_s` more). Run when
        the registry's `writing` mark shows an edit that began and was never committed."""
        n = served.version
        for collection in (served.chunks, served.units, served.docs):
            if collection is None:
                continue
            unfinished = collection.get(where={"v_from": {"$gt": n}}, include=[])["ids"]
            if unfinished:
                log.info("undoing %d records of an unfinished edit", len(unfinished))
                collection.delete(ids=list(unfinished))
            reopened = collection.get(
                where={"$and": [{"v_to": {"$gt": n}}, {"v_to": {"$lt": OPEN}}]}, include=[]
            )["ids"]
            for start in range(0, len(reopened), _WRITE_BATCH):
                batch = list(reopened[start : start + _WRITE_BATCH])
                collection.update(ids=batch, metadatas=[{"v_to": OPEN}] * len(batch))
            _delete_retired(collection, n - 1)
        registry = self._registry()
        md = dict(registry.metadata or {})
        if md.pop("writing", None):
            registry.modify(metadata=md)

    def _activate(self, edit: Edit) -> None:
        """The commit: one registry update points readers at the edit's version."""
        self._registry().modify(
            metadata={
                "sportello": "registry",
                "layout": 2,
                "active": f"{self.name}__e{edit.epoch}",
                "epoch": edit.epoch,
                "generation": edit.number,
                "embedder": edit.embedder,
                "dimension": edit.dimension,
                "updated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            }
        )
        self.invalidate()

    def _schedule_purge(self, edit: Edit) -> None:
        """Delete what the committed edit (and any before it) retired, once cached pointers
        have expired."""

        def purge() -> None:
            try:
                if edit.fresh:
                    self._drop_other_epochs(edit.epoch)
                for collection in (edit._chunks, edit._units, edit._docs):
                    _delete_retired(collection, edit.number)
            except Exception as exc:  # the next edit drops them (`_recover`)
                log.warning("could not drop the versions replaced by %s: %s", edit.name, exc)

        with self._lock:
            self._purge = (time.monotonic() + self.refresh_interval_s, purge)
        if self.refresh_interval_s <= 0:
            self.flush_purge()
            return
        timer = threading.Timer(self.refresh_interval_s, self.flush_purge, kwargs={"wait": False})
        timer.daemon = True
        timer.start()

    def flush_purge(self, *, wait: bool = True) -> None:
        """Run the pending clean-up of the last commit now (waiting out the grace period)."""
        with self._lock:
            pending, self._purge = self._purge, None
        if pending is None:
            return
        due, purge = pending
        if wait:
            time.sleep(max(0.0, due - time.monotonic()))
        purge()

    # -- the previous layout --------------------------------------------------------------

    def _migrate(self, md: dict[str, Any]) -> dict[str, Any]:
        """Copy a base stored in the previous layout (one collection per generation) into
        versioned records, and point the registry at them. Idempotent: a run killed halfway
        is redone by the next reader."""
        old_name = str(md["active"])
        old = self._client.get_collection(old_name, embedding_function=None)
        try:
            old_units = self._client.get_collection(old_name + "_u", embedding_function=None)
        except Exception:  # a base stored before answer units
            old_units = None
        embedder = str(md.get("embedder") or "")
        dimension = int(md.get("dimension") or 0)
        version = int(md.get("generation") or 0) + 1
        log.warning(
            "knowledge base %r is stored in the previous layout (%s, %d chunks): migrating it "
            "to versioned records, once; this takes about as long as copying the base",
            self.name,
            old_name,
            old.count(),
        )
        edit = Edit(
            self,
            epoch=1,
            version=version,
            base=_NO_SERVED,
            embedder=embedder,
            dimension=dimension,
            fresh=True,
        )
        offset = 0
        while True:
            got = old.get(
                include=["embeddings", "documents", "metadatas"], limit=_READ_BATCH, offset=offset
            )
            if not got["ids"]:
                break
            ids = list(got["ids"])
            vectors = np.asarray(got["embeddings"], dtype=np.float32)
            # upsert, not add: a migration killed halfway is simply done again
            for chunk_id, md_chunk in zip(ids, got["metadatas"] or [], strict=True):
                doc_md = split_metadata(md_chunk)[1]
                doc_id = str(md_chunk.get("doc_id", ""))
                edit._new_docs.setdefault(doc_id, doc_md)
                position = int(md_chunk.get("chunk_index", 0))
                edit._chunk_ids.setdefault(doc_id, []).append((position, chunk_id))
            edit._chunks.upsert(
                ids=[record_id(i, version) for i in ids],
                embeddings=vectors,
                documents=list(got["documents"] or []),
                metadatas=[
                    {**split_metadata(m)[0], "v_from": version, "v_to": OPEN}
                    for m in got["metadatas"] or []
                ],
            )
            if old_units is not None:
                units = old_units.get(ids=ids, include=["embeddings", "metadatas"])
                for m in units["metadatas"] or []:
                    doc_id = str(m.get("doc_id", ""))
                    edit._unit_counts[doc_id] = edit._unit_counts.get(doc_id, 0) + int(
                        m.get("units", 0)
                    )
                if units["ids"]:
                    edit._units.upsert(
                        ids=[record_id(i, version) for i in units["ids"]],
                        embeddings=np.asarray(units["embeddings"], dtype=np.float32),
                        metadatas=[
                            {**m, "v_from": version, "v_to": OPEN}
                            for m in units["metadatas"] or []
                        ],
                    )
            offset += len(ids)
        edit._docs.delete(where={"v_from": version})
        edit._write_manifest()
        self._activate(edit)
        for name in (old_name, old_name + "_u", str(md.get("previous") or "")):
            if name:
                try:
                    self._client.delete_collection(name)
                except Exception:  # already gone
                    log.debug("no collection %s to drop", name)
        log.warning("knowledge base %r migrated: %d documents", self.name, len(edit._new_docs))
        return dict(self._registry().metadata or {})


def _delete_retired(collection: Any, upto: int) -> None:
    """Delete the records retired by edits up to `upto`."""
    ids = collection.get(where={"v_to": {"$lte": upto}}, include=[])["ids"]
    for start in range(0, len(ids), _WRITE_BATCH):
        collection.delete(ids=list(ids[start : start + _WRITE_BATCH]))


def close_chroma_client(client: Any) -> None:
    """Close the HTTP connections of a Chroma server client (embedded clients hold none)."""
    for holder in (client, getattr(client, "_admin_client", None)):
        session = getattr(getattr(holder, "_server", None), "_session", None)
        if session is not None and hasattr(session, "close"):
            session.close()


def open_store(chroma_url: str, data_dir: Path, name: str = "sportello") -> KnowledgeStore:
    """Open the knowledge store named by the settings (server URL, else embedded)."""
    path = data_dir / "chroma"
    client = open_chroma_client(chroma_url, path)
    return KnowledgeStore(client, name, location=chroma_url or str(path))
