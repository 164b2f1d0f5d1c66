"""Follow-ups: turn "e per la Germania?" into a question that stands on its own.

Without an LLM, a rule: a short question that names no topic of its own, or opens like a
follow-up ("e per…", "e se…", "what about…", "and…"), inherits the previous question's topic.
A country it names replaces the previous country; otherwise the previous countries are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.entities import COUNTRIES, find_cities, find_countries
from knowledge.lexical import STOPWORDS, fold, tokenize

_FOLLOW_UP_OPENING = re.compile(
    r"^\s*(e|ed|ma|invece|anche|and|but|what about|how about|also|same|stesso|stessa|idem|"
    r"e invece|e se|e per|e x|e la|e il|e lo|e le|e i|e gli|e quello|e quella|e quanto|"
    r"and for|and what|and the|and how|what if)\b",
    re.IGNORECASE,
)
_PRONOUN_REFERENCE = re.compile(
    r"\b(questo|questa|quello|quella|lo stesso|la stessa|it|its|this one|that one|them|"
    r"there|li|ne|ci)\b",
    re.IGNORECASE,
)
_COUNTRY_WORDS = frozenset(
    w for names in COUNTRIES.values() for name in names for w in tokenize(name)
)


@dataclass(frozen=True, slots=True)
class Turn:
    """One exchange of a conversation: what the user asked (standalone) and the answer."""

    question: str
    answer: str = ""


def _content_words(text: str) -> list[str]:
    return [t for t in tokenize(text) if t not in STOPWORDS and len(t) > 2]


def is_follow_up(question: str) -> bool:
    """Whether a question leans on the previous turn to make sense."""
    content = [w for w in _content_words(question) if w not in _COUNTRY_WORDS]
    if _FOLLOW_UP_OPENING.match(question) and len(content) <= 6:
        return True
    if len(content) <= 2:
        return True
    return bool(_PRONOUN_REFERENCE.search(question)) and len(content) <= 4


def _strip_countries(text: str, codes: tuple[str, ...]) -> str:
    """`text` without the names of these countries, nor those of their cities it names."""
    names = {fold(n) for code in codes for n in COUNTRIES.get(code, ())}
    names |= {name for _, name, code in find_cities(text) if code in codes}
    folded = fold(text).replace("’", "'")
    for name in sorted(names, key=len, reverse=True):
        folded = re.sub(r"(?<![a-z0-9])" + re.escape(name) + r"(?![a-z0-9])", " ", folded)
    return " ".join(folded.split())


def rewrite_follow_up(question: str, history: list[Turn]) -> str:
    """The standalone form of `question` given earlier turns (unchanged when not a follow-up)."""
    if not history or not is_follow_up(question):
        return question
    previous = history[-1].question
    new_countries = find_countries(question)
    old_countries = find_countries(previous)
    base = previous
    if new_countries and old_countries:
        base = _strip_countries(previous, old_countries)
    return f"{question.strip()} ({base.strip()})"
