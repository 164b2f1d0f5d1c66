"""Knowledge-base administration: uploads, replacement, removal, web sources, refresh,
statistics and expiry, shared by `sportello kb` and the staff's commands in the bot.

Every method is async and does its work (Chroma, the embedder, files) in a worker thread, so
a staff command never holds up the event loop that answers users.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ingest.sources import (
    SourceRoot,
    configured_roots,
    default_roots,
    read_staff_urls,
    sidecar_path,
    write_staff_urls,
)
from ingest.sync import Ingestor, IngestReport, build_ingestor, remove_document
from knowledge.base import KnowledgeBase
from knowledge.settings import KnowledgeSettings
from knowledge.store import DocumentRecord

UPLOADS = "uploads"
EXPIRY_FLAGS_FILE = "expiry_flags.json"


@dataclass(frozen=True, slots=True)
class KnowledgeStats:
    """What the knowledge base holds, by kind and language."""

    documents: int
    chunks: int
    by_kind: dict[str, int]
    by_language: dict[str, int]
    inferred: int  # documents with metadata read from their text
    embedder: str | None
    generation: Any
    updated_at: str | None
    location: str | None

    def to_dict(self) -> dict[str, Any]:
        """The figures `sportello kb stats` prints."""
        return {
            "documents": self.documents,
            "chunks": self.chunks,
            "by_kind": self.by_kind,
            "by_language": self.by_language,
            "embedder": self.embedder,
            "generation": self.generation,
            "updated_at": self.updated_at,
            "store": self.location,
        }


@dataclass(frozen=True, slots=True)
class Removal:
    """A removed document; `source_kept` when its file is in a configured source, where the
    next refresh will find it again."""

    record: DocumentRecord
    source_kept: bool


@dataclass(frozen=True, slots=True)
class UrlAddition:
    """A web page staff asked to add: `added` when it was read, else the `reason`."""

    url: str
    report: IngestReport
    added: bool
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Expiry:
    """An instrument whose validity ends soon (`expiring`) or has ended (`expired`)."""

    record: DocumentRecord
    state: str
    until: dt.date


@dataclass(slots=True)
class ExpiryCheck:
    """The expiries not flagged before, and the flags to save once staff were told."""

    expiries: list[Expiry] = field(default_factory=list)
    flags: dict[str, str] = field(default_factory=dict)


def safe_file_name(name: str) -> str:
    """A file name safe to store: no folders, no odd characters."""
    base = Path(name).name.strip() or "documento"
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", base).strip("-.") or "documento"
    return cleaned[:120]


class KnowledgeAdmin:
    """The knowledge base as staff edit it; knows nothing of Telegram or of the terminal."""

    def __init__(self, kb: KnowledgeBase, settings: KnowledgeSettings) -> None:
        self.kb = kb
        self.settings = settings

    @property
    def uploads_dir(self) -> Path:
        return self.settings.data_dir / UPLOADS

    def ingestor(self, progress: Any = None) -> Ingestor:
        """An `Ingestor` over this base (`progress` is called from the ingest thread)."""
        return build_ingestor(self.settings, progress, self.kb)

    # -- reading ----------------------------------------------------------------------------

    async def documents(self) -> dict[str, DocumentRecord]:
        return await asyncio.to_thread(self.kb.store.documents)

    async def statistics(self) -> KnowledgeStats:
        return await asyncio.to_thread(self._statistics)

    def _statistics(self) -> KnowledgeStats:
        store = self.kb.store
        info = store.info()
        docs = list(store.documents().values())
        return KnowledgeStats(
            documents=len(docs),
            chunks=store.count(),
            by_kind=dict(sorted(Counter(d.kind for d in docs).items())),
            by_language=dict(sorted(Counter(d.language for d in docs).items())),
            inferred=sum(1 for d in docs if d.inferred),
            embedder=info.embedder,
            generation=info.generation,
            updated_at=info.updated_at,
            location=info.location,
        )

    async def search(self, term: str, limit: int = 8) -> list[DocumentRecord]:
        """Documents whose id or title holds `term`, then those retrieval ranks for it."""
        return await asyncio.to_thread(self._search, term, limit)

    def _search(self, term: str, limit: int) -> list[DocumentRecord]:
        needle = term.lower()
        docs = self.kb.store.documents()
        direct = [
            d for d in docs.values() if needle in d.doc_id.lower() or needle in d.title.lower()
        ]
        retrieval = self.kb.answerer.retriever.retrieve(term, k=6)
        ranked = direct + [docs[p.doc_id] for p in retrieval.passages if p.doc_id in docs]
        return list({d.doc_id: d for d in ranked}.values())[:limit]

    # -- writing ----------------------------------------------------------------------------

    async def remove(self, ref: str, *, delete_source: bool = True) -> Removal:
        """Take a document out of the base; with `delete_source`, its upload, FAQ file or
        staff URL goes too (a configured source cannot be deleted from here)."""
        return await asyncio.to_thread(self._remove, ref, delete_source)

    def _remove(self, ref: str, delete_source: bool) -> Removal:
        record = self.kb.store.find_document(ref)
        data_dir = self.settings.data_dir
        kept = True
        if delete_source:
            kept = False
            if record.source_root == UPLOADS:
                path = self.uploads_dir / record.file_name
                path.unlink(missing_ok=True)
                sidecar_path(path).unlink(missing_ok=True)
            elif record.source_root == "faq":
                (data_dir / "faq" / record.file_name).unlink(missing_ok=True)
            elif record.source_root == "web-staff":
                urls = [u for u in read_staff_urls(data_dir) if u != record.doc_id]
                write_staff_urls(data_dir, urls)
            else:
                kept = True
        removed = remove_document(
            self.kb.store, self.kb.embedder, self.settings.lock_path, record.doc_id
        )
        return Removal(removed, kept)

    async def add_url(self, url: str) -> UrlAddition:
        """Read a web page into the base; it joins the staff's web sources when it was read."""
        return await asyncio.to_thread(self._add_url, url)

    def _add_url(self, url: str) -> UrlAddition:
        data_dir = self.settings.data_dir
        urls = read_staff_urls(data_dir)
        root = SourceRoot(key="web-staff", kind="urls", urls=[*urls, url])
        report = self.ingestor().run([root])
        if url in report.added + report.updated + report.unchanged:
            write_staff_urls(data_dir, [*urls, url])
            return UrlAddition(url, report, added=True)
        reason = next((f.reason for f in report.failed + report.gone if f.path == url), "errore")
        return UrlAddition(url, report, added=False, reason=reason)

    async def refresh(self) -> IngestReport:
        """Sync every source (`sportello ingest` with no argument)."""
        roots = default_roots(self.settings.sources_file, self.settings.data_dir)
        return await asyncio.to_thread(self.ingestor().run, roots)

    async def refresh_web(self) -> IngestReport | None:
        """Re-fetch the web sources (configured and staff's); None when there are none."""
        settings = self.settings
        roots = [r for r in configured_roots(settings.sources_file) if r.kind == "urls"]
        roots.append(
            SourceRoot(key="web-staff", kind="urls", urls=read_staff_urls(settings.data_dir))
        )
        if not any(r.urls for r in roots):
            return None
        return await asyncio.to_thread(self.ingestor().run, roots)

    async def save_upload(
        self, name: str, data: bytes, fields: dict[str, str], replaces: str | None, title: str
    ) -> list[Path]:
        """Store an uploaded file (and its caption's metadata as a sidecar), deleting the
        uploads it replaces; returns those."""
        return await asyncio.to_thread(self._save_upload, name, data, fields, replaces, title)

    def _save_upload(
        self, name: str, data: bytes, fields: dict[str, str], replaces: str | None, title: str
    ) -> list[Path]:
        uploads = self.uploads_dir
        uploads.mkdir(parents=True, exist_ok=True)
        replaced = self._replaced_files(name, replaces, title)
        for old in replaced:
            old.unlink(missing_ok=True)
            sidecar_path(old).unlink(missing_ok=True)
        target = uploads / name
        target.write_bytes(data)
        if fields:
            sidecar_path(target).write_text(yaml.safe_dump(fields, allow_unicode=True), "utf-8")
        else:
            sidecar_path(target).unlink(missing_ok=True)
        return replaced

    def _replaced_files(self, name: str, replaces: str | None, title: str) -> list[Path]:
        """Older uploads this one replaces: the same file name, the one named in the caption,
        or an upload with the same title. A new version never leaves two documents."""
        uploads = self.uploads_dir
        out = [uploads / name] if (uploads / name).exists() else []
        for record in self.kb.store.documents().values():
            if record.source_root != UPLOADS:
                continue
            path = uploads / record.file_name
            same_title = record.title.strip().lower() == title.strip().lower()
            named = replaces is not None and replaces in (record.doc_id, record.file_name)
            if (same_title or named) and path.exists() and path not in out:
                out.append(path)
        return out

    async def ingest_uploads(self, progress: Any = None) -> IngestReport:
        """Sync the uploads folder."""
        root = SourceRoot(key=UPLOADS, kind="folder", path=self.uploads_dir.resolve())
        return await asyncio.to_thread(self.ingestor(progress).run, [root])

    async def add_faq(self, file_name: str, content: str) -> str:
        """Write a FAQ document (a ticket's answer, say) and ingest it; returns its id."""
        return await asyncio.to_thread(self._add_faq, file_name, content)

    def _add_faq(self, file_name: str, content: str) -> str:
        path = self.settings.data_dir / "faq" / file_name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        self.ingestor().run([SourceRoot(key="faq", kind="folder", path=path.parent.resolve())])
        return f"faq/{path.name}"

    # -- expiry -----------------------------------------------------------------------------

    @property
    def expiry_flags_path(self) -> Path:
        return self.settings.data_dir / EXPIRY_FLAGS_FILE

    async def check_expiry(self, today: dt.date, horizon: dt.date) -> ExpiryCheck:
        """Instruments ending by `horizon` or ended, each reported once per state and date."""
        return await asyncio.to_thread(self._check_expiry, today, horizon)

    def _check_expiry(self, today: dt.date, horizon: dt.date) -> ExpiryCheck:
        path = self.expiry_flags_path
        flags: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
        check = ExpiryCheck(flags=flags)
        for record in sorted(self.kb.store.documents().values(), key=lambda r: r.doc_id):
            until = record.valid_until
            if until is None:
                continue
            state = "expired" if until < today else "expiring" if until <= horizon else None
            if state is None or flags.get(record.doc_id) == f"{state}:{until.isoformat()}":
                continue
            flags[record.doc_id] = f"{state}:{until.isoformat()}"
            check.expiries.append(Expiry(record, state, until))
        return check

    async def save_expiry_flags(self, check: ExpiryCheck) -> None:
        """Remember what was reported, atomically."""
        await asyncio.to_thread(self._save_expiry_flags, check.flags)

    def _save_expiry_flags(self, flags: dict[str, str]) -> None:
        path = self.expiry_flags_path
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(flags, indent=1))
        tmp.replace(path)
