"""Edits of a small knowledge base with synthetic vectors, for the store tests and their
subprocess (`python -m tests.knowledge.store_edits edit|check PATH URL NAME [KILL_AT]`).

Run as a program, it opens the store, applies `EDIT` and, when KILL_AT > 0, kills itself with
SIGKILL just before the KILL_AT-th write request to Chroma (adds, updates, deletes, the
registry update): a kill -9 at that point of the edit.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from knowledge.documents import Chunk, DocumentMeta, store_metadata
from knowledge.store import KnowledgeStore, open_chroma_client

DIMENSION = 16
EMBEDDER = "test:hash16"

#: The base before the edit: document id -> its chunk texts.
BASE: dict[str, list[str]] = {
    f"docs/d{i}.md": [f"documento {i} parte {j} sul mercato {i % 3}" for j in range(3)]
    for i in range(6)
}
#: The edit: d0 changes, d1 goes, d9 comes.
EDITED = "docs/d0.md"
REMOVED = "docs/d1.md"
ADDED = "docs/d9.md"
NEW_TEXTS = {
    EDITED: ["documento zero rivisto, nuova scadenza", "seconda parte rivista"],
    ADDED: ["documento nove, nuovo", "seconda parte del nove", "terza", "quarta"],
}


def vector(text: str) -> np.ndarray:
    seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
    v = np.random.default_rng(seed).normal(size=DIMENSION).astype(np.float32)
    return v / np.linalg.norm(v)


def write(store: KnowledgeStore, docs: dict[str, list[str]], removed: Sequence[str] = ()) -> None:
    """One edit: `docs` written as new versions, `removed` taken out."""
    edit = store.begin(EMBEDDER, DIMENSION)
    try:
        edit.remove(list(removed))
        for doc_id, texts in docs.items():
            digest = hashlib.sha256("\n".join(texts).encode()).hexdigest()
            meta = DocumentMeta(title=f"Titolo {doc_id}", country="DE", tags=["a", "b"])
            ids, metadatas = [], []
            for n, text in enumerate(texts):
                chunk = Chunk(
                    id=f"{doc_id}-{digest[:8]}-{n}",
                    doc_id=doc_id,
                    index=n,
                    text=text,
                    heading_path=("Sezione",),
                )
                ids.append(chunk.id)
                metadatas.append(
                    store_metadata(
                        meta,
                        doc_id=doc_id,
                        source=doc_id,
                        source_root="docs",
                        doc_hash=digest,
                        fmt="md",
                        chunk=chunk,
                        chunk_count=len(texts),
                    )
                )
            edit.add(ids, np.vstack([vector(t) for t in texts]), texts, metadatas)
        edit.commit()
    except BaseException:
        edit.abort()
        raise


def served_texts(store: KnowledgeStore) -> dict[str, list[str]]:
    """What readers see: each served document's chunk texts, in order."""
    return {d: [c.text for c in store.chunks(d)] for d in sorted(store.documents())}


def after_edit() -> dict[str, list[str]]:
    out = {d: t for d, t in BASE.items() if d != REMOVED}
    out.update(NEW_TEXTS)
    return dict(sorted(out.items()))


class _KillingCollection:
    """A Chroma collection whose writes count towards the kill."""

    def __init__(self, inner: Any, counter: _Counter) -> None:
        self._inner = inner
        self._counter = counter

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._inner, name)
        if name in {"add", "upsert", "update", "delete", "modify"}:

            def counted(*args: Any, **kwargs: Any) -> Any:
                self._counter.tick()
                return attr(*args, **kwargs)

            return counted
        return attr


class _Counter:
    def __init__(self, kill_at: int) -> None:
        self.kill_at = kill_at
        self.writes = 0

    def tick(self) -> None:
        self.writes += 1
        if self.writes == self.kill_at:
            os.kill(os.getpid(), signal.SIGKILL)


class _KillingClient:
    def __init__(self, inner: Any, counter: _Counter) -> None:
        self._inner = inner
        self._counter = counter

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._inner, name)
        if name in {"get_collection", "get_or_create_collection", "create_collection"}:
            return lambda *a, **k: _KillingCollection(attr(*a, **k), self._counter)
        if name == "delete_collection":

            def counted(*args: Any, **kwargs: Any) -> Any:
                self._counter.tick()
                return attr(*args, **kwargs)

            return counted
        return attr


def main(command: str, path: str, url: str, name: str, kill_at: int = 0) -> None:
    """`edit`: write the base, then the edit (killed at its write `kill_at`); `check`: print
    what readers see, then edit once more and print what the store holds, as JSON."""
    counter = _Counter(0)
    client = open_chroma_client(url, Path(path))
    store = KnowledgeStore(_KillingClient(client, counter), name)
    store.refresh_interval_s = 0  # purge at once: the kill can land in it too
    if command == "edit":
        write(store, BASE)
        counter.writes, counter.kill_at = 0, kill_at
        write(store, NEW_TEXTS, [REMOVED])
        sys.stdout.write(f"{counter.writes}\n")
    else:
        seen = served_texts(store)
        version = store.info().generation
        write(store, {EDITED: ["di nuovo"]})
        served = store._served()
        result = {
            "seen": seen,
            "version": version,
            "after": served_texts(store),
            "next_version": store.info().generation,
            "chunk_records": served.chunks.count(),
            "manifest_records": served.docs.count(),
        }
        sys.stdout.write(json.dumps(result) + "\n")
    store.close()


if __name__ == "__main__":
    main(*sys.argv[1:5], *[int(a) for a in sys.argv[5:]])
