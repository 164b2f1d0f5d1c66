"""Reading the served version: the pointer (cached for `refresh_interval_s`), the manifest of
its documents, chunks and answer units by id, and nearest-neighbour queries."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from knowledge.errors import DocumentNotFoundError
from knowledge.store.collections import SUFFIXES, StoreCollections
from knowledge.store.records import (
    DOC_ONLY_FIELDS,
    FILTER_FIELDS,
    DocumentRecord,
    StoredChunk,
    record_from_metadata,
)
from knowledge.store.versions import (
    NO_SERVED,
    READ_BATCH,
    VERSION_FIELDS,
    Served,
    is_visible,
    item_id,
    record_id,
    visible_filter,
)
from knowledge.units import StoredUnit, UnitRecord, unpack_units


@dataclass(slots=True)
class Manifest:
    """The documents served at one version, with what readers need to join and address."""

    key: str | None
    records: dict[str, DocumentRecord]
    #: Each document's fields as chunk metadata (joined into chunks read back).
    doc_fields: dict[str, dict[str, Any]]
    #: Record id of each served chunk.
    record_ids: dict[str, str]


class StoreReader(StoreCollections):
    """The served version of the knowledge base, as readers see it."""

    def __init__(self, client: Any, name: str = "sportello", *, location: str = "") -> None:
        super().__init__(client, name, location=location)
        self._cached: tuple[float, Served] = (0.0, NO_SERVED)
        self._manifest_cache = Manifest(None, {}, {}, {})
        #: How long a reader trusts the pointer it read; retired records outlive a commit by
        #: as much, so a reader in another process never finds its version half deleted.
        self.refresh_interval_s = 1.0

    def _served(self) -> Served:
        """The pointer and its collections, re-read at most every `refresh_interval_s`."""
        with self._lock:
            checked_at, served = self._cached
            if time.monotonic() - checked_at < self.refresh_interval_s:
                return served
            md = self._read_registry()
            epoch = int(md.get("epoch") or 0)
            if not md.get("active") or not epoch:
                served = NO_SERVED
            else:
                if epoch != served.epoch or served.chunks is None:
                    collections: list[Any] = []
                    for suffix in SUFFIXES:
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
                else:
                    collections = [served.chunks, served.units, served.docs]
                served = Served(
                    epoch,
                    int(md.get("generation") or 0),
                    str(md.get("embedder") or "") or None,
                    int(md["dimension"]) if md.get("dimension") else None,
                    str(md.get("updated_at") or "") or None,
                    *collections,
                )
            self._cached = (time.monotonic(), served)
            return served

    def invalidate(self) -> None:
        """Forget the cached pointer so the next read sees the newest version."""
        with self._lock:
            self._cached = (0.0, NO_SERVED)

    def _manifest(self, served: Served | None = None) -> Manifest:
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
                record = record_from_metadata(md)
                records[record.doc_id] = record
                doc_fields[record.doc_id] = {
                    k: v for k, v in md.items() if k in DOC_ONLY_FIELDS or k in FILTER_FIELDS
                }
                for chunk_id in record.chunk_ids:
                    record_ids[chunk_id] = record_id(chunk_id, record.version)
        manifest = Manifest(served.key, records, doc_fields, record_ids)
        with self._lock:
            self._manifest_cache = manifest
        return manifest

    def _chunk(
        self,
        manifest: Manifest,
        rid: str,
        text: str | None,
        md: Mapping[str, Any] | None,
        distance: float | None = None,
    ) -> StoredChunk:
        own = {k: v for k, v in (md or {}).items() if k not in VERSION_FIELDS}
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
        for start in range(0, len(ids), READ_BATCH):
            got = self._get(served.units, ids[start : start + READ_BATCH], ["metadatas"])
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
            md = {k: v for k, v in (m or {}).items() if k not in VERSION_FIELDS}
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
        for start in range(0, len(ids), READ_BATCH):
            got = self._get(
                served.chunks, ids[start : start + READ_BATCH], ["documents", "metadatas"]
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
        served: Served,
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
