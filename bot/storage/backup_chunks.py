"""Backups, the knowledge half: the served version's chunks, vectors and answer units as
JSON lines, and a new base built from them (nothing re-embedded)."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from bot.storage.errors import BackupError
from knowledge.store import KnowledgeStore
from knowledge.units import UnitRecord

BATCH = 500


# -- the knowledge base -------------------------------------------------------------------


def _chunk_lines(store: KnowledgeStore) -> Iterator[dict[str, Any]]:
    batch: list[Any] = []

    def flush() -> Iterator[dict[str, Any]]:
        vectors = store.vectors([c.id for c in batch])
        units = store.unit_records([c.id for c in batch])
        for chunk in batch:
            if chunk.id not in vectors:
                raise BackupError(f"chunk {chunk.id} has no vector: the store changed, retry")
            line = {
                "id": chunk.id,
                "text": chunk.text,
                "metadata": chunk.metadata,
                "embedding": vectors[chunk.id].astype(float).tolist(),
            }
            record = units.get(chunk.id)
            if record is not None:
                line["units"] = {
                    "centroid": record.centroid.astype(float).tolist(),
                    "metadata": record.metadata,
                }
            yield line

    for chunk in store.all_chunks():
        batch.append(chunk)
        if len(batch) >= BATCH:
            yield from flush()
            batch = []
    if batch:
        yield from flush()


def write_knowledge(store: KnowledgeStore, path: Path) -> tuple[int, int]:
    """Write every served chunk; returns (documents, chunks)."""
    docs: set[str] = set()
    chunks = 0
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for line in _chunk_lines(store):
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
            docs.add(str(line["metadata"].get("doc_id", "")))
            chunks += 1
    return len(docs), chunks


def read_knowledge(path: Path) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    with gzip.open(path, "rt", encoding="utf-8") as src:
        for line in src:
            if line.strip():
                batch.append(json.loads(line))
            if len(batch) >= BATCH:
                yield batch
                batch = []
    if batch:
        yield batch


def load_knowledge(store: KnowledgeStore, path: Path, embedder: str, dimension: int) -> int:
    """Write the backup's chunks as a new base (a new epoch) and serve it; returns the chunk
    count."""
    edit = store.begin(embedder, dimension, replace=True)
    try:
        for batch in read_knowledge(path):
            edit.add(
                [c["id"] for c in batch],
                np.asarray([c["embedding"] for c in batch], dtype=np.float32).reshape(
                    len(batch), dimension
                ),
                [c["text"] for c in batch],
                [c["metadata"] for c in batch],
            )
            edit.add_unit_records(
                [
                    UnitRecord(
                        c["id"],
                        np.asarray(c["units"]["centroid"], dtype=np.float32),
                        c["units"]["metadata"],
                    )
                    for c in batch
                    if c.get("units")
                ]
            )
        edit.commit()
    except BaseException:
        edit.abort()
        raise
    return edit.chunks_written
