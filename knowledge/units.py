"""Answer units: the sentences and table rows of a passage, the pieces an answer quotes.

The same splitter runs at ingest time (each unit is embedded and stored beside its chunk) and at
answer time (units are read back and quoted verbatim), so a unit's id names the same text on
both sides: `<chunk id>#<position>`. A chunk's units are stored packed in one record
(`UnitRecord`): their texts and float16 vectors in a metadata field.
"""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from knowledge.errors import StoreError
from knowledge.sentences import split_sentences

log = logging.getLogger(__name__)

#: Units shorter than this many words are labels, not answers.
MIN_WORDS = 3


def answer_units(text: str) -> list[str]:
    """Sentences of a passage in reading order; a table row becomes `header: value; …`."""
    out: list[str] = []
    header: list[str] | None = None
    for line in text.split("\n"):
        if " | " in line:
            cells = [c.strip() for c in line.split(" | ")]
            if header is None:
                header = cells
                continue
            if len(cells) == len(header):
                out.append("; ".join(f"{h}: {v}" for h, v in zip(header, cells, strict=True) if v))
            else:
                out.append(", ".join(cells))
            continue
        header = None
        sentences = [s for s in split_sentences(line) if _words(s) >= 2]
        if out and out[-1].endswith(":") and sentences:
            # A label line ("CIF – Cost, Insurance and Freight:") belongs with what follows.
            sentences[0] = f"{out.pop()} {sentences[0]}"
        out.extend(s for s in sentences if _words(s) >= MIN_WORDS)
    return out


def _words(text: str) -> int:
    """Words with a letter or digit: a rule of dashes with the letters of a glossary's
    section ("----- E - L -----") is no sentence."""
    return sum(1 for w in text.split() if any(c.isalnum() for c in w))


#: Each chunk's answer units and their vectors, by chunk id.
EmbeddedUnits = dict[str, tuple[list[str], np.ndarray]]


def embed_units(
    chunks: Iterable[tuple[str, str]],
    embed: Callable[[list[str]], np.ndarray],
    dimension: int,
) -> EmbeddedUnits:
    """Split each `(chunk id, text)` into answer units and embed them all in one call."""
    per_chunk = [(chunk_id, answer_units(text)) for chunk_id, text in chunks]
    texts = [t for _, units in per_chunk for t in units]
    vectors = (
        np.asarray(embed(texts), dtype=np.float32)
        if texts
        else np.zeros((0, dimension), dtype=np.float32)
    )
    out: EmbeddedUnits = {}
    start = 0
    for chunk_id, units in per_chunk:
        out[chunk_id] = (units, vectors[start : start + len(units)])
        start += len(units)
    return out


def unit_id(chunk_id: str, position: int) -> str:
    """The store id of a chunk's unit."""
    return f"{chunk_id}#{position}"


@dataclass(slots=True)
class StoredUnit:
    """An answer unit (sentence or table row) of a chunk, with its vector."""

    id: str
    chunk_id: str
    position: int
    text: str
    embedding: np.ndarray


@dataclass(frozen=True, slots=True)
class UnitRecord:
    """The answer units of one chunk packed in one record: their texts and their vectors (as
    float16, base64) in a metadata field, their mean as the record's vector. Units are read by
    document, never searched by vector or by words, so one record per chunk instead of one per
    sentence, and a metadata field rather than Chroma's full-text-indexed document, keep the
    store's write cost near that of the chunks alone (a measured 9x on the payload)."""

    chunk_id: str
    centroid: np.ndarray
    metadata: dict[str, Any]

    @property
    def count(self) -> int:
        return int(self.metadata.get("units", 0))


def pack_units(
    chunk: Mapping[str, str], texts: Sequence[str], vectors: np.ndarray, dimension: int
) -> UnitRecord:
    """One chunk's units as a `UnitRecord`."""
    if vectors.shape != (len(texts), dimension):
        raise StoreError(
            f"unit vectors of shape {vectors.shape}, expected ({len(texts)}, {dimension})"
        )
    centroid = vectors.mean(axis=0) if len(texts) else np.zeros(dimension, dtype=np.float32)
    norm = float(np.linalg.norm(centroid))
    packed = json.dumps(
        {
            "texts": list(texts),
            "vectors": base64.b64encode(vectors.astype("<f2").tobytes()).decode("ascii"),
        },
        ensure_ascii=False,
    )
    return UnitRecord(
        chunk["chunk_id"],
        (centroid / norm if norm else centroid).astype(np.float32),
        {
            "chunk_id": chunk["chunk_id"],
            "doc_id": chunk["doc_id"],
            "units": len(texts),
            "packed": packed,
        },
    )


def unpack_units(chunk_id: str, packed: str) -> list[StoredUnit]:
    """The units of one packed record, in reading order."""
    try:
        raw = json.loads(packed)
        texts = [str(t) for t in raw["texts"]]
        flat = np.frombuffer(base64.b64decode(raw["vectors"]), dtype="<f2").astype(np.float32)
    except (ValueError, KeyError, TypeError) as exc:
        log.warning("unreadable answer units for chunk %s (%s): skipped", chunk_id, exc)
        return []
    if not texts:
        return []
    matrix = flat.reshape(len(texts), -1)
    return [
        StoredUnit(unit_id(chunk_id, i), chunk_id, i, t, matrix[i]) for i, t in enumerate(texts)
    ]
