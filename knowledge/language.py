"""Language identification for short, informal messages and for documents.

A stop-word vote: fast, offline, and good at telling Italian from English even in five typo-ridden
words. A few other European languages are recognised so that the bot can say it answers in
Italian or English only.
"""

from __future__ import annotations

import re
import unicodedata

_STOPWORDS: dict[str, frozenset[str]] = {
    "it": frozenset(
        """il lo la i gli le un uno una di del dello della dei degli delle da dal dalla dai
        in nel nella nei negli nelle su sul sulla con per tra fra e ed o ma se che chi cosa
        come quando dove perche perché quanto quanti quale quali non si sono è e' sei siamo
        ho hai ha abbiamo avete hanno posso puoi può puo serve servono devo deve bisogna
        mio mia miei nostra nostro loro questo questa quello quella anche ancora gia già piu
        più molto tutto tutti c'è ce ci mi ti vi ne al allo alla ai agli alle col dell dell'
        un' l' d' qual sia fare fatto voglio vorrei esportare azienda ditta quanto costa""".split()
    ),
    "en": frozenset(
        """the a an of to in on at for from with by and or but if that this these those is are
        was were be been being have has had do does did can could should would will shall may
        might must what which who whom whose when where why how not no yes it its my our your
        their i we you they he she me us them there here than then so as about into over under
        any some all each more most other such only own same too very just also get need want
        company firm export exporting""".split()
    ),
    "fr": frozenset(
        """le la les un une des du de et est sont pour dans avec sur pas que qui quoi comment
        pourquoi nous vous ils elles je tu au aux ce cette ces mon ma mes notre votre leur
        entreprise""".split()
    ),
    "es": frozenset(
        """el la los las un una unos unas de del y es son para en con por que qué como cómo
        donde dónde cuando cuándo nosotros vosotros ellos yo tu su sus mi mis empresa está
        están hay pero muy""".split()
    ),
    "de": frozenset(
        """der die das ein eine einer eines und ist sind für mit auf nicht wie was wer wo wann
        warum ich wir sie ihr es zu von im am den dem des auch oder aber kann können muss
        unternehmen""".split()
    ),
}

_WORD = re.compile(r"[a-zA-Zàèéìíòóùúäöüßçñ']+")


def _strip_accents(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn"
    )


def detect_language(text: str, default: str = "it") -> str:
    """Return an ISO 639-1 code ('it', 'en', 'fr', 'es', 'de'), or `default` when unsure."""
    words = [w.lower().strip("'") for w in _WORD.findall(text[:5000])]
    if not words:
        return default
    scores: dict[str, float] = {}
    for lang, stop in _STOPWORDS.items():
        plain = {_strip_accents(s) for s in stop}
        hits = sum(1 for w in words if w in stop or _strip_accents(w) in plain)
        scores[lang] = hits
    # Italian cues that survive typos: typical word endings.
    scores["it"] += 0.3 * sum(
        1 for w in words if len(w) > 3 and w[-1] in "aeio" and w[-2] not in "aeiou"
    )
    scores["en"] += 0.3 * sum(
        1 for w in words if w.endswith(("ing", "tion", "ly", "ed", "'s", "th"))
    )
    best = max(scores, key=lambda k: scores[k])
    ranked = sorted(scores.values(), reverse=True)
    if ranked[0] == 0 or (len(ranked) > 1 and ranked[0] == ranked[1]):
        return default
    return best


# The shorthand of phone messages, written out: the words a question turns on (quanto,
# quando, come, non, per, perché) are the ones most often typed this way. A unit after a number
# (`50 cm`) and a times sign before one (`3 x 4`, `50 cm x 30`) are left alone.
_SHORTHAND: dict[str, str] = {
    "x": "per",
    "xk": "perché",
    "xke": "perché",
    "xké": "perché",
    "xché": "perché",
    "pk": "perché",
    "qnt": "quanto",
    "qnto": "quanto",
    "qnta": "quanta",
    "qnti": "quanti",
    "qnte": "quante",
    "qd": "quando",
    "qnd": "quando",
    "qdo": "quando",
    "qndo": "quando",
    "gg": "giorni",
    "cm": "come",
    "nn": "non",
    "sn": "sono",
    "ke": "che",
    "cmq": "comunque",
    "dv": "dove",
    "tt": "tutto",
    "tnt": "tanto",
    "qlc": "qualche",
    "qlcs": "qualcosa",
    "anke": "anche",
    "xò": "però",
    "xo": "però",
    "u": "you",
    "ur": "your",
    "pls": "please",
    "plz": "please",
    "abt": "about",
    "w/": "with",
    "w/o": "without",
}
_SHORTHAND_PATTERN = re.compile(
    r"(?<![\w/&'-])("
    + "|".join(re.escape(k) for k in sorted(_SHORTHAND, key=len, reverse=True))
    + r")(?![\w/&'-])",
    re.IGNORECASE,
)


def expand_shorthand(text: str) -> str:
    """`qnto costa x le fiere?` → `quanto costa per le fiere?`."""

    def replace(m: re.Match[str]) -> str:
        typed = m.group(1)
        # Codes and names are written in capitals (`CM Group`, `Modello X`, `TT`), and
        # `U.S.` is a country: shorthand is lowercase, at most capitalised as a first word.
        if typed[1:] != typed[1:].lower() or (len(typed) == 1 and typed.isupper()):
            return typed
        if re.match(r"\.\w", text[m.end() :]):
            return typed
        if m.group(1).lower() == "x":
            if re.match(r"\s*\d", text[m.end() :]):
                return m.group(0)
        elif re.search(r"\d\s*$", text[: m.start()]):
            return m.group(0)
        return _SHORTHAND[m.group(1).lower()]

    return _SHORTHAND_PATTERN.sub(replace, text)
