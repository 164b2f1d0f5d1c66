"""The extractive composer: the sentences of the retrieved passages that answer the question.

Sentences are scored by the question's terms they contain (weighted by rarity, with the Italian
glossary for English questions), by the rank of their passage, and by whether they carry the kind
of fact asked for (an amount, a percentage, a date). The best few, about 120 words, are quoted
verbatim, so amounts, dates and percentages are never altered, in the order they appear in the
documents, each followed by its source number.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from knowledge.entities import italian_expansion, synonyms
from knowledge.lexical import LexicalIndex, fold, sentence_key, terms
from knowledge.retrieval import Passage
from knowledge.sentences import split_sentences

MAX_WORDS = 120
MAX_SENTENCES = 4
_NUMBER = re.compile(r"\d")
_ASKS_QUANTITY = re.compile(
    r"\b(quant[oiae]|massim[oaie]|max|minim[oa]|tasso|percentual|import|cifra|soglia|durata|"
    r"entro|scadenz|quando|fino a|how (much|many|long)|maximum|minimum|rate|amount|"
    r"percent|share|deadline|when|until|cap|limit)",
)


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


def term_lines(question: str, passage: Passage, language: str) -> list[str]:
    """The instrument's structured terms that the question asks for, as `label: value`."""
    raw = passage.metadata.get("terms")
    if passage.kind != "instrument" or not raw:
        return []
    try:
        values = json.loads(str(raw))
    except ValueError:
        return []
    folded = fold(question)
    labels = TERM_LABELS.get(language, TERM_LABELS["it"])
    return [
        f"{labels[key]}: {values[key]}"
        for key, pattern in _TERM_INTENTS.items()
        if values.get(key) and pattern.search(folded)
    ]


@dataclass(slots=True)
class _Candidate:
    text: str
    passage_rank: int
    position: int
    score: float


def _units(passage: Passage) -> list[str]:
    """Sentences of a passage; a table row becomes `header: value; …`."""
    out: list[str] = []
    header: list[str] | None = None
    for line in passage.text.split("\n"):
        if " | " in line:
            cells = [c.strip() for c in line.split(" | ")]
            if header is None:
                header = cells
                continue
            if len(cells) == len(header):
                out.append("; ".join(f"{h}: {v}" for h, v in zip(header, cells, strict=True) if v))
            else:
                out.append(", ".join(cells))
            continue
        header = None
        sentences = [s for s in split_sentences(line) if len(s.split()) >= 2]
        if out and out[-1].endswith(":") and sentences:
            # A label line ("CIF – Cost, Insurance and Freight:") belongs with what follows.
            sentences[0] = f"{out.pop()} {sentences[0]}"
        out.extend(s for s in sentences if len(s.split()) >= 3)
    return out


def select_sentences(
    question: str,
    passages: list[Passage],
    index: LexicalIndex,
    *,
    language: str,
    boilerplate: frozenset[str] = frozenset(),
    max_words: int = MAX_WORDS,
) -> list[tuple[str, Passage]]:
    """The sentences that best answer the question, in reading order, with their passage.

    Question terms that name the passage's document (its title, tags) tell which document it
    is, not which sentence answers; within a passage only the other terms pick sentences.
    """
    q_terms = set(terms(question)) | set(terms(synonyms(question)))
    if language == "en":
        q_terms |= set(terms(italian_expansion(question)))
    weights = {t: index.idf(t) if t in index.doc_freq else 1.0 for t in q_terms}
    wants_number = bool(_ASKS_QUANTITY.search(fold(question)))

    candidates: list[_Candidate] = []
    # Stay with the passages that are nearly as good as the best: a focused answer.
    floor = passages[0].score * 0.85 if passages else 0.0
    for rank, passage in enumerate(passages[:4]):
        if passage.score < floor:
            continue
        naming = set(terms(f"{passage.title} {passage.metadata.get('tags', '')}"))
        focus = {t: w for t, w in weights.items() if t not in naming} or weights
        total = sum(focus.values()) or 1.0
        heading_terms = set(terms(passage.heading_path))
        for position, text in enumerate(_units(passage)):
            if sentence_key(text) in boilerplate:
                continue
            s_terms = set(terms(text))
            overlap = sum(w for t, w in focus.items() if t in s_terms) / total
            heading = sum(w for t, w in focus.items() if t in heading_terms) / total
            score = overlap + 0.3 * heading + 0.25 * passage.score - 0.08 * rank
            if wants_number and _NUMBER.search(text):
                score += 0.3
            n_words = len(text.split())
            if n_words > 60:
                score -= 0.1
            candidates.append(_Candidate(text, rank, position, score))
    if not candidates:
        return []
    candidates.sort(key=lambda c: -c.score)
    chosen: list[_Candidate] = []
    words = 0
    best = candidates[0].score
    for cand in candidates:
        n = len(cand.text.split())
        if chosen and (cand.score < best * 0.55 or words + n > max_words):
            continue
        if any(cand.text == c.text for c in chosen):
            continue
        chosen.append(cand)
        words += n
        if len(chosen) >= MAX_SENTENCES or words >= max_words:
            break
    chosen.sort(key=lambda c: (c.passage_rank, c.position))
    return [(c.text, passages[c.passage_rank]) for c in chosen]
