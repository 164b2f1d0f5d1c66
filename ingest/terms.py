"""An instrument's terms read from its text by meaning, when its metadata does not state them.

The maximum amount is the amount written in the sentence (or table row) closest in meaning to
"the maximum amount of the grant or loan per firm"; the rate or grant share is the percentage in
the sentence closest to "the interest rate, or the share of the costs the grant covers"; the
deadline is the closing date of the call (its validity window). The sentences' vectors are the
answer units' own, embedded once at ingest; the two descriptions are embedded once per ingest,
in Italian and English, so the same reading holds in both languages.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from knowledge.documents import Chunk, DocumentKind, InstrumentTerms, ParsedDocument
from knowledge.embedders import KnowledgeEmbeddings
from knowledge.units import EmbeddedUnits, embed_units

PROTOTYPES: dict[str, tuple[str, ...]] = {
    "max_amount": (
        "importo massimo del contributo o del finanziamento concedibile a ogni impresa",
        "maximum amount of the grant or loan each company can receive",
    ),
    "rate": (
        "tasso di interesse del finanziamento o percentuale delle spese coperta dal contributo",
        "interest rate of the loan or percentage of eligible costs covered by the grant",
    ),
}
# A number as written in prices: `1.500.000`, `1,500,000`, `1 500 000`, `12.000,50`, `2.5`, never
# glued to a year or an article number before it ("nel 2024 € 3.000", "Art. 3, 25.000 euro").
_NUMBER = (
    r"(?<![\d.,])(?:\d{1,3}(?:[.'\u00a0 ]\d{3})+(?:,\d{1,2})?|\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?"
    r"|\d+(?:[.,]\d{1,2})?)(?![\d])"
)
_SCALE = r"(?:\s?(?:milioni|milione|million|mila|thousand|mln)\b|k\b)?"
AMOUNT = re.compile(
    rf"(?:(?:€|\bEUR\b|\beuro\b)\s?{_NUMBER}{_SCALE}"
    rf"|{_NUMBER}{_SCALE}\s?(?:di\s)?(?:€|\bEUR\b|\beuro\b)(?!\s?\d))",
    re.IGNORECASE,
)
PERCENT = re.compile(r"(?<![\d.,])\d{1,3}(?:[.,]\d{1,2})?\s?%")
# The few words that qualify a rate as written ("0,55% annuo fisso", "0.45% per year"), up to
# the end of its clause: kept with it, so the rate reads as the document states it.
_QUALIFIER = re.compile(r"(?:[ \t]+[^\W\d_][\w'’]*){1,3}(?=\s*(?:[;,.:)\n]|$))")
# What the words just before a figure say of it, in Italian and English.
_MAX_CUE = re.compile(
    r"(massim|\bmax\b|fino a|non pu[oò] superare|tetto|limite|up to|maximum|\bcap\b|"
    r"not exceed|no more than|limit)",
    re.IGNORECASE,
)
_PRICE_CUE = re.compile(
    r"(tasso|interess|commission|premio|costo|\brate\b|interest|fee|premium|pricing)",
    re.IGNORECASE,
)
_SHARE_CUE = re.compile(
    r"(contribut|fondo perduto|copre|copertura|quota|grant|covers?|share)", re.IGNORECASE
)
# An amount that is a call's whole budget, or a firm's turnover (a condition to apply), is not
# the most a firm can get.
_BUDGET = re.compile(
    r"(dotazion|stanziament|budget|complessiv|in totale|overall|total funds|allocat|"
    r"fatturato|ricavi|turnover|revenue)",
    re.IGNORECASE,
)
_CUE_WINDOW = 80
CUE_BONUS = 0.2
PRICE_BONUS = 0.4
MARGIN = 0.15


class TermsReader:
    """Reads maximum amount and rate from a document's answer units and their vectors."""

    def __init__(self, embedder: KnowledgeEmbeddings) -> None:
        self.embedder = embedder
        self._prototypes: dict[str, np.ndarray] | None = None

    def _vectors(self) -> dict[str, np.ndarray]:
        if self._prototypes is None:
            self._prototypes = {
                term: np.asarray(self.embedder.embed_queries(list(texts)), dtype=np.float32)
                for term, texts in PROTOTYPES.items()
            }
        return self._prototypes

    def read(self, units: Sequence[str], vectors: np.ndarray) -> dict[str, str]:
        """`max_amount` and `rate` as written in the text, for those it states.

        Every amount (percentage) of every unit is a candidate, scored by its unit's similarity
        to the description of the term, plus what the words just before it say: "up to",
        "maximum" before an amount; the price of the instrument ("rate", "interest", "fee",
        "premium") before a percentage, and less a grant's share ("covers", "grant"). An amount
        in a unit about a call's whole budget is not a firm's maximum; of the amounts that
        score about as well as the best, the largest is the maximum."""
        if not len(units):
            return {}
        found: dict[str, str] = {}
        for term, prototypes in self._vectors().items():
            similarity = (np.asarray(vectors, dtype=np.float32) @ prototypes.T).max(axis=1)
            #: (score, figure as written, whether a price word comes just before it)
            scored: list[tuple[float, str, bool]] = []
            for text, score in zip(units, similarity, strict=True):
                if term == "max_amount":
                    if _BUDGET.search(text):
                        continue
                    for match in AMOUNT.finditer(text):
                        cue = CUE_BONUS if _MAX_CUE.search(_before(text, match)) else 0.0
                        scored.append((float(score) + cue, match.group(0).strip(), False))
                else:
                    for match in PERCENT.finditer(text):
                        before = _before(text, match)
                        price = _PRICE_CUE.search(before) is not None
                        cue = PRICE_BONUS if price else 0.0
                        if not price and _SHARE_CUE.search(before):
                            cue = CUE_BONUS
                        qualifier = _QUALIFIER.match(text, match.end())
                        written = match.group(0) + (qualifier.group(0) if qualifier else "")
                        scored.append((float(score) + cue, " ".join(written.split()), price))
            if not scored:
                continue
            top = max(v for v, _, _ in scored)
            near = [a for v, a, _ in scored if v >= top - MARGIN]
            best, price = next((a, p) for v, a, p in scored if v == top)
            if term == "rate" and price:
                found[term] = best  # an interest rate or a fee: the one stated
            else:  # the maximum amount, or a grant's largest share
                found[term] = max(near, key=lambda a: amount_value(a) or 0.0)
        return found


def _before(text: str, match: re.Match[str]) -> str:
    return text[max(0, match.start() - _CUE_WINDOW) : match.start()]


def amount_value(text: str) -> float | None:
    """The number an amount stands for: `€ 1,500,000` → 1500000, `12.000 euro` → 12000,
    `5 milioni di euro` → 5000000, `EUR 2.5 million` → 2500000; None when unreadable."""
    m = re.search(_NUMBER, text)
    if m is None:
        return None
    digits = re.sub(r"['\u00a0 ]", "", m.group(0))
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d{1,2})?", digits):
        digits = digits.replace(".", "").replace(",", ".")  # 1.500.000,50
    elif re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d{1,2})?", digits):
        digits = digits.replace(",", "")  # 1,500,000.50
    else:
        digits = digits.replace(",", ".")  # 2,5 or 2.5
    try:
        value = float(digits)
    except ValueError:
        return None
    rest = text[m.end() :].lower()
    if re.match(r"\s?(milion|million|mln)", rest):
        value *= 1_000_000
    elif re.match(r"\s?(mila\b|thousand|k\b)", rest):
        value *= 1_000
    return value


def read_document_terms(
    doc: ParsedDocument, chunks: list[Chunk], reader: TermsReader
) -> EmbeddedUnits:
    """An instrument whose metadata does not state its terms gets them from its text, recorded
    as inferred; returns the answer units embedded for it by chunk id, for the store to keep."""
    meta = doc.meta
    stated = meta.terms.model_dump(exclude_none=True) if meta.terms else {}
    if meta.kind != DocumentKind.INSTRUMENT or {"max_amount", "rate"} <= set(stated):
        return {}
    embedder = reader.embedder
    units = embed_units(((c.id, c.text) for c in chunks), embedder.embed_array, embedder.dimension)
    texts = [t for chunk_units, _ in units.values() for t in chunk_units]
    if not texts:
        return {}
    read = reader.read(texts, np.concatenate([vectors for _, vectors in units.values()]))
    if meta.valid_until is not None:
        read["deadline"] = meta.valid_until.isoformat()
    added = {k: v for k, v in read.items() if k not in stated}
    if added:
        meta.terms = InstrumentTerms(**stated, **added)
        # One flag per term read (`terms.rate`): stated terms stay stated.
        meta.inferred = sorted({*meta.inferred, *(f"terms.{k}" for k in added)})
    return units
