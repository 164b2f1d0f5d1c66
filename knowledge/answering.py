"""The `Answerer`: from a question (and the recent turns) to a grounded, cited `Answer`.

1. language of the question; a follow-up becomes a standalone question;
2. retrieval (dense + lexical, steered by country, kind and validity);
3. coverage: a calibrated confidence, plus checks that the passages hold what was asked
   (a country the base has no guide for, terms the base has never seen);
4. ambiguity: several documents fit equally and nothing in the question tells them apart;
5. composition: an LLM with a grounding prompt when configured, else the extractive composer;
   citations that match no passage are dropped; an LLM failure falls back to extraction.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import difflib
import logging
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from knowledge.answers import Answer, Source, format_date, phrase
from knowledge.documents import today_rome
from knowledge.entities import italian_expansion
from knowledge.extractive import MAX_WORDS, select_sentences, term_lines
from knowledge.followup import Turn, rewrite_follow_up
from knowledge.language import detect_language
from knowledge.lexical import LexicalIndex, terms
from knowledge.llm import NotInPassages
from knowledge.retrieval import Passage, Retrieval, Retriever

log = logging.getLogger(__name__)


class Composer(Protocol):
    """Writes an answer from passages (an LLM); returns text with [n] citations."""

    name: str

    def compose(self, question: str, passages: list[Passage], language: str) -> str: ...

    def rewrite(self, question: str, history: list[Turn]) -> str: ...


@dataclass(frozen=True, slots=True)
class AnswerPolicy:
    """Thresholds of the answerer, calibrated on the development set (see BENCHMARKS.md)."""

    min_confidence: float = 0.40
    passages: int = 6
    ambiguity_ratio: float = 0.85
    vague_ambiguity_ratio: float = 0.7
    max_options: int = 4


_CITATION = re.compile(r"\[(\d{1,2})\]")


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


class Answerer:
    """Answers questions from the knowledge base."""

    def __init__(
        self,
        retriever: Retriever,
        *,
        composer: Composer | None = None,
        policy: AnswerPolicy | None = None,
        today: Callable[[], dt.date] = today_rome,
    ) -> None:
        self.retriever = retriever
        self.composer = composer
        self.policy = policy or AnswerPolicy()
        self._today = today

    async def answer(
        self, question: str, history: list[Turn] | None = None, *, language: str | None = None
    ) -> Answer:
        """Answer off the event loop (embedding and ranking are CPU work)."""
        return await asyncio.to_thread(self.answer_sync, question, history, language=language)

    def answer_sync(
        self, question: str, history: list[Turn] | None = None, *, language: str | None = None
    ) -> Answer:
        """Answer a question; `history` holds the recent turns, oldest first."""
        started = time.perf_counter()
        timings: dict[str, float] = {}
        history = history or []
        lang = language or detect_language(
            question, default=detect_language(history[-1].question) if history else "it"
        )
        reply_lang = lang if lang in ("it", "en") else "it"

        t0 = time.perf_counter()
        standalone = self._standalone(question, history)
        timings["rewrite"] = (time.perf_counter() - t0) * 1000

        retrieval = self.retriever.retrieve(
            standalone, k=self.policy.passages, language=reply_lang, today=self._today()
        )
        timings.update({f"retrieve_{k}": v for k, v in retrieval.timings_ms.items()})
        index = self.retriever._index().lexical
        confidence = self.confidence(retrieval, standalone, index, reply_lang)

        answer = Answer(
            text="",
            sources=[],
            confidence=confidence,
            language=reply_lang,
            covered=False,
            question=question,
            standalone_question=standalone,
            passages=retrieval.passages,
        )
        if confidence < self.policy.min_confidence or not retrieval.passages:
            answer.text = phrase(reply_lang, "abstain")
        else:
            options = self._ambiguity(retrieval, standalone, index)
            if options:
                answer.clarification = options
                answer.covered = True
                answer.text = phrase(reply_lang, "clarify")
            else:
                t0 = time.perf_counter()
                self._compose(answer, standalone, retrieval.passages, index, reply_lang)
                timings["compose"] = (time.perf_counter() - t0) * 1000
        if lang not in ("it", "en"):
            answer.text = f"{answer.text}\n{phrase('it', 'other_language')}"
        timings["total"] = (time.perf_counter() - started) * 1000
        answer.timings_ms = timings
        return answer

    # -- steps ----------------------------------------------------------------------------

    def _standalone(self, question: str, history: list[Turn]) -> str:
        if not history:
            return question
        if self.composer is not None:
            try:
                return self.composer.rewrite(question, history) or question
            except Exception as exc:  # the rule below still works
                log.warning("LLM rewrite failed (%s); using the follow-up rule", exc)
        return rewrite_follow_up(question, history)

    def confidence(
        self, retrieval: Retrieval, question: str, index: LexicalIndex, language: str
    ) -> float:
        """How sure we are that the passages answer the question, 0..1."""
        passages = retrieval.passages
        if not passages:
            return 0.0
        top = passages[0]
        q_terms = [t for t in dict.fromkeys(retrieval.query_terms) if len(t) > 2]
        expansion = set(terms(italian_expansion(question))) if language == "en" else set()
        coverage = self._coverage(q_terms, expansion, passages[:3], index)
        candidates = [t for t in retrieval.unknown_terms if len(t) > 3 and not t.isdigit()]
        vocab = list(index.doc_freq) if candidates else []  # typos are close to a known term
        unknown = [
            t for t in candidates if not difflib.get_close_matches(t, vocab, n=1, cutoff=0.8)
        ]
        x = -2.2 + 3.0 * top.dense + 1.6 * top.score + 1.8 * coverage - 0.9 * len(unknown)
        uncovered = [
            c for c in retrieval.focus.countries if c not in self.retriever.covered_countries()
        ]
        if uncovered and not retrieval.focus.about_instruments:
            x -= 2.0
        return _sigmoid(x)

    @staticmethod
    def _coverage(
        q_terms: list[str], expansion: set[str], passages: list[Passage], index: LexicalIndex
    ) -> float:
        """Share of the question's (rarity-weighted) terms found in one passage."""
        if not q_terms:
            return 0.0
        weights = {t: index.idf(t) for t in q_terms}
        total = sum(weights.values()) or 1.0
        best = 0.0
        for p in passages:
            p_terms = set(terms(f"{p.title} {p.heading_path} {p.text}"))
            got = sum(w for t, w in weights.items() if t in p_terms)
            if expansion and expansion & p_terms:
                got += 0.5 * total * len(expansion & p_terms) / len(expansion)
            best = max(best, min(1.0, got / total))
        return best

    def _ambiguity(self, retrieval: Retrieval, question: str, index: LexicalIndex) -> list[str]:
        """Titles to choose from, when several current documents fit and nothing decides."""
        if retrieval.focus.countries:
            return []
        today = self._today()
        passages = [p for p in retrieval.passages if not p.expired(today)]
        if len(passages) < 2:
            return []
        top = passages[0]
        if top.kind not in ("instrument", "country_guide"):
            return []
        # A vague question (one or two content words) is ambiguous on a wider margin.
        vague = len(set(terms(question))) <= 2
        ratio = self.policy.vague_ambiguity_ratio if vague else self.policy.ambiguity_ratio
        rivals: dict[str, Passage] = {}
        for p in passages[1:]:
            if p.doc_id == top.doc_id or p.kind != top.kind:
                continue
            if p.score >= top.score * ratio:
                rivals.setdefault(p.doc_id, p)
        if not rivals:
            return []
        named = f"{question} {italian_expansion(question)}"
        q_terms = {t for t in terms(named) if index.idf(t) > 1.0}

        def names(p: Passage) -> set[str]:
            return set(terms(f"{p.title} {p.metadata.get('tags', '')}"))

        top_names = names(top)
        # Undecided: no question term names the top document and not the rival, or vice versa.
        undecided = [p for p in rivals.values() if (q_terms & top_names) == (q_terms & names(p))]
        if not undecided:
            return []
        options = [top.title] + [p.title for p in undecided]
        return list(dict.fromkeys(options))[: self.policy.max_options]

    def _compose(
        self,
        answer: Answer,
        question: str,
        passages: list[Passage],
        index: LexicalIndex,
        language: str,
    ) -> None:
        today = self._today()
        if self.composer is not None:
            try:
                text = self.composer.compose(question, passages, language)
                cited = self._cited_passages(text, passages)
                if cited:
                    answer.text = self._renumber(text, cited, passages)
                    answer.sources = self._sources(cited)
                    answer.composer = self.composer.name
                    answer.covered = True
                    self._add_expiry_notes(answer, cited, language, today)
                    return
                log.warning("LLM answer cited no passage; falling back to extraction")
            except NotInPassages:
                answer.text = phrase(language, "abstain")
                answer.composer = self.composer.name
                return
            except Exception as exc:
                log.warning(
                    "LLM failed (%s: %s); falling back to extraction", type(exc).__name__, exc
                )
        top = passages[0]
        lines = term_lines(question, top, language)
        budget = MAX_WORDS - sum(len(line.split()) for line in lines)
        selected = select_sentences(
            question,
            passages,
            index,
            language=language,
            boilerplate=self.retriever.boilerplate(),
            max_words=max(40, budget),
        )
        if not selected:
            answer.text = phrase(language, "abstain")
            return
        cited_order: list[Passage] = []
        numbers: dict[str, int] = {}
        parts: list[str] = []
        for line in lines:
            numbers.setdefault(top.doc_id, 1)
            if top not in cited_order:
                cited_order.append(top)
            parts.append(f"{line} [1]")
        for sentence, passage in selected:
            if passage.doc_id not in numbers:
                numbers[passage.doc_id] = len(numbers) + 1
                cited_order.append(passage)
            parts.append(f"{sentence} [{numbers[passage.doc_id]}]")
        source_langs = {str(p.metadata.get("language", "it")) for p in cited_order}
        lead_key = "lead" if source_langs <= {language} else "lead_other_lang"
        answer.text = phrase(language, lead_key) + "\n" + "\n".join(parts)
        answer.sources = self._sources(cited_order)
        answer.covered = True
        self._add_expiry_notes(answer, cited_order, language, today)

    @staticmethod
    def _cited_passages(text: str, passages: list[Passage]) -> list[Passage]:
        """Passages the text cites, in order; citations to no passage are ignored."""
        cited: list[Passage] = []
        for m in _CITATION.finditer(text):
            n = int(m.group(1))
            if 1 <= n <= len(passages) and passages[n - 1] not in cited:
                cited.append(passages[n - 1])
        return cited

    @staticmethod
    def _renumber(text: str, cited: list[Passage], passages: list[Passage]) -> str:
        """Map passage numbers to source numbers; drop citations that match no passage."""
        doc_numbers: dict[str, int] = {}
        for p in cited:
            doc_numbers.setdefault(p.doc_id, len(doc_numbers) + 1)

        def replace(m: re.Match[str]) -> str:
            n = int(m.group(1))
            if 1 <= n <= len(passages):
                return f"[{doc_numbers[passages[n - 1].doc_id]}]"
            return ""

        cleaned = _CITATION.sub(replace, text)
        return re.sub(r"(\[\d+\])(\s*\1)+", r"\1", cleaned).strip()

    @staticmethod
    def _sources(cited: list[Passage]) -> list[Source]:
        sources: list[Source] = []
        seen: set[str] = set()
        for p in cited:
            if p.doc_id in seen:
                continue
            seen.add(p.doc_id)
            until = p.valid_until
            sources.append(
                Source(
                    number=len(sources) + 1,
                    doc_id=p.doc_id,
                    title=p.title,
                    url=str(p.metadata.get("source_url", "")),
                    updated=str(p.metadata.get("updated", "")),
                    path=p.heading_path,
                    valid_until=until.isoformat() if until else "",
                )
            )
        return sources

    @staticmethod
    def _add_expiry_notes(
        answer: Answer, cited: list[Passage], language: str, today: dt.date
    ) -> None:
        notes = []
        for source, passage in zip(answer.sources, _unique_docs(cited), strict=False):
            until = passage.valid_until
            if until is not None and until < today:
                answer.expired.append(source)
                notes.append(
                    phrase(
                        language, "expired", title=passage.title, date=format_date(until, language)
                    )
                )
        if notes:
            answer.text = answer.text + "\n" + "\n".join(notes)


def _unique_docs(passages: list[Passage]) -> list[Passage]:
    seen: set[str] = set()
    out = []
    for p in passages:
        if p.doc_id not in seen:
            seen.add(p.doc_id)
            out.append(p)
    return out
