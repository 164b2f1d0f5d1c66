"""Dense query latency of the served base, this layout against an older checkout's, interleaved.

Both stores get the same N synthetic chunks (512-d unit vectors, ~150-word texts, the full
metadata the ingest writes), through each layout's own write API, in one process; then the
same queries alternate between them (n = 40), so machine load hits both alike. The older
layout's `knowledge/store.py` is loaded from the checkout given.

    git worktree add /tmp/store-old <commit>   # e.g. the commit before issue 15
    .venv/bin/python -m bench.query_layouts /tmp/store-old [--chunks 50000] [--queries 200]
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from bench.harness import median, percentile, render_table, write_result
from knowledge.documents import Chunk, DocumentMeta, store_metadata
from knowledge.store import KnowledgeStore, open_chroma_client

DIMENSION = 512
WORDS = "export mercato dogana fiera bando contributo impresa estero garanzia prestito".split()


def load_old_store(repo: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("old_store", repo / "knowledge" / "store.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"no knowledge/store.py under {repo}")
    module = importlib.util.module_from_spec(spec)
    sys.modules["old_store"] = module
    spec.loader.exec_module(module)
    return module


def batches(chunks: int, per_doc: int = 10, size: int = 1000) -> Any:
    rng = np.random.default_rng(7)
    words = random.Random(7)
    for start in range(0, chunks, size):
        ids, texts, metadatas = [], [], []
        for i in range(start, min(chunks, start + size)):
            doc = f"docs/d{i // per_doc}.md"
            text = " ".join(words.choice(WORDS) for _ in range(150))
            meta = DocumentMeta(title=f"Documento {i // per_doc}", country="DE", tags=["a"])
            chunk = Chunk(
                id=f"c{i}", doc_id=doc, index=i % per_doc, text=text, heading_path=("S",)
            )
            ids.append(chunk.id)
            texts.append(text)
            metadatas.append(
                store_metadata(
                    meta,
                    doc_id=doc,
                    source=doc,
                    source_root="docs",
                    doc_hash=f"h{i // per_doc}",
                    fmt="md",
                    chunk=chunk,
                    chunk_count=per_doc,
                )
            )
        vectors = rng.normal(size=(len(ids), DIMENSION)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        yield ids, vectors, texts, metadatas


def fill(store: Any, chunks: int) -> float:
    t0 = time.perf_counter()
    generation = store.begin("bench:hash512", DIMENSION)
    for ids, vectors, texts, metadatas in batches(chunks):
        generation.add(ids, vectors, texts, metadatas)
    generation.commit()
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old_repo", type=Path)
    parser.add_argument("--chunks", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args(argv)
    old_store = load_old_store(args.old_repo)
    with tempfile.TemporaryDirectory(prefix="bench-layouts-") as name:
        tmp = Path(name)
        stores = {
            "old": old_store.KnowledgeStore(
                old_store.open_chroma_client("", tmp / "old"), "layouts"
            ),
            "new": KnowledgeStore(open_chroma_client("", tmp / "new"), "layouts"),
        }
        fill_s = {k: fill(s, args.chunks) for k, s in stores.items()}
        print(f"filled: {fill_s}", flush=True)
        rng = np.random.default_rng(11)
        queries = rng.normal(size=(args.queries + 10, DIMENSION)).astype(np.float32)
        times: dict[str, list[float]] = {"old": [], "new": []}
        for s in stores.values():  # warm-up: first queries load the index
            for q in queries[:10]:
                s.query(q, 40)
        for q in queries[10:]:
            for k, s in stores.items():
                t0 = time.perf_counter()
                hits = s.query(q, 40)
                times[k].append((time.perf_counter() - t0) * 1000)
                if len(hits) != 40:
                    raise RuntimeError(f"{k}: {len(hits)} hits")
        stores["new"].flush_purge()
    rows = [[k, args.chunks, fill_s[k], median(t), percentile(t, 95)] for k, t in times.items()]
    print(render_table(["layout", "chunks", "write s", "query p50 ms", "query p95 ms"], rows))
    ratio = median(times["new"]) / median(times["old"])
    print(f"query p50 new / old: {ratio:.3f}")
    write_result(
        "query_layouts",
        {"chunks": args.chunks, "queries": args.queries, "fill_s": fill_s, "times_ms": times},
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
