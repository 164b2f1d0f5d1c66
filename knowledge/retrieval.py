"""Retrieval: dense search in Chroma fused with BM25, steered by country, kind and validity,
then the answer units (sentences, table rows) of the best passages scored by meaning.

Lexical evidence is only comparable within one language: a passage in the question's language is
scored on the question's own terms, a passage in the other language on the question's codes,
numbers and the translations of its domain terms; each group is normalised on its own, so an
English document is not ranked down for not sharing Italian words with an Italian question.
Every passage that can reach the answer then gets its units' similarities to the question (unit
vectors are written at ingest time), and its best unit takes part in the passage's score.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from knowledge.documents import date_from_int, today_rome
from knowledge.embedders import KnowledgeEmbeddings
from knowledge.entities import (
    QuestionFocus,
    city_spellings,
    country_words,
    english_expansion,
    focus,
    italian_expansion,
    synonyms,
)
from knowledge.lexical import (
    LexicalIndex,
    cross_language_terms,
    sentence_key,
    terms,
    tokenize,
)
from knowledge.lexicon import Lexicon, WordVectors, lexicon_words
from knowledge.naming import document_names
from knowledge.passages import Passage, Retrieval, Unit
from knowledge.sentences import split_sentences
from knowledge.store import KnowledgeStore, StoredChunk
from knowledge.units import embed_units

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RetrievalPolicy:
    """Weights of the fusion; one set per question language."""

    dense_weight: float = 1.0
    lexical_weight: float = 0.3
    #: Lexical weight for passages in the other language (codes, numbers, translated terms).
    cross_lexical_weight: float = 0.3
    unit_weight: float = 0.25
    #: Documents whose every unit is scored against the question.
    unit_documents: int = 4
    #: Answer units (with vectors) kept in memory between questions (~2 KB each with USE).
    cached_units: int = 50_000
    country_boost: float = 0.12
    other_country_penalty: float = 0.15
    instrument_boost: float = 0.05
    title_boost: float = 0.2
    #: A word of the other language translates a question's word when this close in meaning.
    lexicon_similarity: float = 0.75
    lexicon_neighbours: int = 1
    #: A word written like the question's word (a cognate) translates it when this close.
    cognate_similarity: float = 0.6
    expired_penalty: float = 0.1
    dense_candidates: int = 40
    lexical_candidates: int = 40
    #: Passages whose units are scored before the final cut.
    unit_pool: int = 12
    per_document: int = 2
    near_duplicate: float = 0.8


@dataclass(slots=True)
class _IndexState:
    generation: str | None = None
    lexical: LexicalIndex = field(default_factory=LexicalIndex)
    chunks: dict[str, StoredChunk] = field(default_factory=dict)
    countries: frozenset[str] = frozenset()
    boilerplate: frozenset[str] = frozenset()
    #: How each chunk's document can be named: title terms, file-name terms, acronyms.
    titles: dict[str, tuple[frozenset[str], ...]] = field(default_factory=dict)
    #: Each language's words with their vectors, filled on first use (translation).
    lexicons: dict[str, Lexicon] = field(default_factory=dict)
    #: Served terms by first letter, filled on first use (typo matching).
    by_initial: dict[str, list[str]] = field(default_factory=dict)
    #: How many documents hold each term, filled on first use (naming).
    docs_with: dict[str, int] = field(default_factory=dict)
    #: The store record of each chunk (a chunk read once is not read again while served).
    records: dict[str, str] = field(default_factory=dict)

    def documents_with(self, term: str) -> int:
        """The number of served documents whose text (or title) holds a term."""
        count = self.docs_with.get(term)
        if count is None:
            rows = self.lexical.postings.get(term, ())
            ids = self.lexical.ids
            count = len(
                {self.chunks[ids[row]].doc_id for row, _ in rows if ids[row] in self.chunks}
            )
            self.docs_with[term] = count
        return count


def _index_text(chunk: StoredChunk) -> str:
    md = chunk.metadata
    return " ".join(
        str(x) for x in (md.get("title"), md.get("heading_path"), md.get("tags"), chunk.text) if x
    )


def _chunk_index(state: _IndexState, chunk_id: str) -> int:
    chunk = state.chunks.get(chunk_id)
    return int(chunk.metadata.get("chunk_index", 0)) if chunk is not None else 0


def _language(md: dict[str, Any]) -> str:
    return str(md.get("language") or "it")


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
        *,
        words: WordVectors | None = None,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.policy = policy or RetrievalPolicy()
        #: Vectors of the base's words (the learned bilingual lexicon), cached on disk when
        #: the caller gives a folder.
        self.words = words or WordVectors(embedder)
        self._state = _IndexState()
        self._lock = threading.Lock()
        self._lexicon_lock = threading.Lock()
        self._doc_unit_cache: dict[str, Any] = {}
        self._units_lock = threading.Lock()
        self._cached_units = 0
        self._warned_units = False

    def _index(self) -> _IndexState:
        """The lexical index of the served version, rebuilt when a new one is served."""
        generation = self.store.active_name()
        with self._lock:
            if self._state.generation != generation or generation is None:
                # Only the chunks of the documents an edit wrote are read from the store.
                old, records = self._state, self.store.served_records()
                fresh = [c for c, r in records.items() if old.records.get(c) != r]
                read = {c.id: c for c in self.store.chunks_by_ids(fresh)}
                chunks = {
                    c: read[c] if c in read else old.chunks[c]
                    for c in records
                    if c in read or (c in old.chunks and old.records.get(c) == records[c])
                }
                lexical = LexicalIndex.build((c.id, _index_text(c)) for c in chunks.values())
                countries = frozenset(
                    str(c.metadata.get("country"))
                    for c in chunks.values()
                    if c.metadata.get("country")
                )
                titles = document_names(chunks)
                self._state = _IndexState(
                    generation, lexical, chunks, countries, _boilerplate(chunks.values()), titles
                )
                self._state.records = {c: records[c] for c in chunks}
            return self._state

    def translation(self, query: str, language: str) -> str:
        """The question's words in the other language: the glossary's, and the base's own
        words of the other language closest in meaning to each of the question's words."""
        glossary = italian_expansion(query) if language == "en" else english_expansion(query)
        learned = self.lexicon("it" if language == "en" else "en").translate(
            query,
            self.words,
            similarity=self.policy.lexicon_similarity,
            neighbours=self.policy.lexicon_neighbours,
            cognate_similarity=self.policy.cognate_similarity,
        )
        return " ".join([glossary, *learned]).strip()

    def lexicon(self, language: str) -> Lexicon:
        """The served documents' words in one language, with their vectors (built once per
        served version, under its own lock: questions do not wait on the index for it)."""
        state = self._index()
        with self._lexicon_lock:
            found = state.lexicons.get(language)
            if found is None:
                words = sorted(
                    {
                        w
                        for c in state.chunks.values()
                        if _language(c.metadata) == language
                        for w in lexicon_words(c.text)
                    }
                )
                found = state.lexicons[language] = Lexicon(words, self.words.vectors(words))
            return found

    def vocabulary(self, initial: str) -> list[str]:
        """The served terms that start with `initial` (for typo matching)."""
        state = self._index()
        by_initial = state.by_initial
        if not by_initial:
            for term in state.lexical.doc_freq:
                by_initial.setdefault(term[:1], []).append(term)
        return by_initial.get(initial, [])

    def boilerplate(self) -> frozenset[str]:
        """Sentences repeated across several documents (notices, disclaimers)."""
        return self._index().boilerplate

    def covered_countries(self) -> frozenset[str]:
        """Countries with at least one document in the base."""
        return self._index().countries

    def warm_up(self) -> None:
        """Build the lexical index and the lexicons, and load the embedder, before the first
        question."""
        self._index()
        self.embedder.embed_array(["warm up"])
        for language in ("it", "en"):
            self.lexicon(language)

    def retrieve(
        self,
        query: str,
        *,
        k: int = 6,
        language: str = "it",
        where: dict[str, Any] | None = None,
        today: dt.date | None = None,
    ) -> Retrieval:
        """The `k` best passages for a question, at most two per document, with their units
        scored."""
        policy = self.policy
        today = today or today_rome()
        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        state = self._index()
        timings["index"] = (time.perf_counter() - t0) * 1000

        t0 = time.perf_counter()
        # A city typed another way ("tokio") is searched for under its usual name as well.
        spellings = " ".join(city_spellings(query, state.countries))
        vector = self.embedder.embed_queries([f"{query} {spellings}".strip()])[0]
        timings["embed"] = (time.perf_counter() - t0) * 1000

        t0 = time.perf_counter()
        dense_hits = self.store.query(vector, policy.dense_candidates, where)
        timings["dense"] = (time.perf_counter() - t0) * 1000

        t0 = time.perf_counter()
        q_focus = focus(query, state.countries)
        query_terms = terms(query)
        same_terms = query_terms + terms(synonyms(query))
        same_terms += terms(spellings)
        translated = self.translation(query, language)
        timings["translate"] = (time.perf_counter() - t0) * 1000
        cross_terms = cross_language_terms(query_terms, translated, state.lexical)
        by_group = {
            "same": state.lexical.scores(same_terms),
            "cross": state.lexical.scores(list(cross_terms)),
        }
        if where:
            allowed = {h.id for h in dense_hits}
            by_group = {
                g: {
                    cid: s
                    for cid, s in scores.items()
                    if cid in allowed or _matches(state.chunks[cid].metadata, where)
                }
                for g, scores in by_group.items()
            }
        lexical_scores: dict[str, float] = {}
        for group, scores in by_group.items():
            in_group = {
                cid: s
                for cid, s in scores.items()
                if (_language(state.chunks[cid].metadata) == language) == (group == "same")
            }
            top = max(in_group.values(), default=0.0)
            for cid, s in in_group.items():
                lexical_scores[cid] = s / top if top else 0.0
        top_lexical = sorted(lexical_scores.items(), key=lambda kv: -kv[1])
        top_lexical = top_lexical[: policy.lexical_candidates]
        timings["lexical"] = (time.perf_counter() - t0) * 1000

        t0 = time.perf_counter()
        dense_scores = {h.id: 1.0 - float(h.distance or 0.0) for h in dense_hits}
        missing = [cid for cid, _ in top_lexical if cid not in dense_scores]
        if missing:
            dense_scores.update(self._dense_for(missing, vector))
        # Naming a country is steering (above), not naming a document.
        naming_terms = (set(query_terms) | set(terms(translated)) | set(tokenize(query))) - (
            country_words(q_focus.countries)
        )
        candidates: list[Passage] = []
        for cid, dense in dense_scores.items():
            chunk = state.chunks.get(cid)
            if chunk is None:
                continue
            same = _language(chunk.metadata) == language
            lexical = lexical_scores.get(cid, 0.0)
            weight = policy.lexical_weight if same else policy.cross_lexical_weight
            score = policy.dense_weight * dense + weight * lexical
            score += self._steer(chunk.metadata, q_focus, today)
            naming = self._naming(naming_terms, state.titles.get(cid, ()), state)
            score += policy.title_boost * naming
            candidates.append(
                Passage(cid, chunk.text, chunk.metadata, score, dense, lexical, naming=naming)
            )
        candidates.sort(key=lambda p: -p.score)
        pool = self._diversify(candidates, max(k, policy.unit_pool))
        timings["fuse"] = (time.perf_counter() - t0) * 1000

        t0 = time.perf_counter()
        doc_ids = list(dict.fromkeys(p.doc_id for p in pool))[: policy.unit_documents]
        doc_units = self._score_units(doc_ids, vector, state)
        best = {d: max((u.similarity for u in us), default=0.0) for d, us in doc_units.items()}
        for p in pool:
            p.score += policy.unit_weight * best.get(p.doc_id, p.dense)
        pool.sort(key=lambda p: -p.score)
        passages = self._diversify(pool, k)
        timings["units"] = (time.perf_counter() - t0) * 1000

        unknown = [t for t in dict.fromkeys(query_terms) if t not in state.lexical.doc_freq]
        return Retrieval(passages, q_focus, query_terms, unknown, timings, doc_units, translated)

    @staticmethod
    def _naming(
        question: set[str], names: tuple[frozenset[str], ...], state: _IndexState
    ) -> float:
        """How fully the question names a document, 0..1: the rarity-weighted share of its
        title's (or file name's) terms that the question holds; 1 for its acronym; and for a
        proper name of its title (`ExportShield`, `FACE`) that n documents of the base hold,
        1/n: a programme's own name is held by its document alone."""
        if not names:
            return 0.0
        title_terms, file_terms, proper, acronyms = names
        if question & acronyms:
            return 1.0
        index = state.lexical
        best = max((1.0 / max(state.documents_with(t), 1) for t in proper & question), default=0.0)
        for named in (title_terms, file_terms):
            weights = {t: index.idf(t) for t in named if t in index.doc_freq}
            total = sum(weights.values())
            if total:
                best = max(best, sum(w for t, w in weights.items() if t in question) / total)
        return best

    def _score_units(
        self, doc_ids: list[str], vector: np.ndarray, state: _IndexState
    ) -> dict[str, list[Unit]]:
        """Every answer unit of the candidate documents, in reading order, with its
        similarity to the question."""
        rows = self._doc_units(doc_ids, state)
        out: dict[str, list[Unit]] = {}
        for doc_id, (items, matrix) in rows.items():
            sims = matrix @ vector
            out[doc_id] = [
                Unit(chunk_id, position, text, float(sim), matrix[n])
                for n, ((chunk_id, position, text), sim) in enumerate(
                    zip(items, sims, strict=True)
                )
            ]
        return out

    def _doc_units(
        self, doc_ids: list[str], state: _IndexState
    ) -> dict[str, tuple[list[tuple[str, int, str]], np.ndarray]]:
        """The units of some documents in reading order with their vectors, read from the
        store once per served version and kept in a bounded cache (popular documents are
        asked about again and again)."""
        with self._units_lock:
            return self._doc_units_locked(doc_ids, state)

    def _doc_units_locked(
        self, doc_ids: list[str], state: _IndexState
    ) -> dict[str, tuple[list[tuple[str, int, str]], np.ndarray]]:
        cache = self._doc_unit_cache
        if cache.get("generation") != state.generation:
            cache.clear()
            cache["generation"] = state.generation
        missing = [d for d in doc_ids if d not in cache]
        if missing:
            rows: dict[str, list[tuple[str, int, str, np.ndarray]]] = {d: [] for d in missing}
            for u in self.store.units(missing):
                chunk = state.chunks.get(u.chunk_id)
                if chunk is not None and chunk.doc_id in rows:
                    rows[chunk.doc_id].append((u.chunk_id, u.position, u.text, u.embedding))
            for doc_id, units in rows.items():
                if not units:
                    units = self._embed_units(doc_id, state)
                units.sort(key=lambda u: (_chunk_index(state, u[0]), u[1]))
                matrix = (
                    np.vstack([u[3] for u in units]).astype(np.float32)
                    if units
                    else np.zeros((0, self.embedder.dimension), dtype=np.float32)
                )
                self._cached_units += len(units)
                if self._cached_units > self.policy.cached_units:
                    cache.clear()
                    cache["generation"] = state.generation
                    self._cached_units = len(units)
                cache[doc_id] = ([(u[0], u[1], u[2]) for u in units], matrix)
        return {d: cache[d] for d in doc_ids if d in cache and len(cache[d][0])}

    def _embed_units(
        self, doc_id: str, state: _IndexState
    ) -> list[tuple[str, int, str, np.ndarray]]:
        """Units of a document stored without them (an older base, a restored old backup):
        embedded now; the unit cache keeps them while the version is served."""
        if not self._warned_units:
            self._warned_units = True
            log.warning(
                "the knowledge base has no stored answer units (first: %s): embedding them "
                "at answer time; re-ingest with `sportello ingest --full` to store them",
                doc_id,
            )
        embedded = embed_units(
            ((c.id, c.text) for c in state.chunks.values() if c.doc_id == doc_id),
            self.embedder.embed_array,
            self.embedder.dimension,
        )
        return [
            (chunk_id, i, text, vectors[i])
            for chunk_id, (units, vectors) in embedded.items()
            for i, text in enumerate(units)
        ]

    def _steer(self, md: dict[str, Any], q_focus: QuestionFocus, today: dt.date) -> float:
        policy = self.policy
        bonus = 0.0
        country = str(md.get("country") or "")
        if q_focus.countries:
            if country and country in q_focus.countries:
                # A question about funding names the country it exports to; the funding is
                # in the instrument, not in the country's guide.
                guide = md.get("kind") == "country_guide"
                if not (q_focus.about_instruments and guide):
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
