"""`sportello ask`, and the scoring behind `sportello eval`: answers and their quality."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from knowledge.answers import plain_text
from knowledge.base import KnowledgeBase, open_knowledge_base
from knowledge.errors import KnowledgeError
from knowledge.evaluation import evaluate, load_questions, render_table
from knowledge.followup import Turn
from knowledge.settings import KnowledgeSettings

EXIT_OK, EXIT_BELOW_FLOOR, EXIT_ERROR = 0, 1, 2


def _load_history(path: str | None) -> list[Turn]:
    if not path:
        return []
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    turns = []
    for item in raw:
        if isinstance(item, str):
            turns.append(Turn(item))
        else:
            turns.append(Turn(str(item.get("question", "")), str(item.get("answer", ""))))
    return turns


def cmd_ask(args: argparse.Namespace, settings: KnowledgeSettings) -> int:
    """Answer one question."""
    try:
        history = _load_history(args.history)
    except (OSError, ValueError, AttributeError) as exc:
        print(
            f"error: --history must be a JSON list of questions or turns ({exc})", file=sys.stderr
        )
        return EXIT_ERROR
    try:
        kb = open_knowledge_base(settings)
        if kb.store.count() == 0:
            print(
                "error: the knowledge base is empty: run `sportello ingest` first", file=sys.stderr
            )
            return EXIT_ERROR
        answer = kb.answerer.answer_sync(args.question, history)
    except KnowledgeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False))
    else:
        print(plain_text(answer))
        t = answer.timings_ms
        print(
            f"\nconfidence {answer.confidence:.2f} · covered {answer.covered} · "
            f"language {answer.language} · {t.get('total', 0):.0f} ms"
        )
    return EXIT_OK


def _parse_floors(raw: list[str]) -> dict[str, float]:
    floors = {}
    for item in raw:
        key, _, value = item.partition("=")
        floors[key.strip()] = float(value)
    return floors


def run_eval(
    args: argparse.Namespace,
    settings: KnowledgeSettings,
    open_base: Callable[[], tuple[KnowledgeBase, Path]] | None = None,
) -> int:
    """Score retrieval and answers on a question set; `open_base` gives the base and the
    question file (a set with its own documents), else the served base and `args.questions`."""
    try:
        floors = _parse_floors(args.floor or [])
        if open_base is not None:
            kb, question_file = open_base()
        else:
            kb, question_file = open_knowledge_base(settings), Path(args.questions)
        questions = load_questions(question_file)
        languages = {d.file_name: d.language for d in kb.store.documents().values()}
        answerer = kb.answerer
        report = evaluate(questions, lambda q, h: answerer.answer_sync(q, h), languages)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KnowledgeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    summary: dict[str, Any] = report.to_dict()
    summary["embedder"] = kb.embedder.name
    if args.failures:
        summary["failures"] = report.failures()
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        print(render_table(summary))
    below = [
        f"{key} {summary.get(key)} < {floor}"
        for key, floor in floors.items()
        if summary.get(key) is None or summary[key] < floor
    ]
    for line in below:
        print(f"below floor: {line}", file=sys.stderr)
    return EXIT_BELOW_FLOOR if below else EXIT_OK


def add_commands(sub: Any) -> None:
    """Register `ask` and `eval`."""
    p = sub.add_parser("ask", help="answer a question from the knowledge base")
    p.add_argument("question")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--history", help="JSON file: earlier questions (list of strings or turns)")
    p.set_defaults(handler=cmd_ask)
