"""The Chroma store of the knowledge base, with atomic generations.

Readers always read one *generation*: a Chroma collection named `<name>__g<N>_<suffix>`. A
small registry collection `<name>__registry` holds, in its metadata, which generation is active
and which embedder built it. A write builds a new generation beside the active one (unchanged
chunks are copied with their vectors, new ones added), then flips the registry pointer in one
metadata update. A run that fails or is killed before the flip leaves the active generation as
it was; its half-built collection is dropped by the next run. The previous generation is kept
until the next commit, so a reader that still holds it goes on working.

Each generation has a companion collection `<generation>_u` of *answer units*: the sentences and
table rows of every chunk, with their own vectors, written in the same run and flipped by the
same pointer, so the sentences an answer quotes are chosen by meaning, not only by words.

The manifest (each document's content hash and chunk ids) is read back from the active
generation's chunk metadata, so it can never disagree with what is served.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import threading
import time
import uuid
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
UNITS_SUFFIX = "_u"


def units_name(generation: str) -> str:
    """The collection that holds a generation's answer units."""
    return generation + UNITS_SUFFIX


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
    generation: int
    updated_at: str | None
    location: str


def _record_from_metadata(chunk_id: str, md: Mapping[str, Any]) -> DocumentRecord:
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
        chunk_ids=[chunk_id],
        inferred=[f for f in str(md.get("inferred", "")).split(",") if f],
    )


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


class Generation:
    """A generation being written; becomes the served one on `commit()`."""

    def __init__(self, store: KnowledgeStore, name: str, number: int, embedder: str, dim: int):
        self._store = store
        self.name = name
        self.number = number
        self.embedder = embedder
        self.dimension = dim
        self._collection = store._create_collection(name, embedder, dim)
        self._units = store._create_collection(units_name(name), embedder, dim, kind="units")
        self.chunks_written = 0
        self.units_written = 0
        self._closed = False

    def add(
        self,
        ids: Sequence[str],
        vectors: np.ndarray,
        texts: Sequence[str],
        metadatas: Sequence[Metadata],
    ) -> None:
        """Add chunks with their vectors."""
        if vectors.shape[0] and vectors.shape[1] != self.dimension:
            raise StoreError(f"vectors of dimension {vectors.shape[1]}, expected {self.dimension}")
        for start in range(0, len(ids), _WRITE_BATCH):
            end = start + _WRITE_BATCH
            self._collection.add(
                ids=list(ids[start:end]),
                embeddings=vectors[start:end],
                documents=list(texts[start:end]),
                metadatas=[dict(m) for m in metadatas[start:end]],
            )
        self.chunks_written += len(ids)

    def add_unit_records(self, records: Sequence[UnitRecord]) -> None:
        """Add packed unit records (one per chunk)."""
        for start in range(0, len(records), _WRITE_BATCH):
            batch = records[start : start + _WRITE_BATCH]
            self._units.add(
                ids=[r.chunk_id for r in batch],
                embeddings=np.vstack([r.centroid for r in batch]),
                metadatas=[r.metadata for r in batch],
            )
        self.units_written += sum(r.count for r in records)

    def copy_chunks(self, chunk_ids: Sequence[str]) -> int:
        """Copy chunks, vectors included, from the active generation (nothing re-embedded)."""
        source = self._store._active_collection()
        if source is None or not chunk_ids:
            return 0
        copied = 0
        for start in range(0, len(chunk_ids), _READ_BATCH):
            got = source.get(
                ids=list(chunk_ids[start : start + _READ_BATCH]),
                include=["embeddings", "documents", "metadatas"],
            )
            if not got["ids"]:
                continue
            self.add(
                got["ids"],
                np.asarray(got["embeddings"], dtype=np.float32),
                got["documents"] or [],
                got["metadatas"] or [],
            )
            copied += len(got["ids"])
        units = self._store._active_units()
        if units is not None:
            for start in range(0, len(chunk_ids), _READ_BATCH):
                got = units.get(
                    ids=list(chunk_ids[start : start + _READ_BATCH]),
                    include=["embeddings", "metadatas"],
                )
                self.add_unit_records(
                    [
                        UnitRecord(i, np.asarray(e, dtype=np.float32), dict(m or {}))
                        for i, e, m in zip(
                            got["ids"],
                            got["embeddings"] if got["embeddings"] is not None else [],
                            got["metadatas"] or [],
                            strict=True,
                        )
                    ]
                )
        return copied

    def commit(self) -> None:
        """Make this generation the served one, atomically, and drop older ones."""
        if self._closed:
            raise StoreError("generation already closed")
        self._store._activate(self)
        self._closed = True

    def abort(self) -> None:
        """Drop this generation; the served one is untouched."""
        if self._closed:
            return
        self._closed = True
        for name in (self.name, units_name(self.name)):
            try:
                self._store._client.delete_collection(name)
            except Exception as exc:  # the next run drops it anyway
                log.warning("could not drop aborted generation %s: %s", name, exc)


class KnowledgeStore:
    """The knowledge base in Chroma: reads from the active generation, writes new ones."""

    def __init__(self, client: Any, name: str = "sportello", *, location: str = "") -> None:
        if not re.fullmatch(r"[a-zA-Z0-9][a-zA-Z0-9_-]{1,40}[a-zA-Z0-9]", name):
            raise ValueError(f"collection name {name!r}: use 3-42 letters, digits, - or _")
        self._client = client
        self.name = name
        self.location = location
        self._registry_name = f"{name}__registry"
        self._lock = threading.RLock()
        self._cached_active: tuple[float, str | None, Any] = (0.0, None, None)
        self._cached_units: tuple[str | None, Any] = (None, None)
        self._manifest_cache: tuple[str | None, dict[str, DocumentRecord]] = (None, {})
        self.refresh_interval_s = 1.0

    def close(self) -> None:
        """Release the client's connections."""
        close_chroma_client(self._client)

    # -- registry -------------------------------------------------------------------------

    def _registry(self) -> Any:
        return self._client.get_or_create_collection(
            self._registry_name,
            metadata={"sportello": "registry", "active": "", "generation": 0},
            embedding_function=None,
        )

    def info(self) -> StoreInfo:
        """Read the registry: active generation, embedder, dimension."""
        md = dict(self._registry().metadata or {})
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

    def _active_collection(self) -> Any | None:
        with self._lock:
            checked_at, name, collection = self._cached_active
            if time.monotonic() - checked_at < self.refresh_interval_s:
                return collection
            info = self.info()
            if info.active != name or collection is None:
                collection = (
                    self._client.get_collection(info.active, embedding_function=None)
                    if info.active
                    else None
                )
            self._cached_active = (time.monotonic(), info.active, collection)
            return collection

    def _active_units(self) -> Any | None:
        """The answer-unit collection of the served generation (None for bases built before
        units existed, or restored from a backup without them)."""
        collection = self._active_collection()
        if collection is None:
            return None
        with self._lock:
            name, units = self._cached_units
            if name != collection.name:
                try:
                    units = self._client.get_collection(
                        units_name(collection.name), embedding_function=None
                    )
                except Exception:  # no units for this generation
                    units = None
                self._cached_units = (collection.name, units)
            return units

    def units(self, doc_ids: Sequence[str]) -> list[StoredUnit]:
        """The answer units of some served documents, with their vectors."""
        collection = self._active_units()
        if collection is None or not doc_ids:
            return []
        try:
            got = collection.get(where={"doc_id": {"$in": list(doc_ids)}}, include=["metadatas"])
        except Exception as exc:
            if "does not exist" in str(exc).lower():  # replaced under us
                self.invalidate()
                return []
            raise
        out: list[StoredUnit] = []
        for chunk_id, md in zip(got["ids"], got["metadatas"] or [], strict=True):
            out.extend(unpack_units(chunk_id, str((md or {}).get("packed", ""))))
        return out

    def unit_records(self, chunk_ids: Sequence[str]) -> dict[str, UnitRecord]:
        """The packed answer-unit records of some served chunks (for backups)."""
        collection = self._active_units()
        if collection is None or not chunk_ids:
            return {}
        got = collection.get(ids=list(chunk_ids), include=["embeddings", "metadatas"])
        embeddings = got["embeddings"] if got["embeddings"] is not None else []
        return {
            i: UnitRecord(i, np.asarray(e, dtype=np.float32), dict(m or {}))
            for i, e, m in zip(got["ids"], embeddings, got["metadatas"] or [], strict=True)
        }

    def invalidate(self) -> None:
        """Forget the cached pointer so the next read sees the newest generation."""
        with self._lock:
            self._cached_active = (0.0, None, None)
            self._cached_units = (None, None)

    def count(self) -> int:
        """Number of chunks served."""
        collection = self._active_collection()
        return int(collection.count()) if collection is not None else 0

    def unit_count(self) -> int:
        """Number of answer units served (0 for a base stored without them)."""
        units = self._active_units()
        if units is None:
            return 0
        return sum(int(m.get("units", 0)) for _, mds in self._iter_metadatas(units) for m in mds)

    def documents(self) -> dict[str, DocumentRecord]:
        """The manifest: every served document by id, with its hash and chunk ids."""
        collection = self._active_collection()
        if collection is None:
            return {}
        name = collection.name
        cached_name, cached = self._manifest_cache
        if cached_name == name:
            return cached
        records: dict[str, DocumentRecord] = {}
        for ids, metadatas in self._iter_metadatas(collection):
            for chunk_id, md in zip(ids, metadatas, strict=True):
                doc_id = str(md.get("doc_id", ""))
                if doc_id in records:
                    records[doc_id].chunk_ids.append(chunk_id)
                else:
                    records[doc_id] = _record_from_metadata(chunk_id, md)
        for record in records.values():
            record.chunk_ids.sort()
        self._manifest_cache = (name, records)
        return records

    @staticmethod
    def _iter_metadatas(collection: Any) -> Iterator[tuple[list[str], list[Mapping[str, Any]]]]:
        offset = 0
        while True:
            got = collection.get(include=["metadatas"], limit=_READ_BATCH, offset=offset)
            if not got["ids"]:
                return
            yield list(got["ids"]), list(got["metadatas"] or [])
            offset += len(got["ids"])

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

    def chunks(self, doc_id: str) -> list[StoredChunk]:
        """The chunks of one document, in order."""
        collection = self._active_collection()
        if collection is None:
            return []
        got = collection.get(where={"doc_id": doc_id}, include=["documents", "metadatas"])
        out = [
            StoredChunk(id=i, text=t or "", metadata=dict(m or {}))
            for i, t, m in zip(
                got["ids"], got["documents"] or [], got["metadatas"] or [], strict=True
            )
        ]
        return sorted(out, key=lambda c: int(c.metadata.get("chunk_index", 0)))

    def all_chunks(self) -> Iterator[StoredChunk]:
        """Every served chunk with text and metadata (for lexical indexes)."""
        collection = self._active_collection()
        if collection is None:
            return
        offset = 0
        while True:
            got = collection.get(
                include=["documents", "metadatas"], limit=_READ_BATCH, offset=offset
            )
            if not got["ids"]:
                return
            for i, t, m in zip(
                got["ids"], got["documents"] or [], got["metadatas"] or [], strict=True
            ):
                yield StoredChunk(id=i, text=t or "", metadata=dict(m or {}))
            offset += len(got["ids"])

    def vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored vectors of some chunks of the served generation."""
        collection = self._active_collection()
        if collection is None or not ids:
            return {}
        got = collection.get(ids=list(ids), include=["embeddings"])
        embeddings = got["embeddings"] if got["embeddings"] is not None else []
        return {
            i: np.asarray(e, dtype=np.float32) for i, e in zip(got["ids"], embeddings, strict=True)
        }

    def active_name(self) -> str | None:
        """Name of the served generation (changes on every commit)."""
        collection = self._active_collection()
        return collection.name if collection is not None else None

    def query(
        self, vector: np.ndarray | Sequence[float], n: int, where: dict[str, Any] | None = None
    ) -> list[StoredChunk]:
        """The `n` nearest chunks to a vector, optionally filtered on metadata."""
        collection = self._active_collection()
        if collection is None or n <= 0:
            return []
        try:
            res = collection.query(
                query_embeddings=[np.asarray(vector, dtype=np.float32)],
                n_results=n,
                where=where or None,
                include=["documents", "metadatas", "distances"],
            )
        except Exception as exc:
            if "does not exist" in str(exc).lower():  # replaced under us: reread the pointer
                self.invalidate()
                return self.query(vector, n, where)
            raise
        return [
            StoredChunk(id=i, text=t or "", metadata=dict(m or {}), distance=float(d))
            for i, t, m, d in zip(
                res["ids"][0],
                (res["documents"] or [[]])[0],
                (res["metadatas"] or [[]])[0],
                (res["distances"] or [[]])[0],
                strict=True,
            )
        ]

    # -- writing --------------------------------------------------------------------------

    def _create_collection(
        self, name: str, embedder: str, dim: int, kind: str = "generation"
    ) -> Any:
        return self._client.create_collection(
            name,
            metadata={"sportello": kind, "embedder": embedder, "dimension": dim},
            configuration={"hnsw": {"space": "cosine"}},
            embedding_function=None,
        )

    def _generation_names(self) -> list[str]:
        prefix = f"{self.name}__g"
        return [c.name for c in self._client.list_collections() if c.name.startswith(prefix)]

    def begin(self, embedder: str, dimension: int) -> Generation:
        """Start a new generation; drops half-built ones left by interrupted runs.

        Callers hold the ingest lock, so no other writer can be building one.
        """
        info = self.info()
        keep = {n for g in (info.active, self._previous()) if g for n in (g, units_name(g))}
        for stale in self._generation_names():
            if stale not in keep:
                log.info("dropping unfinished generation %s", stale)
                self._client.delete_collection(stale)
        number = info.generation + 1
        name = f"{self.name}__g{number}_{uuid.uuid4().hex[:8]}"
        return Generation(self, name, number, embedder, dimension)

    def _previous(self) -> str | None:
        md = dict(self._registry().metadata or {})
        return str(md.get("previous") or "") or None

    def _activate(self, gen: Generation) -> None:
        registry = self._registry()
        old = dict(registry.metadata or {})
        previous = str(old.get("active") or "") or None
        registry.modify(
            metadata={
                "sportello": "registry",
                "active": gen.name,
                "previous": previous or "",
                "generation": gen.number,
                "embedder": gen.embedder,
                "dimension": gen.dimension,
                "updated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            }
        )
        self.invalidate()
        keep = {n for g in (gen.name, previous) if g for n in (g, units_name(g))}
        for stale in self._generation_names():
            if stale not in keep:
                try:
                    self._client.delete_collection(stale)
                except Exception as exc:  # a leftover is dropped by the next run
                    log.warning("could not drop old generation %s: %s", stale, exc)


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
