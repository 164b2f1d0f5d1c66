"""Metadata as staff write it: Italian or English keys and values, or none at all.

`read_fields` maps what a front matter, caption or sidecar states onto the schema's fields
(`titolo` → title, `tipo: bando` → instrument, `paese: Messico` → MX, `31 marzo 2027` → a date).
A value it cannot understand is dropped with a warning that names the field, the value and what
would be understood; it never costs the document. `infer_fields` fills what was not stated from
the content: the country a document is about (its title, else the country its text keeps
naming), the kind (a country guide, a call with amounts and deadlines), and the validity window
of a call from the dates its text gives for applications.

Dates are read with `dateparser` (Italian and English), country names with the project's
Italian/English country table and `pycountry` (ISO names and codes).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import Counter
from functools import lru_cache
from typing import Any

from ingest.amounts import AMOUNT, PERCENT
from ingest.figures import figures
from knowledge.documents import DocumentKind
from knowledge.entities import find_countries
from knowledge.lexical import fold

log = logging.getLogger(__name__)

_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("titolo", "nome", "name", "title"),
    "kind": ("tipo", "tipologia", "categoria", "genere", "kind", "type", "category"),
    "language": ("lingua", "idioma", "language", "lang"),
    "country": ("paese", "nazione", "stato", "country", "paesi", "countries"),
    "updated": (
        "aggiornato",
        "aggiornamento",
        "data aggiornamento",
        "ultimo aggiornamento",
        "data",
        "updated",
        "last updated",
        "date",
    ),
    "valid_from": (
        "valido dal",
        "valido da",
        "valida dal",
        "apertura",
        "data apertura",
        "dal",
        "inizio",
        "valid from",
        "opens",
        "opening",
        "start",
    ),
    "valid_until": (
        "valido fino",
        "valido fino al",
        "valido al",
        "valida fino",
        "scadenza",
        "chiusura",
        "data chiusura",
        "fino al",
        "valid until",
        "valid to",
        "deadline",
        "expires",
        "closes",
        "closing",
        "end",
    ),
    "source_url": ("fonte", "link", "url", "sito", "source", "source url"),
    "tags": ("tag", "tags", "parole chiave", "keywords", "etichette"),
    "terms": ("termini", "condizioni", "terms", "conditions"),
}
_TERM_KEYS: dict[str, tuple[str, ...]] = {
    "max_amount": (
        "importo massimo",
        "massimale",
        "importo",
        "contributo massimo",
        "finanziamento massimo",
        "max amount",
        "maximum amount",
    ),
    "rate": ("tasso", "aliquota", "percentuale", "quota", "rate", "grant share"),
    "eligible_firms": (
        "beneficiari",
        "destinatari",
        "chi puo",
        "imprese ammissibili",
        "soggetti ammissibili",
        "eligible firms",
        "eligible",
        "beneficiaries",
    ),
    "deadline": ("scadenza", "termine", "deadline"),
}
_KINDS: dict[DocumentKind, tuple[str, ...]] = {
    DocumentKind.ACCORD: (
        "accordo",
        "accordo partenariale",
        "patto",
        "convenzione",
        "pact",
        "memorandum",
        "protocollo",
        "protocollo d'intesa",
        "intesa",
        "partenariato",
        "accord",
        "agreement",
        "partnership",
        "policy",
    ),
    DocumentKind.INSTRUMENT: (
        "strumento",
        "strumento finanziario",
        "bando",
        "avviso",
        "misura",
        "voucher",
        "finanziamento",
        "contributo",
        "agevolazione",
        "garanzia",
        "assicurazione",
        "prestito",
        "instrument",
        "call",
        "grant",
        "loan",
        "funding",
        "financing",
        "guarantee",
        "insurance",
        "scheme",
    ),
    DocumentKind.COUNTRY_GUIDE: (
        "guida",
        "guida paese",
        "scheda paese",
        "paese",
        "country guide",
        "country_guide",
        "guide",
        "country profile",
        "country",
    ),
    DocumentKind.OTHER: (
        "altro",
        "other",
        "servizio",
        "servizi",
        "service",
        "services",
        "notizia",
        "news",
        "evento",
        "event",
        "comunicato",
        "press release",
    ),
    DocumentKind.FAQ: (
        "faq",
        "domande frequenti",
        "glossario",
        "glossary",
        "q&a",
        "domande e risposte",
    ),
}
_LANGUAGES = {
    "it": ("it", "ita", "italiano", "italian", "italiana"),
    "en": ("en", "eng", "inglese", "english"),
}


def _key(raw: str) -> str:
    return " ".join(re.sub(r"[_\-.]+", " ", fold(str(raw))).split())


_KEY_OF = {_key(alias): field for field, aliases in _KEYS.items() for alias in aliases}
_TERM_OF = {_key(alias): field for field, aliases in _TERM_KEYS.items() for alias in aliases}
_KIND_OF = {_key(alias): kind.value for kind, aliases in _KINDS.items() for alias in aliases}
_KIND_OF.update({k.value: k.value for k in DocumentKind})
_LANGUAGE_OF = {alias: code for code, aliases in _LANGUAGES.items() for alias in aliases}


def field_name(key: Any) -> str | None:
    """The schema field an Italian or English metadata key names (`scadenza` → valid_until)."""
    return _KEY_OF.get(_key(key))


def kind_value(value: Any) -> str | None:
    """A kind from its name in either language, or from a known name inside a longer value
    (`bando regionale`, `call for proposals`)."""
    key = _key(value)
    if key in _KIND_OF:
        return _KIND_OF[key]
    for alias in sorted(_KIND_OF, key=len, reverse=True):
        if re.search(rf"(?<![a-z]){re.escape(alias)}(?![a-z])", key):
            return _KIND_OF[alias]
    return None


def parse_date(value: Any) -> dt.date | None:
    """`2027-03-31`, `31/03/2027`, `31 marzo 2027`, `March 31, 2027` → a date; else None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    if not text:
        return None
    text = re.sub(r"\b(\d{1,2})(?:°|º|st|nd|rd|th)(?=[\s,])", r"\1", text)  # 1° → 1
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    import dateparser  # imported on first use: it takes a moment to load

    parsed = dateparser.parse(
        text,
        languages=["it", "en"],
        settings={"DATE_ORDER": "DMY", "STRICT_PARSING": True, "PREFER_DAY_OF_MONTH": "first"},
    )
    return parsed.date() if parsed else None


@lru_cache(maxsize=1)
def _iso_names() -> dict[str, str]:
    """Folded country names (English and Italian ISO names) → ISO alpha-2 codes."""
    import gettext

    import pycountry

    names: dict[str, str] = {}
    try:
        italian = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["it"])
    except OSError:  # the package without its translations still has the English names
        italian = None
    for c in pycountry.countries:
        for name in {c.name, getattr(c, "common_name", c.name), getattr(c, "official_name", "")}:
            if name:
                names[fold(name)] = c.alpha_2
                if italian is not None:
                    names[fold(italian.gettext(name))] = c.alpha_2
    return names


def parse_country(value: Any) -> str | None:
    """A country in Italian or English, or an ISO code → ISO alpha-2; else None."""
    text = str(value or "").strip()
    if not text:
        return None
    if re.fullmatch(r"[A-Za-z]{2}", text):
        import pycountry

        return text.upper() if pycountry.countries.get(alpha_2=text.upper()) else None
    if re.fullmatch(r"[A-Za-z]{3}", text):
        import pycountry

        found = pycountry.countries.get(alpha_3=text.upper())
        if found is not None:
            return str(found.alpha_2)
    codes = find_countries(text)
    if len(codes) == 1:
        return codes[0]
    return _iso_names().get(fold(text))


def _warn(name: str, field: str, value: Any, hint: str, warnings: list[str]) -> None:
    message = f"{name}: {field} {str(value)!r} not understood, {hint}"
    warnings.append(message)
    log.warning("%s", message)


def read_fields(raw: dict[str, Any], name: str) -> tuple[dict[str, Any], list[str]]:
    """Stated metadata in either language → schema fields, and warnings for what was dropped."""
    fields: dict[str, Any] = {}
    warnings: list[str] = []
    # A term written at the top level (`importo_massimo: 50.000 euro`, `rate: 50%`) is a term,
    # as under a `terms:` mapping; the mapping wins where both state one.
    top_terms = {
        _TERM_OF[_key(k)]: v
        for k, v in raw.items()
        if _key(k) not in _KEY_OF and _key(k) in _TERM_OF and v is not None and v != ""
    }
    if top_terms:
        fields["terms"] = top_terms
    for key, value in raw.items():
        field = _KEY_OF.get(_key(key))
        if field is None or value is None or value == "":
            continue
        if field == "kind":
            kind = kind_value(value)
            if kind is None:
                _warn(
                    name,
                    "kind",
                    value,
                    "read as 'other' (understood: accordo, bando, strumento, voucher, "
                    "guida paese, glossario, domande frequenti, and their English names)",
                    warnings,
                )
                kind = DocumentKind.OTHER.value
            fields["kind"] = kind
        elif field == "language":
            lang = _LANGUAGE_OF.get(fold(str(value)).strip())
            if lang is None:
                _warn(name, "language", value, "detected from the text instead (it, en)", warnings)
            else:
                fields["language"] = lang
        elif field == "country":
            country = parse_country(value)
            if country is None:
                _warn(
                    name,
                    "country",
                    value,
                    "dropped (a country name in Italian or English, or an ISO code)",
                    warnings,
                )
            else:
                fields["country"] = country
        elif field in ("updated", "valid_from", "valid_until"):
            date = parse_date(value)
            if date is None:
                _warn(
                    name, field, value, "dropped (dates like 2027-03-31 or 31/03/2027)", warnings
                )
            else:
                fields[field] = date
        elif field == "terms":
            if isinstance(value, dict):
                nested = {_TERM_OF.get(_key(k), str(k)): v for k, v in value.items()}
                fields["terms"] = {
                    **fields.get("terms", {}),
                    **{k: v for k, v in nested.items() if v is not None},
                }
            else:
                _warn(name, "terms", value, "dropped (write them as `key: value` lines)", warnings)
        elif field == "tags":
            fields["tags"] = value if isinstance(value, list | str) else str(value)
        else:
            fields[field] = str(value) if not isinstance(value, str) else value
    return fields, warnings


# -- inferred from the content ------------------------------------------------------------------

# A day may carry its ordinal: "1° febbraio 2026", "1st March 2026".
_DATE = (
    r"(\d{1,2}(?:°|º|st|nd|rd|th)?\s+(?:gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|"
    r"novembre|dicembre|january|february|march|april|may|june|july|august|september|october|"
    r"november|december)\s+\d{4}|\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}|"
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
    r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})"
)
# Between a cue and its date: the rest of a label ("Termine ultimo per la presentazione:",
# "Opening date |"), what opens or closes, a colon or dash, "il"/"on"/"dal", and a time of day
# with its zone ("dalle ore 10:00 del 3 maggio 2027", "entro le ore 16:00 del 17 settembre
# 2027", "close at 12:00 noon CET on 14 July 2027").
_LEAD = (
    r"(?:(?:\s+[^\W\d_][\w'’]*){1,6}?\s*[:|])?"
    # "Apertura domande: 10 gennaio 2027", "closing of applications: …": what opens or closes.
    r"(?:\s+(?:delle\s+|of\s+)?(?:domande|candidature|richieste|applications)\b)?"
    r"[\s:|,\-–]*(?:(?:il|on|dal|dalle|al|alle|le|from|the|at)\s+)*"
    r"(?:(?:ore\s+)?\d{1,2}[:.]\d{2}(?:\s+(?:noon|midnight|mezzogiorno|mezzanotte|[a-z]{3,4}))*"
    r"\s+(?:(?:del|of|on)\s+)?)?"
)
# The time of day a date may carry after it: "3 maggio 2027, ore 10:00", "25 January 2027
# (9:00)", "13 settembre 2027 (ore 9:00)".
_TIME_AFTER = r"(?:\s*,?\s*\(?(?:(?:ore|h|at)\s*)?\d{1,2}[:.]\d{2}\)?)?"
# Two dates that bound applications: "dal 10 gennaio 2027 e fino al 30 novembre 2027",
# "from … to …"; or two dates joined by an arrow, a dash or a word that ends a period,
# "Submission window: 2027-06-01 -> 2027-07-31", "11 January 2027 to 10 December 2027" (two
# dates joined by "and" alone are two dates, not a period).
_WINDOW = re.compile(
    rf"(?:\bdal(?:le|l')?|\bfrom|\bbetween|\btra){_LEAD}(?:il\s+)?{_DATE}{_TIME_AFTER}[\s,;·|]*"
    rf"(?:->|→|[\-–—]|(?:(?:e|ed|and)\s+)?(?:al(?:le|l')?|fino al|entro(?: il)?|to|until|and|"
    rf"through)\b){_LEAD}(?:il\s+)?{_DATE}"
    rf"|{_DATE}{_TIME_AFTER}\s*(?:->|→|[\-–—]|(?:al|fino al|to|until|through)\b)\s*"
    rf"(?:il\s+)?{_DATE}",
    re.IGNORECASE,
)
_CLOSES = re.compile(
    rf"\b(?:entro il|entro|scadenza(?: del bando)?|scade il|chiude il|si chiude il|chiusura|"
    rf"termine(?: ultimo)?|fino al|close[sd]?|closing date|closing|deadline|until|no later than|"
    rf"by){_LEAD}(?:il\s+)?{_DATE}",
    re.IGNORECASE,
)
_OPENS = re.compile(
    rf"\b(?:opens?|opening|will open|apre|aprirà|si apre|apertura|a partire dal|starting|"
    rf"dalle ore|available from|disponibile dal|attiv[oa] dal|operativ[oa] dal|"
    # What is sent is sent from a date: "presentate dal", "may be submitted from".
    rf"(?:present|invi|inoltr|submi|accept|accett|receiv|ricev)\w*(?:\s+[\w'’]+){{0,4}}?\s+"
    rf"(?:dal(?:le|l')?|from))"
    rf"{_LEAD}(?:il\s+)?{_DATE}",
    re.IGNORECASE,
)
_APPLY = re.compile(r"domand|candidatur|richiest|application|apply|submi|sportello|bando|call")
_GUIDE_TITLE = re.compile(r"\b(guida|guide|scheda|profilo|profile|mercato|market|focus|paese)\b")
_FUNDING_TITLE = re.compile(
    r"\b(bando|voucher|contribut\w*|finanziament\w*|fondo|(?:contro)?garanzi\w*|assicurazion\w*|"
    r"polizz\w*|prestit\w*|agevolazion\w*|misura|credit[oi] (?:d\W?|di )?imposta|factoring|grant|"
    r"loan|fund|(?:counter-?)?guarantees?|insurance|(?<!privacy )polic(?:y|ies)|call|scheme|"
    r"financing|credit)\b"
)
_ACCORD_TITLE = re.compile(
    r"\b(accordo|patto|protocollo|intesa|convenzione|partenariat\w*|accord|agreement|pact|"
    r"memorandum)\b"
)
# An event about a country (a webinar, a trade mission, a course) names the country in its
# title, as a guide does, but is no guide to it.
_EVENT_TITLE = re.compile(
    r"\b(webinar\w*|seminar\w*|workshop|convegn\w*|event[oi]?|events?|mission[ei]?|missions?|"
    r"incoming|roadshow|(?<!in )corso|corsi|course|training|masterclass|b2b)\b"
)
_FAQ_TITLE = re.compile(r"\b(faq|glossario|glossary|domande frequenti|q&a|terms explained)\b")


def _states_terms(text: str) -> bool:
    """Whether a text states what a firm gets: a largest amount ("up to EUR 50,000", a maximum
    grant's label) and a share or rate."""
    lines = text.split("\n")
    return any(PERCENT.search(x) for x in lines) and any(
        "max" in f.cues for f in figures(lines, AMOUNT)
    )


def _text_country(text: str) -> str | None:
    """The country a text keeps naming: at least 3 mentions and most of all mentions."""
    counts: Counter[str] = Counter()
    for paragraph in text.split("\n"):
        counts.update(find_countries(paragraph))
    if not counts:
        return None
    (code, n), *_ = counts.most_common()
    total = sum(counts.values())
    return code if n >= 3 and n >= 0.6 * total else None


def infer_fields(fields: dict[str, Any], title: str, name: str, text: str) -> dict[str, Any]:
    """Fields not stated, read from the title, file name and text; stated ones win."""
    inferred: dict[str, Any] = {}
    label = fold(f"{title} {re.sub(r'[-_.]+', ' ', name)}")
    head = text[:20000]
    # Countries the title or file name names by name (a city there is where an event is).
    named = find_countries(f"{title} {re.sub(r'[-_.]+', ' ', name)}", cities=False)
    if not fields.get("country"):
        # A title that names several countries is about several: no one country is read
        # from its text then.
        country = named[0] if len(named) == 1 else None if named else _text_country(head)
        if country:
            inferred["country"] = country
    # The dates given for applications, parsed once (dates are slow to parse) when needed.
    window: dict[str, dt.date] | None = None
    if not fields.get("kind") or fields.get("kind") == DocumentKind.OTHER.value:
        country = fields.get("country") or inferred.get("country")
        if fields.get("terms"):
            # Terms stated (a maximum amount, a rate) make an instrument whatever its title.
            inferred["kind"] = DocumentKind.INSTRUMENT.value
        elif _FAQ_TITLE.search(label):
            inferred["kind"] = DocumentKind.FAQ.value
        elif _ACCORD_TITLE.search(label):
            inferred["kind"] = DocumentKind.ACCORD.value
        elif (_FUNDING_TITLE.search(label) and AMOUNT.search(head)) or (
            _states_terms(head) and "valid_until" in (window := _application_window(head))
        ):
            # A call or a financial product: its title says so, or its text states what a
            # firm gets (an amount and a share or rate) and by when to apply.
            inferred["kind"] = DocumentKind.INSTRUMENT.value
        elif (
            country
            and (_GUIDE_TITLE.search(label) or find_countries(label, cities=False))
            and not _EVENT_TITLE.search(label)
        ):
            inferred["kind"] = DocumentKind.COUNTRY_GUIDE.value
    kind = fields.get("kind") or inferred.get("kind")
    # A country read from the text alone is kept for a country guide; a document of any other
    # kind (a call, a FAQ, an accord) keeps a country only when its title or file name names it:
    # a call that keeps naming one country is often still about exporting anywhere.
    if (
        kind != DocumentKind.COUNTRY_GUIDE.value
        and "country" in inferred
        and inferred["country"] not in named
    ):
        del inferred["country"]
    if kind == DocumentKind.INSTRUMENT.value and not (
        fields.get("valid_from") and fields.get("valid_until")
    ):
        if window is None:
            window = _application_window(head)
        read = {k: v for k, v in window.items() if not fields.get(k)}
        # A closing date stated (`scadenza: 31/10/2027`): the text still says when it opens.
        until = fields.get("valid_until") or read.get("valid_until")
        if "valid_from" in read and until is not None and read["valid_from"] > until:
            del read["valid_from"]
        inferred.update(read)
    return inferred


def _line(text: str, start: int, end: int) -> str:
    """The line (a block of the document) a match stands in."""
    return text[text.rfind("\n", 0, start) + 1 : (text.find("\n", end) + 1 or len(text) + 1) - 1]


def _rows_with_header(text: str) -> str:
    """A text whose table rows of values (every cell a date or a figure, no label of its own:
    `07/06/2027 | 22/10/2027`) are read as the answer units read them, each cell with its
    column's header (`Apertura: 07/06/2027 | Chiusura: 22/10/2027`); the header row, read
    into its rows, goes. A row with a label of its own (`Opening date | 15 January 2027`)
    stays as it is."""
    lines = text.split("\n")
    header: tuple[int, list[str]] | None = None
    read: set[int] = set()
    for index, line in enumerate(lines):
        if " | " not in line:
            header = None
            continue
        cells = [c.strip() for c in line.split(" | ")]
        if header is None:
            header = (index, cells)
            continue
        names = header[1]
        if (
            len(cells) == len(names)
            and not any(re.search(r"\d", n) for n in names)
            and all(re.search(r"\d", c) for c in cells if c)
        ):
            lines[index] = " | ".join(f"{n}: {c}" for n, c in zip(names, cells, strict=True) if c)
            read.add(header[0])
    return "\n".join(line for index, line in enumerate(lines) if index not in read)


def _application_window(text: str) -> dict[str, dt.date]:
    """The dates a text gives for applications: `valid_from` (when stated) and `valid_until`.

    Two dates that bound a period in a line that speaks of applications are the window (of
    several, the one those words are nearest to: "The call covers fairs held between …" is
    the fairs' period, "Applications: from … to …" the window); else the dates an opening and a
    closing cue give near such words; else any two dates that bound a period (a line without
    those words: the period of the fairs or of the costs, often)."""
    text = _rows_with_header(text)
    loose: dict[str, dt.date] = {}
    nearest: tuple[int, dict[str, dt.date]] | None = None
    for window in _WINDOW.finditer(text):
        first, last = window.group(1) or window.group(3), window.group(2) or window.group(4)
        start, end = parse_date(first), parse_date(last)
        if not (start and end and start <= end):
            continue
        line_start = text.rfind("\n", 0, window.start()) + 1
        line = fold(_line(text, window.start(), window.end()))
        where = (window.start() - line_start, window.end() - line_start)
        gaps = [max(where[0] - m.end(), m.start() - where[1], 0) for m in _APPLY.finditer(line)]
        if gaps and (nearest is None or min(gaps) < nearest[0]):
            nearest = (min(gaps), {"valid_from": start, "valid_until": end})
        loose = loose or {"valid_from": start, "valid_until": end}
    if nearest is not None:
        return nearest[1]
    found: dict[str, dt.date] = {}
    for pattern, field in ((_OPENS, "valid_from"), (_CLOSES, "valid_until")):
        for m in pattern.finditer(text):
            context = fold(text[max(0, m.start() - 200) : m.end() + 150])
            date = parse_date(m.group(1)) if _APPLY.search(context) else None
            if date:
                found[field] = date
                break
    if "valid_until" not in found and loose:
        return loose
    start, end = found.get("valid_from"), found.get("valid_until")
    if start and end and start > end:
        del found["valid_from"]
    return found
