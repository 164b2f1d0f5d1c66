"""The figures of a text (amounts and percentages) with what names each: its label (a
`label: value` line, a table's column header, a row's first cell) or the words just before it,
and the cues those words give (`_CUES`): the most a firm gets, a minimum, a budget or a
turnover, a price, a share, an advance, a tax; a signed or raised change of a rate, a clause of
what is not paid for, a cap counted by a part of what a firm does. `ingest.terms` reads an
instrument's terms from them by meaning; `ingest.metadata` asks whether a text states terms.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.amounts import AMOUNT, PERCENT

_FIGURE = re.compile(f"{AMOUNT.pattern}|{PERCENT.pattern}", re.IGNORECASE)
_PER_YEAR = re.compile(
    r"[ \t]+(?:annu[oa]|all'anno|l'anno|su base annua|per (?:year|annum)|p\.a\.|a year|"
    r"yearly)(?![\w'’])",
    re.IGNORECASE,
)
# What the words of a label, or the words just before a figure, say it is, in Italian and
# English: the most a firm gets; a minimum or a threshold to qualify; a call's whole budget or a
# firm's turnover (conditions, not what a firm gets); the price of a loan, guarantee or
# insurance; the share of the costs a grant covers; an advance on what is granted.
_TURNOVER = r"fatturato|ricavi|turnover|revenue"
_CUES: dict[str, re.Pattern[str]] = {
    "max": re.compile(
        r"massim|\bmax\b|fino a|non pu[oò] superare|non superiore|tetto|\blimite|up to|"
        r"maximum|\bcap\b|not exceed|no more than|at most|\blimit|"
        # A negation before "more than" in its clause: "no company may receive more than",
        # "nessuna impresa può ricevere più di".
        r"\b(?:no|not|never|nessun[oa]?|non)\b(?:\s+[\w'’]+){0,4}?\s+(?:more than|pi[uù] d)",
        re.IGNORECASE,
    ),
    "min": re.compile(
        r"minim|almeno|non inferiore|at least|not less than|no less than|\bover\b|oltre|"
        r"(?<!non )superiore a|above|(?<!no )(?<!not )more than",
        re.IGNORECASE,
    ),
    "budget": re.compile(
        r"dotazion|stanziament|budget|complessiv|in totale|overall|total|allocat|"
        rf"risorse|resources|di cui|of which|{_TURNOVER}",
        re.IGNORECASE,
    ),
    "price": re.compile(
        # "tasso" and "rate" alone, or of interest: not a grant's "tasso di contribuzione" nor
        # a loan's "rate" (instalments) nor "growth rate".
        r"\btass[oi]\b(?! di (?!interess))|\brates?\b(?=\s*[:|]|\s*$)|\binteress[ei]\b|"
        r"commission|\bprem(?:io|i)\b|spread|\bTAN\b|\bTAEG\b|\binterest\b|\bfees?\b|"
        r"premium|pricing|\bAPR\b|\bcost[oi]? (?:del|della|dello|dell['’]|of)\b",
        re.IGNORECASE,
    ),
    "share": re.compile(
        r"contribut|fondo perduto|copr|copertura|quota|percentuale|intensit|rimbors|grant|"
        r"\bcover|share|refund|reimburs|subsid|funding rate",
        re.IGNORECASE,
    ),
    "advance": re.compile(r"anticip|acconto|\badvances?\b|down payment|prepayment", re.IGNORECASE),
    # A tax on what is paid (VAT, the tax on insurance premiums): not a rate of the instrument.
    "tax": re.compile(
        r"\b(?:aliquota(?: iva)?|iva (?:al|del)|vat (?:at|rate|of)|tax on|"
        r"imposta sul(?:le|la|lo|l['’])? (?:assicurazion|premi)\w*)\b",
        re.IGNORECASE,
    ),
}
#: A rate raised or lowered for some firms, just before its figure: "la percentuale è elevata al
#: 40% per le imprese giovanili", "the share rises to 60%", "uno sconto del 10% sul premio".
_RAISED = re.compile(
    r"\b(?:elevat[oaie]|maggiorat[oaie]|aumentat[oaie]|incrementat[oaie]|ridott[oaie]|sale|"
    r"scende|raised|increased|reduced|lowered|rises|goes up|falls|drops|"
    r"(?<!tasso di )sconto|riduzione|maggiorazione|discount|reduction|surcharge)\s+"
    r"(?:(?:al|allo|alla|all['’]|a|to|by|of|di|del|dello|della|fino al)\s*)?$",
    re.IGNORECASE,
)
#: A clause that says what the instrument does not pay for ("platform commissions, 3% to 8%,
#: are not covered", "le spese di viaggio non sono ammissibili"): its figures are not its terms.
_EXCLUDED = re.compile(
    r"\b(?:are|is) not (?:eligible|covered|reimbursed|funded|financed)|"
    r"\bnot (?:eligible|covered)\b|\bineligible\b|\bexcluded from\b|"
    r"\bnon (?:sono |è |e )?(?:ammissibil|ammess|copert|rimborsabil|finanziabil|agevolabil)\w*|"
    r"\b(?:sono|è) esclus[eoia]\b",
    re.IGNORECASE,
)
#: What parts a figure from a clause of exclusion: "il 50% delle spese, ma l'IVA non è
#: ammissibile", "€ 50.000 (le spese di viaggio non sono ammissibili)".
_CONTRAST = re.compile(r"\b(?:ma|però|mentre|but|while|whereas|however)\b|[()]", re.IGNORECASE)


def _excluded(text: str, start: int, end: int) -> bool:
    """Whether the clause a figure stands in says the instrument does not pay for it: an
    exclusion phrase before or after it, with no contrast between them."""
    return any(
        not _CONTRAST.search(text[m.end() : start] if m.end() <= start else text[end : m.start()])
        for m in _EXCLUDED.finditer(text)
    )


#: What a firm gets, each: a total "per impresa" is a firm's maximum, not a call's budget. A
#: policy, a loan names the firm by its part in it: the insured, the borrower.
_PER_FIRM = re.compile(
    r"\b(?:per|a|ad|ogni|ciascuna?) (?:singol[oa] )?(?:impresa|azienda|beneficiario|richiedente|"
    r"assicurat[oa]|contraente|mutuatari[oa])\b|"
    r"\b(?:per|each|a) (?:single )?(?:company|firm|business|beneficiary|applicant|"
    r"policyholder|insured|borrower)\b",
    re.IGNORECASE,
)
# "da € 10.000 a € 50.000", "from 20% to 60%": the lower end of a range is its minimum.
# "tra il 30% e il 50%": an article may follow the words of a range.
ARTICLE = r"(?:(?:il|lo|l['’])\s*)?"
_RANGE_TO = re.compile(
    rf"\s*(?:a|al|allo|alla|all['’]|fino a|to|up to|-|–|e|and)\s*{ARTICLE}$", re.IGNORECASE
)
_RANGE_FROM = re.compile(
    rf"(?:\bda|\bdal(?:lo|la|l['’])?|\bfrom|\btra|\bbetween)\s*{ARTICLE}$", re.IGNORECASE
)
_DASH = re.compile(r"\s*[-–]\s*")
# The longer word first ("al" is not "a" before "l 50%"), a word whole.
_RANGE_NEXT = re.compile(
    rf"\s*(?:(?:fino al?|up to|allo|alla|al|a|to|and|e)\b|all['’]|[-–])\s*{ARTICLE}",
    re.IGNORECASE,
)
# `Maximum loan: EUR 150,000`, `- Importo: fino a 12.000 euro`: a short label before a colon.
_LABEL = re.compile(r"\s*(?:[-–•*]\s*)?([^:;]{2,80}?)\s*:\s+")
#: A label's value may start with a few words before its figure ("fino a", "from … to").
_LEAD_WORDS = 6
_CUE_WINDOW = 80


@dataclass(frozen=True)
class Figure:
    """An amount or percentage of a unit and what the text says it is."""

    unit: int
    position: int  #: where it starts in the unit
    written: str  #: as the document writes it
    #: What states what it is: its label (a `label: value` line, a table's column header, a
    #: row's first cell), else nothing: then its unit's sentence does.
    labels: tuple[str, ...]
    cues: frozenset[str]  #: what the words of its label or just before it say (`_CUES`)
    #: A clause's figures are values of one thing ("from EUR 25,000 to EUR 400,000"), as are a
    #: label's (a table's column): for a labelled figure, empty (its label names the group).
    group: str


def figures(
    units: Sequence[str], pattern: re.Pattern[str], headings: Sequence[str] = ()
) -> list[Figure]:
    """The figures `pattern` finds in each unit, with their labels and cues; a unit's section
    heading (`headings`, by unit) says what a figure is when neither a label nor the words
    before it do ("Interest rate" over "The loan carries a base rate of 0.60%")."""
    out: list[Figure] = []
    # A percentage "of the turnover" is the basis of a premium or a condition on exports
    # ("almeno il 20% del fatturato estero": its "almeno" says so), not a turnover: the turnover
    # words do not name it. A tax rate (VAT, the tax on premiums) names no amount.
    skip = frozenset({"budget"}) if pattern is PERCENT else frozenset({"tax"})
    for index, text in enumerate(units):
        heading = headings[index] if index < len(headings) else ""
        segments = split_clauses(text)
        # A table row names its value twice: `Item: Maximum loan; Condition: EUR 150,000` by
        # its first cell, `Size: Micro; Annual fee: 0.10%` by its column's header (and a wider
        # table's `Term: Guarantee fee; Standard: 0.75%; Innovative: 0.75%` alike). Which one
        # says what the value is, the reader tells by meaning (`TermsReader.read`).
        row_label = (
            segments[0].value.strip()
            if len(segments) >= 2
            and all(s.label for s in segments)
            and not _FIGURE.search(segments[0].value)
            else None
        )
        for seg in segments:
            for match in pattern.finditer(seg.text):
                before = seg.text[: match.start()]
                previous = list(_FIGURE.finditer(before))
                lead = before[previous[-1].end() :] if previous else before
                cues: set[str] = set()
                # A range: "from … to …", or two figures joined by a dash ("30%-50%").
                if previous and (
                    _DASH.fullmatch(lead)
                    or (
                        _RANGE_TO.fullmatch(lead)
                        and _RANGE_FROM.search(before[: previous[-1].start()])
                    )
                ):
                    cues.add("max")  # the upper end of a range
                    # What the range is, the words before it say ("il premio va dallo …").
                    lead = before[
                        previous[-2].end() if len(previous) > 1 else 0 : previous[-1].start()
                    ]
                following = _RANGE_NEXT.match(seg.text, match.end())
                if (
                    following
                    and _FIGURE.match(seg.text, following.end())
                    and (_RANGE_FROM.search(before) or _DASH.fullmatch(following.group(0)))
                ):
                    cues.add("min")  # the lower end
                if _PER_YEAR.match(seg.text, match.end()):
                    cues.add("price")  # a share of costs is not paid by the year; a price is
                if _SIGN.search(before):
                    cues.add("change")  # "+0,20%": an increase or a reduction of a rate
                if _RAISED.search(before[-_CUE_WINDOW:]):
                    cues.add("change")  # "elevata al 40%": the rate some firms get instead
                if _excluded(seg.text, match.start(), match.end()):
                    cues.add("excluded")
                if _per_part(seg.text[match.end() :], after=True):
                    cues.add("part")  # "€ 80.000 per progetto": a cap of a part, not a firm's
                elif _per_firm(seg.text[match.end() :]):
                    cues.add("firm")  # "€ 25.000 per impresa": a firm's, in its own words
                lead_in_value = before[seg.value_start :]
                if (
                    seg.label
                    and match.start() >= seg.value_start
                    and len(lead_in_value.split()) <= _LEAD_WORDS
                ):
                    # What the figure is counted by belongs to its name: `cap: EUR 250k per
                    # company` is a cap per company.
                    per = _PER_AFTER.match(seg.text, match.end())
                    label = f"{seg.label} {per.group(0).strip()}" if per else seg.label
                    labels: tuple[str, ...] = (label,)
                    if row_label is not None and seg.start > 0:
                        labels = (label, row_label)
                    # A row's first cell of a wider table describes the row's case ("Micro, con
                    # almeno un bilancio"), not each figure: its words give no cue there.
                    named_by = labels if len(segments) == 2 else (label,)
                    heads = {c for x in named_by if (c := _head_cue(x))}
                    cues |= heads
                    if _CUES["max"].search(seg.label) and "min" not in heads:
                        cues.add("max")  # `Contributo massimo`: a grant's, and its largest
                    if _per_part(seg.label, after=False):
                        cues.add("part")  # `Maximum grant per fair`
                    said = None if heads else _last_cue(lead_in_value, skip)
                    group = ""  # its label's, the one that says what it is
                else:
                    labels = ()
                    said = _last_cue(lead[-_CUE_WINDOW:], skip)
                    window = before[-_CUE_WINDOW:]
                    if _CUES["budget"].search(window) and not (
                        said == "max"
                        and _PER_FIRM.search(seg.text)
                        and not re.search(_TURNOVER, window, re.IGNORECASE)
                    ):
                        # A call's budget or a firm's turnover; not a firm's total that "may
                        # not exceed" a figure "per firm".
                        cues.add("budget")
                    if said is None and heading:
                        said = _head_cue(heading)
                    group = f"clause:{index}:{seg.start}"
                if said:
                    cues.add(said)
                written = match.group(0)
                out.append(
                    Figure(
                        index, seg.start + match.start(), written, labels, frozenset(cues), group
                    )
                )
    return out


#: A sign glued to a percentage: an increase or a reduction of a rate (`+0,20%`, `-0.10%`).
_SIGN = re.compile(r"(?:^|[\s(:;|])[+\-−]$")
#: "per fair", "per singola fiera", "for each project": what an amount is counted by, just
#: after it or at the end of its label; a bare noun, as counting writes it: "per l'intera
#: durata del bando" (for the whole call) counts nothing.
_PER = (
    r"(?:per|each|for each|ogni)\s+(?!(?:il|lo|la|i|gli|le|un|uno|una|the|an?)\b|l['’])"
    r"(?:singol[oa]\s+|single\s+)?([^\W\d_]+)"
)
_PER_AFTER = re.compile(rf"\s*{_PER}", re.IGNORECASE)
_PER_END = re.compile(rf"\b{_PER}\s*$", re.IGNORECASE)
#: What a firm's own cap is counted by: the firm (the insured, the borrower), or a period of
#: time.
_FIRM_WORDS = (
    r"impres|aziend|beneficiar|richiedent|soggett|compan|firm|business|applicant|enterpris|"
    r"assicurat|contraent|mutuatari|policyholder|insured|borrower"
)
_WHOLE = re.compile(
    rf"{_FIRM_WORDS}|ann[oi]|annu|year|esercizi|period|mes[ei]|month", re.IGNORECASE
)
_FIRM = re.compile(_FIRM_WORDS, re.IGNORECASE)


def _per_firm(text: str) -> bool:
    """Whether the words just after an amount count it by the firm (`per impresa`, `per
    company`), not by a period."""
    m = _PER_AFTER.match(text)
    return m is not None and _FIRM.match(m.group(1)) is not None


def _per_part(text: str, *, after: bool) -> bool:
    """Whether an amount is counted by a part of what a firm does (a fair, a project, an
    event), from the words just after it or at the end of its label; not by the firm (`per
    impresa`) nor by a period (`per year`)."""
    m = (_PER_AFTER.match if after else _PER_END.search)(text)
    return m is not None and not _WHOLE.match(m.group(1))


@dataclass(frozen=True)
class _Segment:
    start: int  #: where it starts in its unit
    text: str
    label: str | None  #: `Maximum loan` in `Maximum loan: EUR 150,000`
    value_start: int  #: where the label's value starts in `text` (0 without a label)

    @property
    def value(self) -> str:
        return self.text[self.value_start :]


def split_clauses(text: str) -> list[_Segment]:
    """A unit's clauses (`; `-separated, a table row's cells; ` · `-separated, the fields a
    loader read on lines of their own), each with its label: the innermost one (`What you get:
    - Grant share: 60%` is a grant share)."""
    out = []
    start = 0
    for piece in re.split(r"(;\s+|\s+·\s+)", text):
        if not piece.strip(" ;"):
            start += len(piece)
            continue
        label, value_start = None, 0
        while m := _LABEL.match(piece, value_start):
            found = m.group(1).strip()
            if _FIGURE.search(found) or len(found.split()) > 10:
                break
            label, value_start = found, m.end()
        out.append(_Segment(start, piece, label, value_start))
        start += len(piece)
    return out


def _head_cue(label: str) -> str | None:
    """What a label names, from its first cue: `Premio sul fatturato assicurato` is a price,
    `Minimum value of the contract` a minimum."""
    found = [(m.start(), name) for name, p in _CUES.items() for m in [p.search(label)] if m]
    return min(found)[1] if found else None


def _last_cue(text: str, skip: frozenset[str] = frozenset()) -> str | None:
    """What the words just before a figure say of it: the cue nearest to it (of those not in
    `skip`)."""
    # Of cues that end together, the longer says it ("no more than" is no "more than").
    found = [
        (m.end(), -m.start(), name)
        for name, p in _CUES.items()
        if name not in skip
        for m in p.finditer(text)
    ]
    return max(found)[2] if found else None
