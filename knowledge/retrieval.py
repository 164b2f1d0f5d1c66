"""Retrieval: dense search in Chroma fused with BM25, steered by country, kind and validity.

Per-language policy: lexical scoring weighs more on Italian questions (the documents are mostly
Italian, so exact words match); English questions are scored lexically only through their codes,
numbers and the Italian glossary terms they map to, because plain fusion of English words over
Italian passages pulls in noise (see BENCHMARKS.md for the measurements behind the weights).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from knowledge.documents import date_from_int, today_rome
from knowledge.embedders import KnowledgeEmbeddings
from knowledge.entities import QuestionFocus, focus, italian_expansion, synonyms
from knowledge.lexical import LexicalIndex, sentence_key, terms, tokenize
from knowledge.sentences import split_sentences
from knowledge.store import KnowledgeStore, StoredChunk


@dataclass(frozen=True, slots=True)
class RetrievalPolicy:
    """Weights of the fusion; one set per question language."""

    dense_weight: float = 1.0
    lexical_weight: float = 0.35
    lexical_weight_en: float = 0.2
    country_boost: float = 0.12
    other_country_penalty: float = 0.15
    instrument_boost: float = 0.05
    title_boost: float = 0.15
    expired_penalty: float = 0.1
    dense_candidates: int = 40
    lexical_candidates: int = 40
    per_document: int = 2
    near_duplicate: float = 0.8


@dataclass(slots=True)
class Passage:
    """A retrieved chunk with its scores and document metadata."""

    chunk_id: str
    text: str
    metadata: dict[str, Any]
    score: float
    dense: float
    lexical: float

    @property
    def doc_id(self) -> str:
        return str(self.metadata.get("doc_id", ""))

    @property
    def title(self) -> str:
        return str(self.metadata.get("title", ""))

    @property
    def heading_path(self) -> str:
        return str(self.metadata.get("heading_path", ""))

    @property
    def kind(self) -> str:
        return str(self.metadata.get("kind", "other"))

    @property
    def valid_until(self) -> dt.date | None:
        return date_from_int(self.metadata.get("valid_until"))

    def expired(self, today: dt.date) -> bool:
        until = self.valid_until
        return until is not None and until < today


@dataclass(slots=True)
class Retrieval:
    """The passages for a question, and what retrieval noticed about it."""

    passages: list[Passage]
    focus: QuestionFocus
    query_terms: list[str]
    unknown_terms: list[str]
    timings_ms: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class _IndexState:
    generation: str | None = None
    lexical: LexicalIndex = field(default_factory=LexicalIndex)
    chunks: dict[str, StoredChunk] = field(default_factory=dict)
    countries: frozenset[str] = frozenset()
    boilerplate: frozenset[str] = frozenset()
    #: Stemmed terms of each chunk's document title and tags (for the title boost).
    titles: dict[str, frozenset[str]] = field(default_factory=dict)


def _index_text(chunk: StoredChunk) -> str:
    md = chunk.metadata
    return " ".join(
        str(x) for x in (md.get("title"), md.get("heading_path"), md.get("tags"), chunk.text) if x
    )


def _title_terms(md: dict[str, Any]) -> set[str]:
    return set(terms(f"{md.get('title', '')} {md.get('tags', '')}"))


def _boilerplate(chunks: Iterable[StoredChunk], min_docs: int = 3) -> frozenset[str]:
    docs_with: dict[str, set[str]] = {}
    for chunk in chunks:
        for line in chunk.text.split("\n"):
            for sentence in split_sentences(line):
                docs_with.setdefault(sentence_key(sentence), set()).add(chunk.doc_id)
    return frozenset(k for k, docs in docs_with.items() if len(docs) >= min_docs and k)


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


class Retriever:
    """Finds the passages that answer a question."""

    def __init__(
        self,
        store: KnowledgeStore,
        embedder: KnowledgeEmbeddings,
        policy: RetrievalPolicy | None = None,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.policy = policy or RetrievalPolicy()
        self._state = _IndexState()
        self._lock = threading.Lock()

    def _index(self) -> _IndexState:
        """The lexical index of the served generation, rebuilt when a new one is served."""
        generation = self.store.active_name()
        with self._lock:
            if self._state.generation != generation or generation is None:
                chunks = {c.id: c for c in self.store.all_chunks()}
                lexical = LexicalIndex.build((c.id, _index_text(c)) for c in chunks.values())
                countries = frozenset(
                    str(c.metadata.get("country"))
                    for c in chunks.values()
                    if c.metadata.get("country")
                )
                by_doc: dict[str, frozenset[str]] = {}
                titles = {
                    cid: by_doc.setdefault(c.doc_id, frozenset(_title_terms(c.metadata)))
                    for cid, c in chunks.items()
                }
                self._state = _IndexState(
                    generation, lexical, chunks, countries, _boilerplate(chunks.values()), titles
                )
            return self._state

    def boilerplate(self) -> frozenset[str]:
        """Sentences repeated across several documents (notices, disclaimers)."""
        return self._index().boilerplate

    def covered_countries(self) -> frozenset[str]:
        """Countries with at least one document in the base."""
        return self._index().countries

    def warm_up(self) -> None:
        """Build the lexical index and load the embedder before the first question."""
        self._index()
        self.embedder.embed_array(["warm up"])

    def retrieve(
        self,
        query: str,
        *,
        k: int = 6,
        language: str = "it",
        where: dict[str, Any] | None = None,
        today: dt.date | None = None,
    ) -> Retrieval:
        """The `k` best passages for a question, at most two per document."""
        policy = self.policy
        today = today or today_rome()
        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        state = self._index()
        timings["index"] = (time.perf_counter() - t0) * 1000

        t0 = time.perf_counter()
        vector = self.embedder.embed_array([query])[0]
        timings["embed"] = (time.perf_counter() - t0) * 1000

        t0 = time.perf_counter()
        dense_hits = self.store.query(vector, policy.dense_candidates, where)
        timings["dense"] = (time.perf_counter() - t0) * 1000

        t0 = time.perf_counter()
        q_focus = focus(query)
        query_terms = terms(query)
        if language == "en":
            # English words do not occur in Italian passages: score only codes, numbers and
            # the Italian glossary terms of the question.
            lexical_terms = [t for t in query_terms if any(ch.isdigit() for ch in t)]
            lexical_terms += [
                t
                for t in query_terms
                if t in state.lexical.doc_freq and state.lexical.idf(t) > 2.0
            ]
            lexical_terms += terms(italian_expansion(query))
            lexical_weight = policy.lexical_weight_en
        else:
            lexical_terms = query_terms + terms(synonyms(query))
            lexical_weight = policy.lexical_weight
        lexical_scores = state.lexical.scores(lexical_terms)
        if where:
            allowed = {h.id for h in dense_hits}
            lexical_scores = {
                cid: s
                for cid, s in lexical_scores.items()
                if cid in allowed or _matches(state.chunks[cid].metadata, where)
            }
        top_lexical = sorted(lexical_scores.items(), key=lambda kv: -kv[1])
        top_lexical = top_lexical[: policy.lexical_candidates]
        max_lexical = top_lexical[0][1] if top_lexical else 1.0
        timings["lexical"] = (time.perf_counter() - t0) * 1000

        t0 = time.perf_counter()
        dense_scores = {h.id: 1.0 - float(h.distance or 0.0) for h in dense_hits}
        missing = [cid for cid, _ in top_lexical if cid not in dense_scores]
        if missing:
            dense_scores.update(self._dense_for(missing, vector))
        candidates: list[Passage] = []
        naming_weights = {
            t: state.lexical.idf(t) for t in set(lexical_terms) if t in state.lexical.doc_freq
        }
        naming_total = sum(naming_weights.values()) or 1.0
        for cid, dense in dense_scores.items():
            chunk = state.chunks.get(cid)
            if chunk is None:
                continue
            lexical = lexical_scores.get(cid, 0.0) / max_lexical if max_lexical else 0.0
            score = policy.dense_weight * dense + lexical_weight * lexical
            score += self._steer(chunk.metadata, q_focus, today)
            named = state.titles.get(cid, frozenset())
            score += (
                policy.title_boost
                * sum(w for t, w in naming_weights.items() if t in named)
                / naming_total
            )
            candidates.append(Passage(cid, chunk.text, chunk.metadata, score, dense, lexical))
        candidates.sort(key=lambda p: -p.score)
        passages = self._diversify(candidates, k)
        timings["fuse"] = (time.perf_counter() - t0) * 1000

        unknown = [t for t in dict.fromkeys(query_terms) if t not in state.lexical.doc_freq]
        return Retrieval(passages, q_focus, query_terms, unknown, timings)

    def _steer(self, md: dict[str, Any], q_focus: QuestionFocus, today: dt.date) -> float:
        policy = self.policy
        bonus = 0.0
        country = str(md.get("country") or "")
        if q_focus.countries:
            if country and country in q_focus.countries:
                bonus += policy.country_boost
            elif country:
                bonus -= policy.other_country_penalty
        if q_focus.about_instruments and md.get("kind") == "instrument":
            bonus += policy.instrument_boost
        until = date_from_int(md.get("valid_until"))
        if until is not None and until < today:
            bonus -= policy.expired_penalty
        return bonus

    def _dense_for(self, ids: list[str], vector: np.ndarray) -> dict[str, float]:
        got = self.store.vectors(ids)
        return {cid: float(np.dot(vec, vector)) for cid, vec in got.items()}

    def _diversify(self, ranked: list[Passage], k: int) -> list[Passage]:
        chosen: list[Passage] = []
        per_doc: dict[str, int] = {}
        token_sets: list[set[str]] = []
        for passage in ranked:
            if per_doc.get(passage.doc_id, 0) >= self.policy.per_document:
                continue
            tokens = set(tokenize(passage.text))
            if any(_jaccard(tokens, seen) >= self.policy.near_duplicate for seen in token_sets):
                continue
            chosen.append(passage)
            token_sets.append(tokens)
            per_doc[passage.doc_id] = per_doc.get(passage.doc_id, 0) + 1
            if len(chosen) == k:
                break
        return chosen


def _matches(md: dict[str, Any], where: dict[str, Any]) -> bool:
    """Evaluate the simple `{"field": value}` / `{"$and": [...]}` filters callers pass."""
    if "$and" in where:
        return all(_matches(md, w) for w in where["$and"])
    for key, cond in where.items():
        if isinstance(cond, dict):
            if "$in" in cond and md.get(key) not in cond["$in"]:
                return False
            if "$eq" in cond and md.get(key) != cond["$eq"]:
                return False
        elif md.get(key) != cond:
            return False
    return True


def build_filter(
    kind: str | None = None, country: str | None = None, language: str | None = None
) -> dict[str, Any] | None:
    """A Chroma `where` filter from the optional kind, country and language."""
    clauses = [
        {key: value}
        for key, value in (("kind", kind), ("country", country), ("language", language))
        if value
    ]
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}
