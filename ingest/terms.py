"""An instrument's terms read from its text by meaning, when its metadata does not state them.

Each amount and percentage is read with what names it: its label when the document gives one
(`Importo massimo: 2.500.000 euro`, a table's column header, a table row's first cell), else
its sentence, and its section's heading when its sentence's words say nothing of
it ("Interest rate" over "The loan carries 0.60% per year"). The maximum amount is the amount
whose label (or sentence) is closest in meaning to "the maximum amount of the grant or loan per
firm"; the rate is the price of the instrument (a loan's interest, a guarantee's fee, a
policy's premium) when it states one, else the share of the costs a grant covers; the deadline
is the closing date of the call (its validity window). A few words of either language say
what a figure is not: a minimum, the lower end of a range, a call's budget (unless it is a
firm's total "per impresa" that may not be exceeded), a firm's turnover, an advance, a
signed change of a rate (`+0,20%`) or one raised or lowered for some firms ("elevata al
40%", "uno sconto del 10%"), a tax (VAT, the tax on premiums), a figure in a clause of what the
instrument does not pay for ("are not covered", "non sono ammissibili"); a cap counted by a
part of what a firm does ("per fair", "per progetto") yields to a firm's own cap when the text
states one, and an amount counted "per impresa" in its own words counts as much more as one "up
to". The
eligible firms are the opening sentences of the section (or the value of the line) whose
heading is near in meaning to who may apply and nearer to it than to the amount, the eligible
costs or how to apply.

The figures, their labels and what the words before them say are found by `ingest.figures`.
The sentences' vectors are the answer units' own, embedded once at ingest; the descriptions are
embedded once per ingest, in Italian and English, so the same reading holds in both languages;
labels and headings once per reader (a corpus has a few dozen).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

from ingest.amounts import AMOUNT, PERCENT, amount_value
from ingest.figures import ARTICLE, Figure, figures, split_clauses
from knowledge.documents import Chunk, DocumentKind, InstrumentTerms, ParsedDocument
from knowledge.embedders import KnowledgeEmbeddings
from knowledge.units import EmbeddedUnits, embed_units

PROTOTYPES: dict[str, tuple[str, ...]] = {
    # A sentence about the term, and the short label a table or a `label: value` line gives it.
    "max_amount": (
        "importo massimo del contributo o del finanziamento concedibile a ogni impresa",
        "maximum amount of the grant or loan each company can receive",
        "importo massimo per impresa",
        "maximum amount per company",
    ),
    "rate": (
        "tasso di interesse del finanziamento o percentuale delle spese coperta dal contributo",
        "interest rate of the loan or percentage of eligible costs covered by the grant",
        "tasso di interesse annuo o commissione",
        "annual interest rate or fee",
    ),
    # Who may apply: a section's heading or a line's label ("Beneficiari", "Who can apply").
    "eligible_firms": (
        "beneficiari: chi può partecipare al bando",
        "destinatari e requisiti di ammissibilità delle imprese",
        "eligible companies: who can apply",
        "beneficiaries and eligibility requirements",
        "beneficiari",
        "destinatari",
        "eligible companies",
    ),
}
#: What a heading or label near in meaning to who may apply often is instead: what a firm gets,
#: what it may spend on, how it applies, what the call is for. A heading names who may apply
#: when it is nearer to that than to all of these by `ELIGIBLE_MARGIN`.
NOT_ELIGIBLE = (
    "importo del contributo",
    "amount of the grant",
    "spese ammissibili",
    "eligible costs",
    "modalità di presentazione della domanda",
    "application procedure",
    "finalità",
    "purpose",
)
ELIGIBLE_MIN = 0.5
ELIGIBLE_MARGIN = 0.15
CUE_BONUS = 0.2
MARGIN = 0.15
# What qualifies a rate as written ("0,55% annuo fisso", "0.45% per year of the amount"): the
# words of time and kind of a rate, else the few words that close its clause.
_RATE_WORD = (
    r"(?:annu[oa]|annual[ei]?|fiss[oa]|variabile|nominale|effettiv[oa]|lordo|"
    r"all'anno|l'anno|su base annua|per (?:year|annum)|p\.a\.|a year|yearly|annual|fixed|"
    r"floating|variable|gross|una tantum|one-off|one-time|upfront|flat)"
)
# After the first, a comma may join them: "0.70% per year, fixed".
_RATE_WORDS = re.compile(rf"[ \t]+{_RATE_WORD}(?:,?[ \t]+{_RATE_WORD})*(?![\w'’])", re.IGNORECASE)
_QUALIFIER = re.compile(r"(?:[ \t]+[^\W\d_][\w'’]*){1,3}(?=\s*(?:[;,.:)\n·]|$))")


class TermsReader:
    """Reads maximum amount and rate from a document's answer units and their vectors."""

    def __init__(self, embedder: KnowledgeEmbeddings) -> None:
        self.embedder = embedder
        self._prototypes: dict[str, np.ndarray] | None = None
        self._labels: dict[str, np.ndarray] = {}

    def _vectors(self) -> dict[str, np.ndarray]:
        if self._prototypes is None:
            self._prototypes = {
                term: np.asarray(self.embedder.embed_queries(list(texts)), dtype=np.float32)
                for term, texts in {**PROTOTYPES, "not_eligible": NOT_ELIGIBLE}.items()
            }
        return self._prototypes

    def eligible_firms(self, sections: Sequence[tuple[str, str]]) -> str | None:
        """Who may apply: the text of the section (a heading and its first sentences, or a label
        and its value) whose heading is near in meaning to who may apply (`ELIGIBLE_MIN`), and
        nearer to it than to what a firm gets, what it may spend on or how it applies, by
        `ELIGIBLE_MARGIN`; of those, the one with the widest margin."""
        sections = [(h, t) for h, t in sections if h.strip() and len(t.split()) >= 3]
        if not sections:
            return None
        prototypes = self._vectors()
        vectors = self._label_vectors({h for h, _ in sections})
        best: tuple[float, str] | None = None
        for heading, text in sections:
            near = float((prototypes["eligible_firms"] @ vectors[heading]).max())
            margin = near - float((prototypes["not_eligible"] @ vectors[heading]).max())
            if (
                near >= ELIGIBLE_MIN
                and margin >= ELIGIBLE_MARGIN
                and (best is None or margin > best[0])
            ):
                best = (margin, text)
        return " ".join(best[1].split()) if best else None

    def _label_vectors(self, labels: set[str]) -> dict[str, np.ndarray]:
        """Labels' vectors, embedded once per reader (a few dozen distinct labels a corpus)."""
        new = sorted(labels - self._labels.keys())
        if new:
            if len(self._labels) > 5000:
                self._labels.clear()
            # Labels are text of the document: embedded as the units are, as passages.
            vectors = np.asarray(self.embedder.embed_array(new), dtype=np.float32)
            self._labels.update(zip(new, vectors, strict=True))
        return {label: self._labels[label] for label in labels}

    def read(
        self, units: Sequence[str], vectors: np.ndarray, headings: Sequence[str] = ()
    ) -> dict[str, str]:
        """`max_amount` and `rate` as written in the text, for those it states.

        Every amount (percentage) of every unit is a candidate, unless the words of its label or
        just before it say it is a minimum, the lower end of a range, a call's whole budget or a
        firm's turnover (a minimum or an advance). It scores the similarity of its label (else
        its sentence) to the description of the term; an amount "up to", "maximum" scores more,
        and so does one "per impresa", "per company".
        The maximum is the largest value of the best candidate's label or clause (a table's
        column by firm size, "from EUR 25,000 to EUR 400,000"). The rate is a price when the
        text states one ("interest", "fee", "premium", "tasso"), else a share ("covers",
        "grant", "fondo perduto"), else any percentage: of the candidates scoring near the
        best, the first stated (increases and reductions follow the base case), and of its
        label's values the most frequent (the rate most firms get)."""
        if not len(units):
            return {}
        unit_vectors = np.asarray(vectors, dtype=np.float32)
        amounts = [
            f
            for f in figures(units, AMOUNT, headings)
            if not f.cues & {"min", "budget", "excluded"}
        ]
        # A cap per fair or per project is a part of a firm's: the firm's own cap, stated, wins.
        whole = [f for f in amounts if "part" not in f.cues]
        if any("max" in f.cues for f in whole):
            amounts = whole
        percents = [
            f
            for f in figures(units, PERCENT, headings)
            if not f.cues & {"min", "advance", "change", "excluded", "tax"}
        ]
        labels = self._label_vectors({x for f in [*amounts, *percents] for x in f.labels})
        prototypes = self._vectors()

        def described(term: str, f: Figure) -> tuple[float, str]:
            """How close its label (else its sentence) is to the description of the term, and
            the group of figures that are values of the same thing."""
            if not f.labels:
                return float((prototypes[term] @ unit_vectors[f.unit]).max()), f.group
            score, label = max((float((prototypes[term] @ labels[x]).max()), x) for x in f.labels)
            return score, f"label:{label.lower()}"

        found: dict[str, str] = {}
        if amounts:
            scored = [(*described("max_amount", f), f) for f in amounts]
            # The first of equals: `max` keeps it.
            _, group, _ = max(
                ((v + CUE_BONUS * len(f.cues & {"max", "firm"}), g, f) for v, g, f in scored),
                key=lambda s: s[0],
            )
            # The values of one label or clause ("from EUR 25,000 to EUR 400,000", a table's
            # column by firm size): the maximum is the largest.
            best = max(
                (f for _, g, f in scored if g == group),
                key=lambda f: amount_value(f.written) or 0.0,
            )
            found["max_amount"] = best.written.strip()
        # The price of the instrument (a loan's interest, a guarantee's fee, a policy's
        # premium) is its rate; without one, the share of the costs a grant covers.
        for kind in ("price", "share", None):
            pool = [(*described("rate", f), f) for f in percents if kind is None or kind in f.cues]
            if not pool:
                continue
            top_score = max(v for v, _, _ in pool)
            # The base case comes first; increases and reductions follow it.
            group = next(g for v, g, _ in pool if v >= top_score - MARGIN)
            column = [f for _, g, f in pool if g == group]
            # A rate by firm size (a table's column): the one most firms get, else the first.
            counts = Counter(amount_value(f.written) for f in column)
            best = max(column, key=lambda f: counts[amount_value(f.written)])
            found["rate"] = _rate_as_written(units[best.unit], best)
            break
        return found


#: A rate stated as a floor ("a partire dallo 0,18%", "starting at 0.18%") keeps saying so.
_RATE_FLOOR = re.compile(
    r"(?:a partire d(?:a|al|allo|alla|all['’])|starting (?:at|from))\s*$", re.IGNORECASE
)


#: A rate that ends a range ("dal 30% al 50%", "0.25%-0.60%") is written with the range.
_RANGE_START = re.compile(
    rf"(?:(?:\bda(?:l|llo|lla|ll['’])?|\bfrom|\btra|\bbetween)\s+{ARTICLE})?"
    rf"(?:{PERCENT.pattern})\s*(?:(?:a|al|allo|alla|all['’]|to|e|and)\b|[-–])\s*{ARTICLE}$",
    re.IGNORECASE,
)


def _rate_as_written(text: str, figure: Figure) -> str:
    end = figure.position + len(figure.written)
    qualifier = _RATE_WORDS.match(text, end) or _QUALIFIER.match(text, end)
    before = (
        _RANGE_START.search(text, 0, figure.position)
        if "max" in figure.cues
        else _RATE_FLOOR.search(text, 0, figure.position)
    )
    written = (
        (before.group(0) if before else "")
        + figure.written
        + (qualifier.group(0) if qualifier else "")
    )
    return " ".join(written.split())


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
    by_id = {c.id: c for c in chunks}
    # The heading of each unit's section, by chunk: the figures' names and the sections read.
    headed = {cid: _headings(by_id[cid], chunk_units) for cid, (chunk_units, _) in units.items()}
    headings = [h for chunk_headings in headed.values() for h in chunk_headings]
    read = reader.read(texts, np.concatenate([vectors for _, vectors in units.values()]), headings)
    eligible = reader.eligible_firms(_sections(chunks, units, headed))
    if eligible:
        read["eligible_firms"] = eligible
    if meta.valid_until is not None:
        read["deadline"] = meta.valid_until.isoformat()
    added = {k: v for k, v in read.items() if k not in stated}
    if added:
        meta.terms = InstrumentTerms(**stated, **added)
        # One flag per term read (`terms.rate`): stated terms stay stated.
        meta.inferred = sorted({*meta.inferred, *(f"terms.{k}" for k in added)})
    return units


#: What is kept of a section's text: its first sentences (an intro and the first items of its
#: list), up to this many characters.
SECTION_CHARS = 300
#: A label names a field in a few words ("Beneficiari", "Who can apply"); a longer phrase before a
#: colon is a sentence.
_LABEL_WORDS = 5


def _sections(
    chunks: Sequence[Chunk], units: EmbeddedUnits, headed: dict[str, list[str]]
) -> list[tuple[str, str]]:
    """Each heading with the sentences that open its section, and each `label: value` line
    whose value is a phrase (not a table's cell, not a figure with a word or two); `headed`
    holds each chunk's units' headings (`_headings`)."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for chunk in chunks:
        texts = units.get(chunk.id, ([], None))[0]
        headings = headed.get(chunk.id, [])
        for index, (heading, text) in enumerate(zip(headings, texts, strict=True)):
            if heading and heading not in seen:
                seen.add(heading)
                opening = [text]
                for following, under in zip(
                    texts[index + 1 :], headings[index + 1 :], strict=True
                ):
                    if under != heading or len(" ".join([*opening, following])) > SECTION_CHARS:
                        break
                    opening.append(following)
                out.append((heading, " ".join(opening)))
            segments = split_clauses(text)
            if (
                len(segments) == 1
                and segments[0].label
                and len(segments[0].label.split()) <= _LABEL_WORDS
                and len(segments[0].value.split()) >= 5
            ):
                out.append((segments[0].label, segments[0].value))
    return out


#: A short section folded into a chunk keeps its heading as a line of its own ("Interest rate:").
_INLINE_HEADING = re.compile(r"^([^\n:|]{2,80}):[ \t]*$", re.MULTILINE)


def _headings(chunk: Chunk, texts: Sequence[str]) -> list[str]:
    """The heading of the section each of a chunk's units stands in."""
    inline = [(m.start(), m.group(1).strip()) for m in _INLINE_HEADING.finditer(chunk.text)]
    current = chunk.heading_path[-1] if chunk.heading_path else ""
    out, position = [], 0
    for text in texts:
        found = chunk.text.find(text[:30], position)
        if found >= 0:  # a table row is rewritten as `header: value`: it stays where it was
            position = found
        out.append(next((h for start, h in reversed(inline) if start < position), current))
    return out
