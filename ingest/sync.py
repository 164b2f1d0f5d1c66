"""The incremental, idempotent and atomic sync of source roots into the knowledge store.

A run hashes every document's bytes (with the chunking parameters and the embedder's name), and
compares the hashes with the manifest of the served version:

- unchanged documents are neither parsed, embedded nor written: they stay as they are;
- new and changed documents are parsed, chunked and embedded, and written as new versions;
- documents that vanished from a synced root are removed;
- documents that fail to load keep their previous version, and are reported.

Nothing is written when nothing changed. Otherwise one edit is written and served in one step
(see `knowledge.store`), in time proportional to the documents it touches; any failure or
interruption before that leaves the served knowledge base exactly as it was.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from filelock import FileLock, Timeout

from ingest.chunking import CHUNKER_VERSION, chunk_blocks
from ingest.errors import LoadError, LockedError, PageGone
from ingest.loaders import format_of, load_bytes
from ingest.loaders import load_file as load_document_file
from ingest.loaders.markdown import load_metadata_yaml
from ingest.sources import SourceItem, SourceRoot, sidecar_path
from ingest.terms import TermsReader, read_document_terms
from knowledge.base import KnowledgeBase, open_knowledge_base
from knowledge.documents import Chunk, ParsedDocument, store_metadata
from knowledge.embedders import KnowledgeEmbeddings
from knowledge.settings import KnowledgeSettings
from knowledge.store import DocumentRecord, Edit, KnowledgeStore
from knowledge.units import EmbeddedUnits, embed_units, pack_units

log = logging.getLogger(__name__)

ProgressCallback = Callable[[str, int, int], None]
EMBED_BATCH = 64


@dataclass(frozen=True, slots=True)
class Failure:
    """A document that could not be ingested, and why."""

    path: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "reason": self.reason}


@dataclass(slots=True)
class IngestReport:
    """What a run did (or, with `dry_run`, would do)."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    gone: list[Failure] = field(default_factory=list)
    #: Stated metadata that was not understood (the document was ingested without it).
    warnings: list[str] = field(default_factory=list)
    chunks: int = 0
    #: Answer units (sentences, table rows) embedded in this run.
    units: int = 0
    chunks_total: int = 0
    seconds: float = 0.0
    embed_seconds: float = 0.0
    dry_run: bool = False
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.failed

    def to_dict(self) -> dict[str, Any]:
        """The `--json` object."""
        return {
            "added": len(self.added),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "removed": len(self.removed),
            "failed": [f.to_dict() for f in self.failed],
            "gone": [f.to_dict() for f in self.gone],
            "warnings": self.warnings,
            "chunks": self.chunks,
            "units": self.units,
            "chunks_total": self.chunks_total,
            "seconds": round(self.seconds, 3),
            "embed_seconds": round(self.embed_seconds, 3),
            "dry_run": self.dry_run,
            "documents": {
                "added": self.added,
                "updated": self.updated,
                "removed": self.removed,
            },
        }


@dataclass(slots=True)
class _Pending:
    """A new or changed document, parsed and chunked, waiting to be embedded."""

    doc_id: str
    doc: ParsedDocument
    chunks: list[Chunk]
    metadatas: list[dict[str, Any]]
    #: Answer units and their vectors by chunk id, when embedded early (to read terms).
    units: EmbeddedUnits = field(default_factory=dict)
    embed_seconds: float = 0.0


def read_sidecar(path: Path) -> dict[str, Any]:
    """Metadata from `<file>.meta.yaml`, if present (a LoadError when it is not valid)."""
    sidecar = sidecar_path(path)
    if not sidecar.exists():
        return {}
    try:
        data = load_metadata_yaml(sidecar.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise LoadError(
            f"its metadata file {sidecar.name} is unreadable ({exc})", "fix or delete it"
        ) from exc
    if not isinstance(data, dict):
        raise LoadError(f"its metadata file {sidecar.name} is not a mapping", "write key: value")
    return data


def remove_document(
    store: KnowledgeStore, embedder: KnowledgeEmbeddings, lock_path: Path, ref: str
) -> DocumentRecord:
    """Take one document out of the served base (one edit that removes it)."""
    with IngestLock(lock_path):
        record = store.find_document(ref)
        info = store.info()
        edit = store.begin(info.embedder or embedder.name, info.dimension or embedder.dimension)
        try:
            edit.remove([record.doc_id])
            edit.commit()
        except BaseException:
            edit.abort()
            raise
    return record


def document_hash(data: bytes, signature: str) -> str:
    """Content hash of a document's bytes under a pipeline signature."""
    digest = hashlib.sha256(data)
    digest.update(b"\0" + signature.encode("utf-8"))
    return digest.hexdigest()


class IngestLock:
    """A lock file that keeps a second concurrent run out (released even on kill -9)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = FileLock(str(path), timeout=0)

    def __enter__(self) -> IngestLock:
        try:
            self._lock.acquire()
        except Timeout as exc:
            raise LockedError(
                f"another ingest is running (lock {self.path}); wait for it to finish"
            ) from exc
        return self

    def __exit__(self, *exc: object) -> None:
        self._lock.release()


class Ingestor:
    """Syncs source roots into a `KnowledgeStore` with an embedder."""

    def __init__(
        self,
        store: KnowledgeStore,
        embedder: KnowledgeEmbeddings,
        *,
        lock_path: Path,
        max_bytes: int,
        chunk_words: int = 180,
        overlap_words: int = 30,
        fetch: Callable[[str], tuple[bytes, str, str]] | None = None,
        progress: ProgressCallback | None = None,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.lock_path = lock_path
        self.max_bytes = max_bytes
        self.chunk_words = chunk_words
        self.overlap_words = overlap_words
        self._fetch = fetch
        self._progress = progress or (lambda stage, done, total: None)
        self._terms = TermsReader(embedder)

    def _signature(self, root: SourceRoot) -> str:
        return (
            f"chunker={CHUNKER_VERSION};words={self.chunk_words};overlap={self.overlap_words};"
            f"embedder={self.embedder.name};root={root.key}"
        )

    def _read(self, item: SourceItem) -> tuple[bytes, str]:
        """The raw bytes of an item (with its sidecar metadata) and the name of its format."""
        if item.url is not None:
            if self._fetch is None:
                raise LoadError("web sources need a fetcher", "run from the CLI or the bot")
            data, name, _final_url = self._fetch(item.url)
            return data, name
        assert item.path is not None
        format_of(item.path.name)
        try:
            size = item.path.stat().st_size
        except OSError as exc:
            raise LoadError(f"cannot read the file ({exc.strerror})", "check it exists") from exc
        if size > self.max_bytes:
            raise LoadError(
                f"{size / 1e6:.1f} MB, over the {self.max_bytes / 1e6:.0f} MB limit",
                "split the document or raise MAX_FILE_MB",
            )
        try:
            data = item.path.read_bytes()
            sidecar = sidecar_path(item.path)
            if sidecar.exists():
                data += b"\0sidecar\0" + sidecar.read_bytes()
            return data, item.path.name
        except OSError as exc:
            raise LoadError(f"cannot read the file ({exc.strerror})", "check permissions") from exc

    def _parse(
        self,
        item: SourceItem,
        root: SourceRoot,
        data: bytes,
        name: str,
        doc_hash: str,
        *,
        read_terms: bool = True,
    ) -> _Pending:
        if item.path is not None:
            doc = load_document_file(
                item.path,
                relpath=item.relpath,
                max_bytes=self.max_bytes,
                defaults=read_sidecar(item.path),
            )
        else:
            doc = load_bytes(
                data, name=name, max_bytes=self.max_bytes, defaults={"source_url": item.url}
            )
            if not doc.meta.source_url:
                doc.meta.source_url = item.url
        chunks = chunk_blocks(
            doc.blocks,
            doc_id=item.doc_id,
            doc_hash=doc_hash,
            target_words=self.chunk_words,
            overlap_words=self.overlap_words,
        )
        if not chunks:
            raise LoadError("no text found in the document", "check that it is not empty")
        t0 = time.perf_counter()
        units = read_document_terms(doc, chunks, self._terms) if read_terms else {}
        seconds = time.perf_counter() - t0 if units else 0.0
        metadatas = [
            store_metadata(
                doc.meta,
                doc_id=item.doc_id,
                source=item.location,
                source_root=root.key,
                doc_hash=doc_hash,
                fmt=doc.format,
                chunk=c,
                chunk_count=len(chunks),
            )
            for c in chunks
        ]
        return _Pending(item.doc_id, doc, chunks, metadatas, units, seconds)

    def run(
        self, roots: Sequence[SourceRoot], *, full: bool = False, dry_run: bool = False
    ) -> IngestReport:
        """Sync the roots; with `dry_run`, only report the plan."""
        started = time.perf_counter()
        if dry_run:
            report = self._sync(roots, full=full, dry_run=True)
        else:
            with IngestLock(self.lock_path):
                report = self._sync(roots, full=full, dry_run=False)
        report.seconds = time.perf_counter() - started
        return report

    def _sync(self, roots: Sequence[SourceRoot], *, full: bool, dry_run: bool) -> IngestReport:
        report = IngestReport(dry_run=dry_run)
        if not full:
            self.store.check_embedder(self.embedder.name, self.embedder.dimension)
        built_with = self.store.info().embedder
        same_embedder = built_with in (None, self.embedder.name)
        manifest: dict[str, DocumentRecord] = self.store.documents()
        synced = {root.key for root in roots}
        # Documents of roots not synced now stay; with --full and a new embedder they cannot.
        keep: set[str] = {
            d
            for d, r in manifest.items()
            if not full or (same_embedder and r.source_root not in synced)
        }
        if full and not same_embedder:
            report.removed.extend(
                sorted(d for d, r in manifest.items() if r.source_root not in synced)
            )
        pending: list[_Pending] = []
        seen: set[str] = set()
        for root in roots:
            items = root.items()
            self._progress("scan", 0, len(items))
            for n, item in enumerate(items, 1):
                seen.add(item.doc_id)
                previous = manifest.get(item.doc_id)
                try:
                    data, name = self._read(item)
                    doc_hash = document_hash(data, self._signature(root))
                    if previous is not None and previous.doc_hash == doc_hash and not full:
                        report.unchanged.append(item.doc_id)
                    else:
                        pending.append(
                            self._parse(item, root, data, name, doc_hash, read_terms=not dry_run)
                        )
                        report.embed_seconds += pending[-1].embed_seconds
                        report.warnings.extend(pending[-1].doc.warnings)
                        keep.discard(item.doc_id)
                        (report.updated if previous else report.added).append(item.doc_id)
                except PageGone as exc:
                    # The page no longer exists: it leaves the base like a deleted file.
                    seen.discard(item.doc_id)
                    report.gone.append(Failure(item.location, str(exc)))
                except LoadError as exc:
                    report.failed.append(Failure(item.location, str(exc)))
                    if previous is not None and same_embedder:
                        keep.add(item.doc_id)  # keep serving the last good version
                self._progress("scan", n, len(items))
            if root.removes_missing:
                for doc_id, record in manifest.items():
                    if record.source_root == root.key and doc_id not in seen:
                        report.removed.append(doc_id)
                        keep.discard(doc_id)
        new_chunks = sum(len(p.chunks) for p in pending)
        report.chunks = new_chunks
        kept_chunks = sum(len(manifest[d].chunk_ids) for d in keep if d in manifest)
        report.chunks_total = kept_chunks + new_chunks
        if dry_run or (not pending and not report.removed and not full):
            if not dry_run:
                report.chunks_total = self.store.count()
            return report
        written = {p.doc_id for p in pending}
        self._write(pending, sorted(set(manifest) - keep - written), report)
        return report

    def _write_units(
        self,
        edit: Edit,
        chunks: list[Chunk],
        report: IngestReport,
        embedded: EmbeddedUnits,
    ) -> None:
        """Embed (unless `embedded` has them) and store the answer units (sentences, table
        rows) of some chunks."""
        t0 = time.perf_counter()
        fresh = embed_units(
            ((c.id, c.text) for c in chunks if c.id not in embedded),
            self.embedder.embed_array,
            self.embedder.dimension,
        )
        report.embed_seconds += time.perf_counter() - t0
        records = []
        for chunk in chunks:
            units, vectors = embedded[chunk.id] if chunk.id in embedded else fresh[chunk.id]
            if units:
                records.append(
                    pack_units(
                        {"chunk_id": chunk.id, "doc_id": chunk.doc_id},
                        units,
                        vectors,
                        self.embedder.dimension,
                    )
                )
            report.units += len(units)
        edit.add_unit_records(records)

    def _write(self, pending: list[_Pending], removed: list[str], report: IngestReport) -> None:
        edit = self.store.begin(self.embedder.name, self.embedder.dimension)
        try:
            edit.remove(removed)
            embedded = {k: v for p in pending for k, v in p.units.items()}
            items = [
                (p, c, m) for p in pending for c, m in zip(p.chunks, p.metadatas, strict=True)
            ]
            total = len(items)
            self._progress("embed", 0, total)
            for start in range(0, total, EMBED_BATCH):
                batch = items[start : start + EMBED_BATCH]
                t0 = time.perf_counter()
                vectors = self.embedder.embed_array(
                    [c.embedding_text(p.doc.meta.title) for p, c, _ in batch]
                )
                report.embed_seconds += time.perf_counter() - t0
                edit.add(
                    [c.id for _, c, _ in batch],
                    np.asarray(vectors, dtype=np.float32),
                    [c.text for _, c, _ in batch],
                    [m for _, _, m in batch],
                )
                self._write_units(edit, [c for _, c, _ in batch], report, embedded)
                self._progress("embed", min(start + EMBED_BATCH, total), total)
            edit.commit()
            report.written = True
        except BaseException:
            edit.abort()
            raise


def _fetcher(settings: KnowledgeSettings) -> Callable[[str], tuple[bytes, str, str]]:
    max_bytes = int(settings.max_file_mb * 1_000_000)

    def fetch(url: str) -> tuple[bytes, str, str]:
        from ingest.loaders.web import fetch_url

        return fetch_url(url, timeout_s=settings.fetch_timeout_s, max_bytes=max_bytes)

    return fetch


def build_ingestor(
    settings: KnowledgeSettings, progress: Any = None, kb: KnowledgeBase | None = None
) -> Ingestor:
    """An `Ingestor` over the knowledge base named by the settings (or the one given)."""
    kb = kb or open_knowledge_base(settings)
    return Ingestor(
        kb.store,
        kb.embedder,
        lock_path=settings.lock_path,
        max_bytes=int(settings.max_file_mb * 1_000_000),
        chunk_words=settings.chunk_words,
        overlap_words=settings.chunk_overlap_words,
        fetch=_fetcher(settings),
        progress=progress,
    )
