"""What retrieval returns: passages with their scores, the answer units of their documents, and
what it noticed about the question."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from knowledge.documents import date_from_int
from knowledge.entities import QuestionFocus


@dataclass(slots=True)
class Passage:
    """A retrieved chunk with its scores and document metadata."""

    chunk_id: str
    text: str
    metadata: dict[str, Any]
    score: float
    dense: float
    lexical: float
    #: How strongly the question names this passage's document (title, acronym, file), 0..1.
    naming: float = 0.0

    @property
    def language(self) -> str:
        return str(self.metadata.get("language", "it"))

    @property
    def doc_id(self) -> str:
        return str(self.metadata.get("doc_id", ""))

    @property
    def title(self) -> str:
        return str(self.metadata.get("title", ""))

    @property
    def heading_path(self) -> str:
        return str(self.metadata.get("heading_path", ""))

    @property
    def kind(self) -> str:
        return str(self.metadata.get("kind", "other"))

    @property
    def valid_until(self) -> dt.date | None:
        return date_from_int(self.metadata.get("valid_until"))

    def expired(self, today: dt.date) -> bool:
        until = self.valid_until
        return until is not None and until < today


@dataclass(frozen=True, slots=True)
class Unit:
    """A sentence or table row of a document, with its similarity to the question."""

    chunk_id: str
    position: int
    text: str
    similarity: float
    vector: np.ndarray | None = field(default=None, repr=False, compare=False)


@dataclass(slots=True)
class Retrieval:
    """The passages for a question, and what retrieval noticed about it."""

    passages: list[Passage]
    focus: QuestionFocus
    query_terms: list[str]
    unknown_terms: list[str]
    timings_ms: dict[str, float] = field(default_factory=dict)
    #: Every answer unit of the best documents, in reading order, scored against the question.
    doc_units: dict[str, list[Unit]] = field(default_factory=dict)
    #: The question's words in the other language (glossary and learned lexicon).
    translation: str = ""
