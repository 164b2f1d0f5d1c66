"""Writing: an edit writes new document versions beside the served ones and serves them with
one registry update (its commit); what it replaced is purged after readers' grace period; an
edit interrupted before its commit is undone by the next one."""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from knowledge.errors import StoreError
from knowledge.store.chroma import close_chroma_client
from knowledge.store.reader import StoreReader
from knowledge.store.records import Metadata, split_metadata
from knowledge.store.versions import OPEN, WRITE_BATCH, Served, delete_retired, record_id
from knowledge.units import UnitRecord

log = logging.getLogger(__name__)


class Edit:
    """An edit being written: new document versions and removals, served on `commit()`.

    Until the commit nothing it writes is visible; `abort()` (or the next edit, after a kill)
    undoes it. An edit on a fresh epoch (a first ingest, a new embedder, a restore) starts from
    an empty base; otherwise the documents it does not touch stay as they are, untouched.
    """

    def __init__(
        self,
        store: EditingStore,
        *,
        epoch: int,
        version: int,
        base: Served,
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
        for start in range(0, len(ids), WRITE_BATCH):
            end = start + WRITE_BATCH
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
        for start in range(0, len(records), WRITE_BATCH):
            batch = records[start : start + WRITE_BATCH]
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
        for start in range(0, len(ids), WRITE_BATCH):
            self._docs.add(
                ids=ids[start : start + WRITE_BATCH],
                embeddings=np.ones((len(ids[start : start + WRITE_BATCH]), 1), np.float32),
                metadatas=metadatas[start : start + WRITE_BATCH],
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
            for start in range(0, len(ids), WRITE_BATCH):
                batch = ids[start : start + WRITE_BATCH]
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


class EditingStore(StoreReader):
    """The served version for readers, and edits written beside it."""

    def __init__(self, client: Any, name: str = "sportello", *, location: str = "") -> None:
        super().__init__(client, name, location=location)
        self._purge: tuple[float, Any] | None = None

    def close(self) -> None:
        """Finish the pending clean-up, then release the client's connections."""
        self.flush_purge()
        close_chroma_client(self._client)

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

    def _recover(self, served: Served) -> None:
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
            for start in range(0, len(reopened), WRITE_BATCH):
                batch = list(reopened[start : start + WRITE_BATCH])
                collection.update(ids=batch, metadatas=[{"v_to": OPEN}] * len(batch))
            delete_retired(collection, n - 1)
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
                    delete_retired(collection, edit.number)
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
