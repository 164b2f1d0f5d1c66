"""Sentence splitting that keeps amounts, dates, references and abbreviations whole."""

from __future__ import annotations

import re

# Abbreviations after which a full stop does not end a sentence (Italian and English).
_ABBREVIATIONS = frozenset(
    """art artt n nr num pag pagg par cap cfr ecc etc es ex sig sigg dott dr prof ing avv
    spa s.p.a srl s.r.l snc sas d.lgs dlgs d.l dl l d.p.r dpr reg ca vs mr mrs ms st inc
    ltd co corp e.g i.e approx min max tel fax c.a p.es lett u.s u.k u.e""".split()
)
_MONTHS = frozenset(
    """gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre
    dicembre january february march april may june july august september october november
    december gen feb mar apr mag giu lug ago set ott nov dic jan jun jul aug sep oct dec""".split()
)
_BOUNDARY = re.compile(r"(?<=[.!?;])[\"'»”)\]]*\s+(?=[\"'«“(\[]?[A-ZÀ-ÖØ-Þ0-9•\-–])")


def split_sentences(text: str) -> list[str]:
    """Split text into sentences; never inside `1.500.000`, `31.12.2026`, `art. 8`, `D.Lgs.`."""
    text = " ".join(text.split())
    if not text:
        return []
    out: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        candidate = text[start : m.start()].rstrip()
        last = candidate.rsplit(" ", 1)[-1].lower().rstrip(".!?;\"'»”)]")
        last = last.rsplit("'", 1)[-1].rsplit("’", 1)[-1]  # l'art. → art
        nxt = text[m.end() : m.end() + 12]
        if candidate.endswith(".") and (
            last in _ABBREVIATIONS
            or (len(last) == 1 and last.isalpha())
            or (last.replace(".", "").isalpha() and last.count(".") >= 1 and len(last) <= 6)
        ):
            continue
        if candidate.endswith(".") and last.isdigit() and nxt[:1].isdigit():
            continue  # "1. 2." enumerations or split numbers stay together
        out.append(candidate)
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


def _holds_quantity(word: str) -> bool:
    w = word.lower().strip(".,;:()")
    return any(c.isdigit() for c in w) or w in _MONTHS or w in {"%", "€", "euro", "eur", "usd"}


def split_long(text: str, max_words: int) -> list[str]:
    """Cut a run-on sentence into pieces of at most about `max_words`, never between a number
    and its unit or inside a date (`500.000 euro`, `31 dicembre 2026` stay together)."""
    words = text.split()
    if len(words) <= max_words:
        return [text]
    pieces: list[str] = []
    start = 0
    while len(words) - start > max_words:
        cut = start + max_words
        # Walk back to a gap where neither neighbour is part of an amount or a date.
        while cut > start + max_words // 2 and (
            _holds_quantity(words[cut - 1]) or _holds_quantity(words[cut])
        ):
            cut -= 1
        if cut <= start + max_words // 2:
            cut = start + max_words
            while cut < len(words) - 1 and (
                _holds_quantity(words[cut - 1]) or _holds_quantity(words[cut])
            ):
                cut += 1
        pieces.append(" ".join(words[start:cut]))
        start = cut
    pieces.append(" ".join(words[start:]))
    return pieces
