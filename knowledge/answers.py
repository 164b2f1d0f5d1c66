"""The result of answering a question, and the fixed phrases that frame answers."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from knowledge.passages import Passage


@dataclass(frozen=True, slots=True)
class Source:
    """A document an answer cites, numbered as in the answer's [n] markers."""

    number: int
    doc_id: str
    title: str
    url: str
    updated: str
    path: str  # heading path of the cited passage
    valid_until: str = ""

    @property
    def file_name(self) -> str:
        return self.doc_id.rsplit("/", 1)[-1]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"file_name": self.file_name}


@dataclass(slots=True)
class Answer:
    """What the bot says: the text, its sources, how sure it is, and in which language."""

    text: str
    sources: list[Source]
    confidence: float
    language: str
    covered: bool
    question: str
    standalone_question: str
    clarification: list[str] = field(default_factory=list)
    expired: list[Source] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    composer: str = "extractive"
    timings_ms: dict[str, float] = field(default_factory=dict)
    #: The evidence behind `confidence` (see `Answerer.signals`).
    signals: dict[str, float] = field(default_factory=dict)

    @property
    def needs_clarification(self) -> bool:
        return bool(self.clarification)

    def to_dict(self) -> dict[str, Any]:
        """The `ask --json` object."""
        return {
            "answer": self.text,
            "sources": [s.to_dict() for s in self.sources],
            "confidence": round(self.confidence, 3),
            "covered": self.covered,
            "language": self.language,
            "question": self.question,
            "standalone_question": self.standalone_question,
            "clarification": self.clarification,
            "expired": [s.to_dict() for s in self.expired],
            "composer": self.composer,
            "timings_ms": {k: round(v, 1) for k, v in self.timings_ms.items()},
        }


PHRASES: dict[str, dict[str, str]] = {
    "it": {
        "lead": "Ecco cosa dicono i documenti dello Sportello:",
        "lead_other_lang": "Ecco cosa dicono i documenti dello Sportello (fonti in inglese):",
        "abstain": (
            "Non ho trovato questa informazione nei documenti dello Sportello, quindi non "
            "voglio tirare a indovinare. Posso passare la domanda a un consulente."
        ),
        "clarify": "La domanda può riferirsi a più cose. Quale ti interessa?",
        "expired": (
            "Attenzione: «{title}» si è chiuso il {date}; verifica se c'è un'edizione aperta."
        ),
        "other_language": (
            "(I answer in Italian or English only: here is the answer in Italian.)"
        ),
        "truncated": "Ho letto solo la prima parte del messaggio, che era molto lungo.",
    },
    "en": {
        "lead": "Here is what our documents say:",
        "lead_other_lang": "Here is what our documents say (the sources are in Italian):",
        "abstain": (
            "I could not find this in our documents, so I would rather not guess. "
            "I can pass your question to an advisor."
        ),
        "clarify": "Your question could mean several things. Which one do you mean?",
        "expired": "Note: “{title}” closed on {date}; check whether a new edition is open.",
        "other_language": "",
        "truncated": "I only read the first part of your message, which was very long.",
    },
}


def phrase(language: str, key: str, **values: str) -> str:
    """A fixed phrase in Italian or English (anything else gets Italian)."""
    table = PHRASES.get(language, PHRASES["it"])
    return table[key].format(**values)


def format_date(d: dt.date, language: str) -> str:
    """`31 ottobre 2024` or `31 October 2024`."""
    months_it = (
        "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre "
        "novembre dicembre"
    ).split()
    months_en = (
        "January February March April May June July August September October November December"
    ).split()
    months = months_en if language == "en" else months_it
    return f"{d.day} {months[d.month - 1]} {d.year}"


def plain_text(answer: Answer) -> str:
    """An answer as plain text (terminal chat, `sportello ask`): body, options, numbered
    sources."""
    lines = [answer.text]
    for n, option in enumerate(answer.clarification, 1):
        lines.append(f"  {n}) {option}")
    if answer.sources:
        lines.append("")
        lines.append("Fonti:" if answer.language != "en" else "Sources:")
        for s in answer.sources:
            meta = ", ".join(x for x in (s.updated and f"agg. {s.updated}", s.url) if x)
            where = f" — {s.path}" if s.path else ""
            lines.append(f"  [{s.number}] {s.title}{where}" + (f" ({meta})" if meta else ""))
    return "\n".join(lines)
