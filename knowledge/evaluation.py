"""`sportello eval`: retrieval and answer quality on a question set.

One question per line: `{"id", "lang", "question", "expected_docs": [file names],
"must_contain": [...], "kind": "factual|cross_lingual|out_of_scope|follow_up|ambiguous",
"after": id of the previous turn for follow-ups, "doc_lang": language of the expected document
(optional: read from the knowledge base when absent)}`. Documents are matched by file name.

The report gives, besides retrieval (hit@k, MRR), the classes an answer is judged by: strict key
facts (every expected fact in the answer) and partial (the share present) per language direction
(question → document), follow-ups, out-of-scope questions refused, ambiguous questions answered
with a choice, and answerable questions refused.
"""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from knowledge.answers import Answer
from knowledge.followup import Turn

KINDS = ("factual", "cross_lingual", "out_of_scope", "follow_up", "ambiguous")


@dataclass(frozen=True, slots=True)
class EvalQuestion:
    id: str
    lang: str
    question: str
    expected_docs: tuple[str, ...]
    must_contain: tuple[str, ...]
    kind: str
    after: str | None = None
    doc_lang: str | None = None


def load_questions(path: Path) -> list[EvalQuestion]:
    """Read and check a question set; errors name the line."""
    questions: list[EvalQuestion] = []
    ids: set[str] = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            q = EvalQuestion(
                id=str(raw["id"]),
                lang=str(raw.get("lang", "it")),
                question=str(raw["question"]),
                expected_docs=tuple(raw.get("expected_docs") or ()),
                must_contain=tuple(raw.get("must_contain") or ()),
                kind=str(raw.get("kind", "factual")),
                after=raw.get("after"),
                doc_lang=raw.get("doc_lang") or None,
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{n}: not a valid question ({exc})") from exc
        if q.kind not in KINDS:
            raise ValueError(f"{path}:{n}: kind {q.kind!r} is not one of {', '.join(KINDS)}")
        if q.after is not None and q.after not in ids:
            raise ValueError(f"{path}:{n}: `after` names {q.after!r}, not an earlier question")
        ids.add(q.id)
        questions.append(q)
    return questions


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


@dataclass(slots=True)
class QuestionResult:
    question: EvalQuestion
    answer: Answer
    ranked_docs: list[str]

    @property
    def rank(self) -> int | None:
        for i, doc in enumerate(self.ranked_docs):
            if doc in self.question.expected_docs:
                return i
        return None

    @property
    def abstained(self) -> bool:
        return not self.answer.covered

    @property
    def has_key_facts(self) -> bool:
        text = _norm(self.answer.text)
        return all(_norm(f) in text for f in self.question.must_contain)

    @property
    def partial_key_facts(self) -> float:
        text = _norm(self.answer.text)
        facts = self.question.must_contain
        return sum(_norm(f) in text for f in facts) / len(facts) if facts else 0.0

    @property
    def answerable(self) -> bool:
        return self.question.kind not in ("out_of_scope", "ambiguous")


@dataclass(slots=True)
class EvalReport:
    results: list[QuestionResult] = field(default_factory=list)
    #: Language of each document by file name, for questions that do not state `doc_lang`.
    doc_languages: dict[str, str] = field(default_factory=dict)

    def direction(self, r: QuestionResult) -> str | None:
        """`it→en` and the like: question language → language of the expected document."""
        q = r.question
        if not r.answerable or not q.expected_docs:
            return None
        doc_lang = q.doc_lang or self.doc_languages.get(q.expected_docs[0])
        return f"{q.lang}→{doc_lang}" if doc_lang else None

    def classes(self) -> dict[str, dict[str, Any]]:
        """The answer-quality table: one row per class of question."""
        rows: dict[str, dict[str, Any]] = {}
        groups: dict[str, list[QuestionResult]] = defaultdict(list)
        for r in self.results:
            if r.question.kind == "follow_up":
                groups["follow-up"].append(r)
            elif r.answerable:
                groups[self.direction(r) or "?"].append(r)
        for name in sorted(groups, key=lambda n: (n == "follow-up", n)):
            rs = [r for r in groups[name] if r.question.must_contain]
            rows[name] = {
                "n": len(groups[name]),
                "strict": sum(r.has_key_facts for r in rs) / len(rs) if rs else None,
                "partial": sum(r.partial_key_facts for r in rs) / len(rs) if rs else None,
                "hit@3": self._retrieval(groups[name])["hit@3"],
                "refused": sum(r.abstained for r in groups[name]),
            }
        oos = [r for r in self.results if r.question.kind == "out_of_scope"]
        rows["out-of-scope refused"] = {
            "n": len(oos),
            "rate": sum(r.abstained for r in oos) / len(oos) if oos else None,
        }
        ambiguous = [r for r in self.results if r.question.kind == "ambiguous"]
        rows["ambiguous clarified"] = {
            "n": len(ambiguous),
            "rate": (
                sum(r.answer.needs_clarification for r in ambiguous) / len(ambiguous)
                if ambiguous
                else None
            ),
        }
        answerable = [r for r in self.results if r.answerable]
        rows["answerable refused"] = {
            "n": len(answerable),
            "count": sum(r.abstained for r in answerable),
            "rate": sum(r.abstained for r in answerable) / len(answerable) if answerable else None,
        }
        return rows

    def _retrieval(self, rs: Iterable[QuestionResult]) -> dict[str, float | None]:
        scored = [r for r in rs if r.question.expected_docs and r.question.kind != "out_of_scope"]
        if not scored:
            return {"hit@1": None, "hit@3": None, "hit@5": None, "mrr": None, "n": 0}
        ranks = [r.rank for r in scored]
        return {
            "hit@1": sum(1 for x in ranks if x is not None and x < 1) / len(ranks),
            "hit@3": sum(1 for x in ranks if x is not None and x < 3) / len(ranks),
            "hit@5": sum(1 for x in ranks if x is not None and x < 5) / len(ranks),
            "mrr": sum(1 / (x + 1) for x in ranks if x is not None) / len(ranks),
            "n": len(ranks),
        }

    @staticmethod
    def _key_facts(rs: Iterable[QuestionResult]) -> float | None:
        with_facts = [
            r for r in rs if r.question.must_contain and r.question.kind != "out_of_scope"
        ]
        return sum(r.has_key_facts for r in with_facts) / len(with_facts) if with_facts else None

    def _group(self, rs: list[QuestionResult]) -> dict[str, Any]:
        out: dict[str, Any] = dict(self._retrieval(rs))
        out["key_facts"] = self._key_facts(rs)
        out["questions"] = len(rs)
        return out

    def to_dict(self) -> dict[str, Any]:
        rs = self.results
        oos = [r for r in rs if r.question.kind == "out_of_scope"]
        abstained = [r for r in rs if r.abstained]
        true_abstentions = [r for r in abstained if r.question.kind == "out_of_scope"]
        ambiguous = [r for r in rs if r.question.kind == "ambiguous"]
        clarified_elsewhere = [
            r for r in rs if r.question.kind != "ambiguous" and r.answer.needs_clarification
        ]
        by_lang: dict[str, list[QuestionResult]] = defaultdict(list)
        by_kind: dict[str, list[QuestionResult]] = defaultdict(list)
        for r in rs:
            by_lang[r.question.lang].append(r)
            by_kind[r.question.kind].append(r)
        latencies = [r.answer.timings_ms.get("total", 0.0) for r in rs]
        with_facts = [r for r in rs if r.answerable and r.question.must_contain]
        answerable = [r for r in rs if r.answerable]
        return {
            "strict": sum(r.has_key_facts for r in with_facts) / len(with_facts)
            if with_facts
            else None,
            "partial": sum(r.partial_key_facts for r in with_facts) / len(with_facts)
            if with_facts
            else None,
            "answerable_refused": sum(r.abstained for r in answerable) / len(answerable)
            if answerable
            else None,
            "oos_refused": (sum(r.abstained for r in oos) / len(oos)) if oos else None,
            "classes": self.classes(),
            **self._retrieval(rs),
            "key_facts": self._key_facts(rs),
            "abstain_precision": len(true_abstentions) / len(abstained) if abstained else None,
            "abstain_recall": len(true_abstentions) / len(oos) if oos else None,
            "false_abstentions": len(abstained) - len(true_abstentions),
            "clarify_recall": (
                sum(r.answer.needs_clarification for r in ambiguous) / len(ambiguous)
                if ambiguous
                else None
            ),
            "false_clarifications": len(clarified_elsewhere),
            "questions": len(rs),
            "latency_ms_p50": statistics.median(latencies) if latencies else None,
            "by_lang": {k: self._group(v) for k, v in sorted(by_lang.items())},
            "by_kind": {k: self._group(v) for k, v in sorted(by_kind.items())},
        }

    def failures(self) -> list[dict[str, Any]]:
        """Questions that missed: wrong documents, missing facts, wrong abstention."""
        out = []
        for r in self.results:
            q = r.question
            problems = []
            if q.kind == "out_of_scope" and not r.abstained:
                problems.append("answered out-of-scope")
            if q.kind != "out_of_scope" and r.abstained:
                problems.append("abstained")
            if q.expected_docs and q.kind != "out_of_scope" and (r.rank is None or r.rank >= 3):
                problems.append("expected document not in top 3")
            if q.must_contain and q.kind != "out_of_scope" and not r.has_key_facts:
                problems.append("key fact missing")
            if problems:
                out.append(
                    {
                        "id": q.id,
                        "question": q.question,
                        "problems": problems,
                        "standalone": r.answer.standalone_question,
                        "got": r.ranked_docs[:3],
                        "expected": list(q.expected_docs),
                    }
                )
        return out


def evaluate(
    questions: list[EvalQuestion],
    answer: Callable[[str, list[Turn]], Answer],
    doc_languages: dict[str, str] | None = None,
) -> EvalReport:
    """Answer every question (follow-ups with their conversation) and score the answers."""
    report = EvalReport(doc_languages=dict(doc_languages or {}))
    turns: dict[str, list[Turn]] = {}
    for q in questions:
        history = turns.get(q.after, []) if q.after else []
        result = answer(q.question, history)
        ranked = list(dict.fromkeys(p.doc_id.rsplit("/", 1)[-1] for p in result.passages))
        report.results.append(QuestionResult(q, result, ranked))
        turns[q.id] = [*history, Turn(result.standalone_question, result.text)][-6:]
    return report


def render_table(summary: dict[str, Any]) -> str:
    """The evaluation as a plain-text table."""

    def fmt(v: Any) -> str:
        if v is None:
            return "-"
        return f"{v:.3f}" if isinstance(v, float) else str(v)

    head = ["", "n", "hit@1", "hit@3", "hit@5", "mrr", "key_facts"]
    rows = [["all", fmt(summary["questions"]), *(fmt(summary[k]) for k in head[2:])]]
    for group in ("by_lang", "by_kind"):
        for name, g in summary[group].items():
            rows.append([name, fmt(g["questions"]), *(fmt(g[k]) for k in head[2:])])
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    lines = ["  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)) for r in [head, *rows]]
    lines.append("")
    lines.append(render_classes(summary["classes"]))
    lines.append("")
    for key in (
        "abstain_precision",
        "abstain_recall",
        "false_abstentions",
        "clarify_recall",
        "false_clarifications",
        "latency_ms_p50",
    ):
        lines.append(f"{key:22} {fmt(summary[key])}")
    return "\n".join(lines)


def render_classes(classes: dict[str, dict[str, Any]]) -> str:
    """The answer-quality table by class, as Markdown (the form BENCHMARKS.md keeps)."""
    lines = [
        "| class | n | strict key facts | partial | hit@3 | refused |",
        "| --- | --- | --- | --- | --- | --- |",
    ]

    def f(v: Any) -> str:
        return "-" if v is None else f"{v:.2f}"

    for name, row in classes.items():
        if "strict" in row:
            lines.append(
                f"| {name} | {row['n']} | {f(row['strict'])} | {f(row['partial'])} | "
                f"{f(row['hit@3'])} | {row['refused']} |"
            )
        elif name == "answerable refused":
            lines.append(f"| {name} | {row['n']} | {row['count']} ({f(row['rate'])}) | | | |")
        else:
            lines.append(f"| {name} | {row['n']} | {f(row['rate'])} | | | |")
    return "\n".join(lines)
