"""Run every benchmark in sequence, each in its own process, and collect their results.

Writes `bench/out/run_all.json` (every benchmark's JSON, exit code and wall time) and prints
the headline figures against their targets. Exits non-zero when a benchmark failed to run;
a missed target is reported, not an error.

    .venv/bin/python -m bench.run_all [--only ingest_throughput,reingest]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from bench.harness import OUT_DIR, REPO, render_table, write_result

BENCHMARKS = [
    "ingest_throughput",
    "reingest",
    "store_scale",
    "ask_latency",
    "quality_baseline",
    "bot_latency",
    "broadcast",
    "upload_latency",
]
TIMEOUT_S = 600


def _headline(name: str, r: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(figure, value, target) rows for one benchmark's result."""
    rows: dict[str, Callable[[], list[tuple[str, str, str]]]] = {
        "ingest_throughput": lambda: [
            (
                "ingest / embedder chunks/s",
                f"{r['ratio']:.2f} ({r['median']['ingest_chunks_per_s']:.0f} vs "
                f"{r['median']['embedder_chunks_per_s']:.0f})",
                ">= 0.8",
            ),
        ],
        "reingest": lambda: [
            (
                "unchanged re-ingest / full",
                f"{100 * r['ratio']:.2f}% "
                f"({r['unchanged_median_s']:.2f} s vs {r['full_s']:.0f} s)",
                "<= 5%",
            ),
        ],
        "store_scale": lambda: [
            (
                f"{r['params']['chunks']:,} synthetic-vector chunks, {mode}",
                f"{r[mode]['ingest_s']:.0f} s, ingest peak {r[mode]['ingest_peak_rss_mb']:.0f} MB"
                + (
                    f", server peak {r[mode]['server_peak_rss_mb']:.0f} MB"
                    if "server_peak_rss_mb" in r[mode]
                    else ""
                ),
                "-",
            )
            for mode in ("embedded", "server")
        ],
        "ask_latency": lambda: [
            (
                "ask p50 / floor p50",
                f"{r['ratio_p50']:.2f} "
                f"({r['answer_p50_ms']:.0f} ms vs {r['floor_p50_ms']:.0f} ms)",
                "<= 5",
            ),
        ],
        "quality_baseline": lambda: [
            (
                "hit@3 / key facts, ours vs recipe",
                f"{r['ours']['hit@3']:.3f} vs {r['baseline']['hit@3']:.3f} / "
                f"{r['ours']['key_facts']:.3f} vs {r['baseline']['key_facts']:.3f}",
                "above the recipe",
            ),
        ],
    }
    if name not in rows:
        return [("see the JSON result", "", "")]
    return rows[name]()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="comma-separated benchmark names")
    args = parser.parse_args(argv)
    names = [n for n in args.only.split(",") if n] or BENCHMARKS
    unknown = sorted(set(names) - set(BENCHMARKS))
    if unknown:
        parser.error(f"unknown benchmarks {unknown}; choose from {BENCHMARKS}")

    runs: dict[str, dict[str, Any]] = {}
    for name in names:
        print(f"\n=== bench.{name} ===", flush=True)
        started = time.perf_counter()
        out = OUT_DIR / f"{name}.json"
        out.unlink(missing_ok=True)
        try:
            code = subprocess.run(
                [sys.executable, "-m", f"bench.{name}"], cwd=REPO, timeout=TIMEOUT_S, check=False
            ).returncode
        except subprocess.TimeoutExpired:
            code = -1
            print(f"bench.{name} did not finish within {TIMEOUT_S} s", flush=True)
        result = json.loads(out.read_text(encoding="utf-8")) if out.exists() else None
        runs[name] = {
            "exit_code": code,
            "wall_s": time.perf_counter() - started,
            "result": result,
        }

    print("\n=== summary ===")
    rows = []
    for name, run in runs.items():
        if run["exit_code"] != 0 or run["result"] is None:
            rows.append([name, f"FAILED (exit {run['exit_code']})", "", f"{run['wall_s']:.0f}"])
            continue
        for figure, value, target in _headline(name, run["result"]):
            rows.append([f"{name}: {figure}", value, target, f"{run['wall_s']:.0f}"])
    print(render_table(["benchmark", "measured", "target", "wall s"], rows))
    write_result("run_all", {"benchmarks": runs})
    return 0 if all(r["exit_code"] == 0 for r in runs.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
