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
import dataclasses
import datetime as dt
import difflib
import logging
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from knowledge.answers import Answer, Source, format_date, phrase
from knowledge.documents import today_rome
from knowledge.entities import (
    english_expansion,
    find_countries,
    italian_expansion,
    place_words,
)
from knowledge.extractive import MAX_WORDS, SentenceWeights, select_sentences, term_lines
from knowledge.followup import Turn, rewrite_follow_up
from knowledge.language import detect_language, expand_shorthand
from knowledge.lexical import LexicalIndex, term_set, terms
from knowledge.llm import NotInPassages
from knowledge.passages import Passage, Retrieval, Unit
from knowledge.retrieval import Retriever

log = logging.getLogger(__name__)


class Composer(Protocol):
    """Writes an answer from passages (an LLM); returns text with [n] citations."""

    name: str

    def compose(self, question: str, passages: list[Passage], language: str) -> str: ...

    def rewrite(self, question: str, history: list[Turn]) -> str: ...


@dataclass(frozen=True, slots=True)
class AnswerPolicy:
    """Thresholds of the answerer, fitted on the tuning sets only (BENCHMARKS.md, section 6)."""

    min_confidence: float = 0.263
    #: The least confidence at which a question that fits several documents is asked back.
    clarify_confidence: float = 0.2
    #: Logistic weights of `Answerer.confidence`, fitted by `python -m bench.calibrate`.
    confidence_weights: dict[str, float] = field(
        default_factory=lambda: {
            "bias": -4.357,
            "unit": 4.27,
            "dense": 2.94,
            "coverage": 1.826,
            "request": 3.459,
            "unknown": -0.186,
            "uncovered_country": -2.514,
            "rare": 0.63,
        }
    )
    passages: int = 6
    sentences: SentenceWeights = field(default_factory=SentenceWeights)
    #: A question is ambiguous when it names no document (no passage's naming reaches this),
    #: has at most `ambiguity_terms` content words, and other documents score within the margin.
    ambiguity_naming: float = 0.4
    ambiguity_terms: int = 3
    ambiguity_margin: float = 0.4
    #: A rival holds the question's words at least this share as well as the best passage
    #: ("cos'è l'eori?" is not ambiguous when one glossary alone has the word).
    ambiguity_rival_words: float = 0.2
    max_options: int = 4
    #: The best passage's document is named this fully (0..1): the answer comes from it alone.
    named: float = 0.9


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
        asked = expand_shorthand(question)
        lang = language or detect_language(
            asked, default=detect_language(history[-1].question) if history else "it"
        )
        reply_lang = lang if lang in ("it", "en") else "it"

        t0 = time.perf_counter()
        standalone = expand_shorthand(self._standalone(asked, history))
        timings["rewrite"] = (time.perf_counter() - t0) * 1000

        retrieval = self.retriever.retrieve(
            standalone, k=self.policy.passages, language=reply_lang, today=self._today()
        )
        timings.update({f"retrieve_{k}": v for k, v in retrieval.timings_ms.items()})
        index = self.retriever._index().lexical
        signals = self.signals(retrieval, standalone, index, reply_lang)
        confidence = self.confidence(signals)

        answer = Answer(
            text="",
            sources=[],
            confidence=confidence,
            language=reply_lang,
            covered=False,
            question=question,
            standalone_question=standalone,
            passages=retrieval.passages,
            signals=signals,
        )
        # A vague question ("qnt e il contributo max?") has little evidence by nature: when
        # several documents fit it about as well it is asked back, below the answering bar.
        options = (
            self._ambiguity(retrieval, standalone)
            if confidence >= self.policy.clarify_confidence
            else []
        )
        if options:
            answer.clarification = options
            answer.covered = True
            answer.text = phrase(reply_lang, "clarify")
        elif confidence < self.policy.min_confidence or not retrieval.passages:
            answer.text = phrase(reply_lang, "abstain")
        else:
            t0 = time.perf_counter()
            doc_units = retrieval.doc_units
            intent = asked if standalone != asked and self._asks(asked) else None
            if intent is not None:
                doc_units = self._toward(intent, doc_units)
            self._compose(
                answer,
                standalone,
                self._in_countries(retrieval.passages, retrieval.focus.countries),
                doc_units,
                index,
                reply_lang,
                intent,
                retrieval.translation,
            )
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

    def signals(
        self, retrieval: Retrieval, question: str, index: LexicalIndex, language: str
    ) -> dict[str, float]:
        """The evidence that the passages answer the question, each a number that means the
        same on any knowledge base: similarities, shares and counts, not words."""
        passages = retrieval.passages
        if not passages:
            return {}
        top = passages[0]
        units = retrieval.doc_units.get(top.doc_id, [])
        q_terms = [t for t in dict.fromkeys(retrieval.query_terms) if len(t) > 2]
        # The glossary's translations only: the learned ones find passages and sentences, but
        # as evidence that the question is answered they are too loose (any word has a
        # nearest neighbour).
        translated = (
            italian_expansion(question) if language == "en" else english_expansion(question)
        )
        coverage = self._coverage(q_terms, set(terms(translated)), passages[:3], index)
        candidates = [t for t in retrieval.unknown_terms if len(t) > 3 and not t.isdigit()]
        # A typo is close to a known term with the same first letter.
        unknown = [
            t
            for t in candidates
            if not difflib.get_close_matches(t, self.retriever.vocabulary(t[0]), n=1, cutoff=0.8)
        ]
        # A country the base has no document about, and the best document's title does not name.
        named_in_top = set(find_countries(top.title))
        uncovered = [
            c
            for c in retrieval.focus.countries
            if c not in self.retriever.covered_countries() and c not in named_in_top
        ]
        places = place_words(question, self.retriever.covered_countries())
        request = self._request_similarity(question, top, units, places)
        return {
            "rare": self._rarest_held(q_terms, places, top, index),
            "request": request,
            "unit": max((u.similarity for u in units), default=top.dense),
            "dense": top.dense,
            "coverage": coverage,
            "unknown": float(len(unknown)),
            # An instrument serves firms exporting anywhere; other documents are about the
            # countries they name, not about the one asked. The two best documents must both
            # be instruments: which of two close passages comes first is no evidence.
            "uncovered_country": float(
                bool(uncovered) and any(p.kind != "instrument" for p in _unique_docs(passages)[:2])
            ),
        }

    @staticmethod
    def _rarest_held(
        q_terms: list[str], places: set[str], top: Passage, index: LexicalIndex
    ) -> float:
        """How rare in the base (idf over the highest idf, 0..1) is the rarest word of the
        question, other than a place's name, that the best passage holds: a code or an acronym
        only a glossary has ("eori") says the base knows what is asked, even where the
        embedder, which never saw the word, finds the sentences far."""
        held = term_set(f"{top.title} {top.heading_path} {top.text}")
        top_idf = index.max_idf() or 1.0
        return max(
            (index.idf(t) / top_idf for t in q_terms if t in held and t not in places),
            default=0.0,
        )

    def confidence(self, signals: dict[str, float]) -> float:
        """How sure we are that the passages answer the question, 0..1: a logistic model of
        the signals, fitted on the tuning sets (`python -m bench.calibrate`)."""
        if not signals:
            return 0.0
        weights = self.policy.confidence_weights
        x = weights.get("bias", 0.0) + sum(
            w * signals.get(name, 0.0) for name, w in weights.items() if name != "bias"
        )
        return _sigmoid(x)

    def _request_similarity(
        self, question: str, top: Passage, units: list[Unit], places: set[str]
    ) -> float:
        """How close the best document's closest sentence is to what the question asks, once
        the words that only name the document or a country are taken out: "the VAT rate in
        the Emirates" against a guide to the Emirates that states no VAT rate is far."""
        vectors = [u.vector for u in units if u.vector is not None]
        if not vectors:
            return 0.0
        named = set(terms(top.title)) | places
        words = [w for w in question.split() if not (set(terms(w)) and set(terms(w)) <= named)]
        request = " ".join(words)
        if not request.strip() or not set(terms(request)):
            return 0.0
        vector = self.retriever.embedder.embed_queries([request])[0]
        return float(np.max(np.vstack(vectors) @ vector))

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

    def _asks(self, follow_up: str) -> bool:
        """Whether a follow-up asks something of its own ("and the deadline?"), rather than
        only moving the previous question to another country ("e in germania?")."""
        known = self.retriever.covered_countries()
        return bool(set(terms(follow_up)) - place_words(follow_up, known))

    def _toward(self, intent: str, doc_units: dict[str, list[Unit]]) -> dict[str, list[Unit]]:
        """A follow-up's sentences: the topic came from the conversation (the standalone
        question found the documents), the request from the follow-up itself, so each unit's
        similarity is the mean of its similarities to the two."""
        vector = self.retriever.embedder.embed_queries([intent])[0]
        return {
            doc_id: [
                dataclasses.replace(
                    u, similarity=(u.similarity + float(np.dot(u.vector, vector))) / 2
                )
                if u.vector is not None
                else u
                for u in units
            ]
            for doc_id, units in doc_units.items()
        }

    def _ambiguity(self, retrieval: Retrieval, question: str) -> list[str]:
        """Titles to choose from, when a short question names no document and no country and
        several current documents answer it about as well. Documents of any kind compete: the
        kind of a document without front matter is inferred, and "how much is the fee?" fits an
        event and a course alike."""
        if retrieval.focus.countries or not retrieval.passages:
            return []
        policy = self.policy
        today = self._today()
        passages = [p for p in retrieval.passages if not p.expired(today)]
        if len(passages) < 2:
            return []
        top = passages[0]
        content = {t for t in terms(question) if len(t) > 2}
        named = max(p.naming for p in passages)
        if named >= policy.ambiguity_naming or len(content) > policy.ambiguity_terms:
            return []
        rivals = [
            p
            for p in passages[1:]
            if p.doc_id != top.doc_id
            and top.score - p.score <= policy.ambiguity_margin
            and p.lexical >= policy.ambiguity_rival_words * top.lexical
        ]
        if not rivals:
            return []
        options = [top.title] + [p.title for p in rivals]
        return list(dict.fromkeys(options))[: policy.max_options]

    def _compose(
        self,
        answer: Answer,
        question: str,
        passages: list[Passage],
        doc_units: dict[str, list[Unit]],
        index: LexicalIndex,
        language: str,
        intent: str | None = None,
        translation: str = "",
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
            self._named(passages),
            doc_units,
            index,
            language=language,
            boilerplate=self.retriever.boilerplate(),
            max_words=max(40, budget),
            weights=self.policy.sentences,
            intent=intent,
            translation=translation,
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
    def _in_countries(passages: list[Passage], countries: tuple[str, ...]) -> list[Passage]:
        """A question that names a country (or one of its cities) is answered from documents
        about that country or about none, when there are some: the guide to Morocco has a
        desk, opening hours and a contact too, but not those asked about Japan."""
        about = [str(p.metadata.get("country") or "") for p in passages]
        if not set(countries) & set(about):
            return passages
        return [p for p, c in zip(passages, about, strict=True) if c in ("", *countries)]

    def _named(self, passages: list[Passage]) -> list[Passage]:
        """A question that names its document (title, acronym, a name only it holds) is
        answered from that document alone."""
        top = passages[0]
        if top.naming < self.policy.named:
            return passages
        return [p for p in passages if p.naming >= top.naming]

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
