"""Fit the answerer's confidence model and choose its threshold, on the tuning sets only.

    python -m bench.calibrate            # fit on dev_tuning.jsonl (starter corpus) + tuning_t/

The reporting half of the development set and the blind sets are never read here. The model is
a logistic regression of `Answerer.signals` (answerable → 1, out of scope → 0), with a small L2
penalty; the threshold is the highest that refuses at most 3% of the answerable tuning
questions. Paste the printed weights into `AnswerPolicy`.
"""

from __future__ import annotations

import argparse
import json

import numpy as np

from bench.harness import REPO
from ingest.evalsets import open_eval_base
from knowledge.base import open_knowledge_base
from knowledge.evaluation import evaluate, load_questions
from knowledge.settings import KnowledgeSettings

FEATURES = ("unit", "dense", "coverage", "focus", "unknown", "uncovered_country")
TUNING = (REPO / "tests" / "eval" / "dev_tuning.jsonl", REPO / "tests" / "eval" / "tuning_t")


def collect(settings: KnowledgeSettings) -> list[tuple[dict[str, float], int]]:
    rows: list[tuple[dict[str, float], int]] = []
    for path in TUNING:
        if path.is_dir():
            kb, _ = open_eval_base(path, settings)
            questions = load_questions(path / "questions.jsonl")
        else:
            kb = open_knowledge_base(settings)
            questions = load_questions(path)
        answerer = kb.answerer
        report = evaluate(questions, lambda q, h, a=answerer: a.answer_sync(q, h))
        for r in report.results:
            if r.question.kind == "ambiguous":
                continue
            rows.append((r.answer.signals, int(r.question.kind != "out_of_scope")))
    return rows


def fit(x: np.ndarray, y: np.ndarray, l2: float = 0.05, steps: int = 20000) -> np.ndarray:
    mean, std = x.mean(0), x.std(0) + 1e-6
    z = (x - mean) / std
    z = np.hstack([np.ones((len(z), 1)), z])
    w = np.zeros(z.shape[1])
    # Weight the classes equally: out-of-scope questions are the rarer ones.
    cw = np.where(y == 1, 0.5 / y.mean(), 0.5 / (1 - y.mean()))
    for _ in range(steps):
        p = 1 / (1 + np.exp(-z @ w))
        grad = z.T @ ((p - y) * cw) / len(y) + l2 * np.r_[0, w[1:]]
        w -= 0.5 * grad
    # Back to the raw scale of the signals.
    raw = w[1:] / std
    bias = w[0] - float((w[1:] * mean / std).sum())
    return np.r_[bias, raw]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.parse_args()
    rows = collect(KnowledgeSettings())
    x = np.array([[s.get(f, 0.0) for f in FEATURES] for s, _ in rows])
    y = np.array([label for _, label in rows], dtype=float)
    w = fit(x, y)
    scores = 1 / (1 + np.exp(-(w[0] + x @ w[1:])))
    answerable = np.sort(scores[y == 1])
    threshold = float(answerable[int(0.03 * len(answerable))]) - 1e-3
    refused_oos = float((scores[y == 0] < threshold).mean())
    weights = {"bias": round(float(w[0]), 3)} | {
        f: round(float(v), 3) for f, v in zip(FEATURES, w[1:], strict=True)
    }
    out = {
        "questions": len(y),
        "out_of_scope": int((y == 0).sum()),
        "weights": weights,
        "min_confidence": round(threshold, 3),
        "answerable_refused": float((scores[y == 1] < threshold).mean()),
        "out_of_scope_refused": refused_oos,
    }
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
