"""The extractive composer: the sentences of the retrieved passages that answer the question.

Sentences (and table rows) are chosen by meaning: each has a vector written at ingest time, and
its similarity to the question leads its score, with the question's terms it holds and whether it
carries the kind of fact asked for (an amount, a percentage, a date, a duration). The best few,
about 120 words, are quoted verbatim, so amounts, dates and percentages are never altered, in the
order they appear in the documents, each followed by its source number.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from knowledge.entities import synonyms
from knowledge.lexical import (
    LexicalIndex,
    cross_language_terms,
    fold,
    sentence_key,
    term_set,
    terms,
)
from knowledge.passages import Passage, Unit
from knowledge.units import answer_units

MAX_WORDS = 120
MAX_SENTENCES = 4


# Which structured term of an instrument a question asks for.
_TERM_INTENTS: dict[str, re.Pattern[str]] = {
    "max_amount": re.compile(
        r"\b(quant[oiae]\b|massim|max\b|massimale|importo|cifra|finanzi|how much|maximum|"
        r"amount|cap\b|biggest|largest)"
    ),
    "rate": re.compile(
        r"\b(tasso|tassi|interess|percentual|fondo perduto|quota|copertura|copre|rimbors|"
        r"rate\b|interest|grant share|share|non-repayable|cover)"
    ),
    "eligible_firms": re.compile(
        r"\b(chi pu|chi ha diritto|beneficiar|requisit|ammess|ammissibil|possono|posso accedere|"
        r"eligib|who can|qualify|requirements)"
    ),
    "deadline": re.compile(
        r"\b(scadenz|scade|entro quando|fino a quando|quando (si )?chiude|ancora (aperto|attivo)|"
        r"aperto|chiuso|deadline|until when|still open|closing date|when .*close)"
    ),
}
TERM_LABELS = {
    "it": {
        "max_amount": "Importo massimo",
        "rate": "Tasso o quota",
        "eligible_firms": "Chi può accedere",
        "deadline": "Scadenza",
    },
    "en": {
        "max_amount": "Maximum amount",
        "rate": "Rate or grant share",
        "eligible_firms": "Eligible firms",
        "deadline": "Deadline",
    },
}


def _instrument_terms(passage: Passage) -> dict[str, Any] | None:
    """An instrument's terms from its chunk's metadata (JSON), if it has any."""
    raw = passage.metadata.get("terms")
    if passage.kind != "instrument" or not raw:
        return None
    try:
        values = json.loads(str(raw))
    except ValueError:
        return None
    return values if isinstance(values, dict) else None


def term_lines(question: str, passage: Passage, language: str) -> list[str]:
    """The instrument's stated terms that the question asks for, as `label: value`."""
    values = _instrument_terms(passage)
    if not values:
        return []
    folded = fold(question)
    labels = TERM_LABELS.get(language, TERM_LABELS["it"])
    # Terms read from the text (`ingest.terms`) are not always right on documents nobody here
    # wrote (BENCHMARKS.md, section 7): the sentences that state them answer instead
    # (`select_sentences` adds them, `asked_terms`); only terms staff stated are quoted first.
    inferred = set(str(passage.metadata.get("inferred", "")).split(","))
    return [
        f"{labels[key]}: {values[key]}"
        for key, pattern in _TERM_INTENTS.items()
        if values.get(key) and f"terms.{key}" not in inferred and pattern.search(folded)
    ]


def asked_terms(question: str, passage: Passage) -> list[tuple[str, ...]]:
    """The instrument's terms (maximum amount, rate, closing date) that the question asks for,
    each as the ways the document may write it: the amount and rate as the terms reader read
    them (stated in its metadata or read from its text), the closing date in the usual forms."""
    values = _instrument_terms(passage)
    if values is None:
        return []
    folded = fold(question)
    asked: list[tuple[str, ...]] = [
        (str(values[key]),)
        for key in ("max_amount", "rate")
        if values.get(key) and _TERM_INTENTS[key].search(folded)
    ]
    until = passage.valid_until
    if until is not None and _TERM_INTENTS["deadline"].search(folded):
        asked.append(written_dates(until))
    return asked


_MONTHS = {
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre "
    "dicembre".split(),
    "en": "january february march april may june july august september october november "
    "december".split(),
}


def _states(text: str, forms: tuple[str, ...]) -> bool:
    """Whether a sentence writes one of the forms, whole: "1 marzo 2027" is not in "31 marzo
    2027", nor "5%" in "15%"."""
    folded = " ".join(text.lower().split())
    return any(
        re.search(rf"(?<![\d.,/]){re.escape(form.lower())}(?![\d])", folded) for form in forms
    )


def written_dates(date: dt.date) -> tuple[str, ...]:
    """The ways Italian and English texts write a date, lowercased: `31/03/2027`,
    `31.03.2027`, `31 marzo 2027`, `1° marzo 2027`, `March 31, 2027`, `31st March 2027`,
    `2027-03-31`."""
    d, m, y = date.day, date.month, date.year
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(d % 10 if d not in (11, 12, 13) else 0, "th")
    forms = {f"{d}{sep}{m}{sep}{y}" for sep in "/.-"}
    forms |= {f"{d:02d}{sep}{m:02d}{sep}{y}" for sep in "/.-"}
    forms.add(date.isoformat())
    for names in _MONTHS.values():
        month = names[m - 1]
        forms |= {f"{d} {month} {y}", f"{d}° {month} {y}", f"{d}{suffix} {month} {y}"}
        forms |= {f"{month} {d}, {y}", f"{month} {d} {y}", f"{month} {d}{suffix}, {y}"}
    return tuple(sorted(forms))


# What kind of fact a question asks for, from its interrogatives and quantity words, and what
# kind of fact a sentence holds, from its numbers: a "quanto" question wants the amount.
_WANTS: dict[str, re.Pattern[str]] = {
    "amount": re.compile(
        r"\b(quant[oiae]|massim|minim|importo|cifra|cost[oa]|prezz|how (much|many)|maximum|"
        r"minimum|amount|cost|fee|price|max|min|cap|ceiling|tetto|plafond)\b"
    ),
    "percent": re.compile(
        r"(%|\b(percentual|tasso|tassi|quota|rate|percent|percentage|share|copertura|cover))"
    ),
    "date": re.compile(
        r"\b(quando|entro|scadenz|scade|fino a|data|when|deadline|until|by when|close|closes|"
        r"closing|apre|apertura|opens?|chiude)"
    ),
    "duration": re.compile(r"\b(durata|dura|quanto tempo|how long|duration|anni|mesi|years)"),
    "count": re.compile(r"\b(quant[ie]|how many|numero|number of)\b"),
}
_HOW_MUCH = re.compile(r"\b(quant[oa]|how much)\b")
#: The words of `_WANTS["amount"]` that ask for money whatever else is asked.
_AMOUNT_WORDS = re.compile(
    r"\b(massim|minim|importo|cifra|cost[oa]|prezz|maximum|minimum|amount|cost|fee|price|max|"
    r"min|cap|ceiling|tetto|plafond|euro)"
)
_MONTH_WORDS = (
    "gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|"
    "dicembre|january|february|march|april|may|june|july|august|september|october|november|"
    "december"
)
_HOLDS: dict[str, re.Pattern[str]] = {
    "amount": re.compile(
        r"(€|\$|£|\b(euro|eur|usd|mila|milioni|million|thousand)\b|\d[.,]\d{3})", re.IGNORECASE
    ),
    "percent": re.compile(r"(\d\s?%|per ?cento|percent)", re.IGNORECASE),
    "date": re.compile(
        rf"(\d{{1,2}}\s+({_MONTH_WORDS})|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}}|"
        rf"({_MONTH_WORDS})\s+\d{{4}})",
        re.IGNORECASE,
    ),
    "duration": re.compile(
        r"\d+\s*(anni|anno|mesi|mese|giorni|settimane|years?|months?|days?|weeks?)\b",
        re.IGNORECASE,
    ),
    "count": re.compile(r"\d"),
}


def is_heading(text: str) -> bool:
    """A title, subtitle or running header rather than a sentence: short, not closed by
    punctuation, and not a table row (`header: value; …`)."""
    stripped = text.rstrip()
    return (
        len(stripped.split()) <= 15
        and not stripped.endswith((".", "!", "?", ":", ";", "»", '"'))
        and ": " not in stripped
    )


def wanted_facts(question: str) -> set[str]:
    """The kinds of fact the question asks for (amount, percent, date, duration)."""
    folded = fold(question)
    wanted = {kind for kind, pattern in _WANTS.items() if pattern.search(folded)}
    if _HOW_MUCH.search(folded):
        wanted.add("percent")  # "quanto è l'IVA?": a quantity may be a share
    return wanted


def asked_kinds(question: str) -> set[str]:
    """The kinds of fact a question asks for in its own words, each a part of its answer: not
    the share a bare "quanto" may be; no count (a sentence cannot be told to hold one apart);
    no amount for a count or a duration asked with "quanti" ("quanti giorni dura?", "quante
    imprese?") unless money is named."""
    folded = fold(question)
    kinds = {k for k, p in _WANTS.items() if p.search(folded)} - {"count"}
    if (kinds & {"duration"} or _WANTS["count"].search(folded)) and not _AMOUNT_WORDS.search(
        folded
    ):
        kinds.discard("amount")
    return kinds


def holds_fact(text: str, wanted: set[str]) -> bool:
    """Whether a sentence holds one of the wanted kinds of fact."""
    return any(_HOLDS[kind].search(text) for kind in wanted)


@dataclass(frozen=True, slots=True)
class SentenceWeights:
    """How the answer's sentences are chosen (tuned on the tuning sets, see BENCHMARKS.md)."""

    lexical: float = 1.0
    fact: float = 0.3
    passage: float = 0.5
    #: Sentences within this score of the best one join the answer.
    margin: float = 0.3
    #: Documents whose sentences compete, and how far below the best one they may score.
    documents: int = 2
    document_gap: float = 0.1
    #: Bonus for a sentence of a passage that retrieval ranked among the best.
    retrieved: float = 0.1
    sentences: int = MAX_SENTENCES
    #: When no chosen sentence holds the kind of fact asked for, the first of the next
    #: `complete` sentences after the best one that does joins the answer (0: never).
    complete: int = 2
    #: When no chosen sentence states the term asked for (an instrument's maximum amount or
    #: rate, as the terms reader read it at ingest: `ingest.terms`, or a call's closing date),
    #: the best sentence that states it, of the document of the best sentence, joins the answer.
    terms: bool = True
    #: A question of several parts ("% e tetto?", "when and how much?"): for each kind of fact
    #: it asks for that no chosen sentence holds, the best sentence that holds it, of the
    #: document of the best sentence, joins the answer, if it scores within this of the best
    #: (0: never).
    each_fact: float = 0.6


@dataclass(slots=True)
class _Candidate:
    text: str
    passage_rank: int
    position: int
    score: float


def _join_missing(
    chosen: list[_Candidate],
    candidates: list[_Candidate],
    lead_rank: int,
    holds: Callable[[str], bool],
    floor: float = -math.inf,
) -> None:
    """When no chosen sentence `holds` what was asked, the best candidate of the lead document
    that does (and scores at least `floor`) joins them; candidates are sorted best first."""
    if any(holds(c.text) for c in chosen):
        return
    for cand in candidates:
        if cand.passage_rank == lead_rank and cand.score >= floor and holds(cand.text):
            chosen.append(cand)
            return


def select_sentences(
    question: str,
    passages: list[Passage],
    doc_units: dict[str, list[Unit]],
    index: LexicalIndex,
    *,
    language: str,
    boilerplate: frozenset[str] = frozenset(),
    max_words: int = MAX_WORDS,
    weights: SentenceWeights | None = None,
    intent: str | None = None,
    translation: str = "",
) -> list[tuple[str, Passage]]:
    """The sentences that best answer the question, in reading order, with their passage.

    Every unit of the best documents is scored by its similarity to the question (its vector
    was written at ingest), by the rarity-weighted question terms it holds (in the question's
    language, or across languages through `translation`, the question's words in the other
    language that retrieval found: `Retrieval.translation`), by whether it holds the kind of fact
    asked for, and by how good its document is. Terms that name the document (its title) tell
    which document it is, not which sentence answers, so they do not count within a document;
    its tags do: they list topics that some of its sentences are about ("iva").
    """
    w = weights or SentenceWeights()
    if not passages:
        return []
    # A follow-up that asks something of its own ("and the deadline?") is answered by the
    # sentences that hold its words: the earlier turn's words found the document already.
    asked = intent or question
    own_terms = set(terms(asked)) | set(terms(synonyms(asked)))
    cross_terms = cross_language_terms(own_terms, translation, index)
    wanted = (wanted_facts(intent) if intent else set()) or wanted_facts(question)
    top = passages[0].score
    first: dict[str, tuple[int, Passage]] = {}
    retrieved = {p.chunk_id for p in passages}
    for rank, passage in enumerate(passages):
        first.setdefault(passage.doc_id, (rank, passage))
    candidates: list[_Candidate] = []
    for doc_rank, (doc_id, (rank, passage)) in enumerate(first.items()):
        if doc_rank >= w.documents or passage.score < top - w.document_gap:
            continue
        q_terms = own_terms if passage.language == language else cross_terms
        naming = set(terms(passage.title))
        q_weights = {t: index.idf(t) if t in index.doc_freq else 1.0 for t in q_terms}
        focus = {t: x for t, x in q_weights.items() if t not in naming} or q_weights
        total = sum(focus.values()) or 1.0
        units = doc_units.get(doc_id) or [
            Unit(passage.chunk_id, i, u, passage.dense)
            for i, u in enumerate(answer_units(passage.text))
        ]
        for position, unit in enumerate(units):
            if is_heading(unit.text) or (boilerplate and sentence_key(unit.text) in boilerplate):
                continue
            s_terms = term_set(unit.text)
            overlap = sum(x for t, x in focus.items() if t in s_terms) / total
            score = unit.similarity + w.lexical * overlap + w.passage * (passage.score - top)
            if unit.chunk_id in retrieved:
                score += w.retrieved
            if wanted and holds_fact(unit.text, wanted):
                score += w.fact
            if len(unit.text.split()) > 60:
                score -= 0.05
            candidates.append(_Candidate(unit.text, rank, position, score))
    if not candidates:
        return []
    candidates.sort(key=lambda c: -c.score)
    chosen: list[_Candidate] = []
    words = 0
    best = candidates[0].score
    for cand in candidates:
        n = len(cand.text.split())
        if chosen and (cand.score < best - w.margin or words + n > max_words):
            continue
        if any(cand.text == c.text for c in chosen):
            continue
        chosen.append(cand)
        words += n
        if len(chosen) >= w.sentences or words >= max_words:
            break
    if wanted and w.complete and not any(holds_fact(c.text, wanted) for c in chosen):
        # The best sentence names the thing but not the figure asked for: the figure is
        # usually in the sentence or table row right after it.
        lead = chosen[0]
        following = [
            c
            for c in candidates
            if c.passage_rank == lead.passage_rank
            and 0 < c.position - lead.position <= w.complete
            and holds_fact(c.text, wanted)
        ]
        if following:
            chosen.append(min(following, key=lambda c: c.position))
    lead_rank = chosen[0].passage_rank
    kinds = asked_kinds(asked)
    if w.each_fact and len(kinds) > 1:
        for kind in sorted(kinds):
            _join_missing(
                chosen,
                candidates,
                lead_rank,
                partial(holds_fact, wanted={kind}),
                floor=best - w.each_fact,
            )
    if w.terms:
        for forms in asked_terms(asked, passages[lead_rank]):
            _join_missing(chosen, candidates, lead_rank, partial(_states, forms=forms))
    chosen.sort(key=lambda c: (c.passage_rank, c.position))
    return [(c.text, passages[c.passage_rank]) for c in chosen]
