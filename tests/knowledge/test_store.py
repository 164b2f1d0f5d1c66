"""The versioned store: edits cost what they touch, are atomic for readers and survive kill -9.

On a real Chroma, embedded and a `chroma run` server (the `store` fixture), with synthetic
16-dimensional vectors (the model is not what these tests are about).
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest

from knowledge.embedders import KnowledgeEmbeddings
from knowledge.retrieval import Retriever
from knowledge.store import KnowledgeStore, StoredChunk, open_chroma_client
from tests.conftest import REPO
from tests.knowledge.store_edits import (
    ADDED,
    BASE,
    DIMENSION,
    EDITED,
    EMBEDDER,
    NEW_TEXTS,
    REMOVED,
    after_edit,
    served_texts,
    vector,
    write,
)


def records(store: KnowledgeStore) -> dict[str, int]:
    """How many records each collection of the served epoch holds, whatever their version."""
    served = store._served()
    return {
        "chunks": served.chunks.count(),
        "units": served.units.count() if served.units is not None else 0,
        "manifest": served.docs.count(),
    }


def test_an_edit_writes_only_the_documents_it_touches(store: KnowledgeStore) -> None:
    write(store, BASE)
    before = {d: r.chunk_ids for d, r in store.documents().items()}
    versions = {d: r.version for d, r in store.documents().items()}
    write(store, NEW_TEXTS, [REMOVED])
    store.flush_purge()
    docs = store.documents()
    assert served_texts(store) == after_edit()
    untouched = [d for d in BASE if d not in (EDITED, REMOVED)]
    assert all(docs[d].chunk_ids == before[d] for d in untouched)
    assert all(docs[d].version == versions[d] for d in untouched)  # not rewritten
    assert docs[EDITED].version == docs[ADDED].version == store.info().generation


def test_after_a_commit_the_store_holds_one_version_of_each_document(
    store: KnowledgeStore,
) -> None:
    write(store, BASE)
    for _ in range(3):
        write(store, NEW_TEXTS, [REMOVED])
        write(store, {EDITED: BASE[EDITED]})
    store.flush_purge()
    served = sum(len(t) for t in served_texts(store).values())
    assert records(store) == {"chunks": served, "units": 0, "manifest": len(store.documents())}


def test_chunk_records_keep_only_what_queries_filter_on_and_the_rest_is_joined_back(
    store: KnowledgeStore,
) -> None:
    write(store, BASE)
    raw = store._served().chunks.get(limit=1, include=["metadatas"])["metadatas"][0]
    assert set(raw) == {
        "doc_id",
        "kind",
        "country",
        "language",
        "chunk_index",
        "heading_path",
        "pages",
        "v_from",
        "v_to",
    }
    (chunk, *_) = store.chunks(EDITED)
    assert chunk.metadata["title"] == f"Titolo {EDITED}"
    assert chunk.metadata["tags"] == "a,b"
    assert chunk.metadata["country"] == "DE"
    assert "v_from" not in chunk.metadata
    hit = store.query(vector(BASE[EDITED][0]), 1)[0]
    assert (hit.id, hit.metadata["title"]) == (chunk.id, chunk.metadata["title"])


def test_readers_see_the_old_base_whole_until_the_commit_then_the_new_one_whole(
    store: KnowledgeStore,
) -> None:
    write(store, BASE)
    store.refresh_interval_s = 0
    edit = store.begin(EMBEDDER, DIMENSION)
    texts = NEW_TEXTS[ADDED]
    edit.add(
        [f"new-{n}" for n in range(len(texts))],
        np.vstack([vector(t) for t in texts]),
        texts,
        [
            {"doc_id": ADDED, "chunk_index": n, "title": "Nuovo", "kind": "other"}
            for n in range(len(texts))
        ],
    )
    edit.remove([REMOVED])
    before = served_texts(store)
    assert before == dict(sorted(BASE.items()))
    # The edit's chunks are the nearest to this query, yet not served before the commit.
    hits = store.query(vector(texts[0]), 5)
    assert len(hits) == 5
    assert all(h.doc_id in BASE for h in hits)
    assert all(c.doc_id != ADDED for c in store.all_chunks())
    edit.commit()
    assert ADDED in store.documents()
    assert REMOVED not in store.documents()
    assert store.query(vector(texts[0]), 1)[0].doc_id == ADDED


def test_a_failed_edit_is_undone_and_the_next_one_cleans_up(store: KnowledgeStore) -> None:
    write(store, BASE)
    version = store.info().generation

    edit = store.begin(EMBEDDER, DIMENSION)
    edit.remove([REMOVED])
    edit.add(
        ["x-0"], vector("x")[None, :], ["x"], [{"doc_id": ADDED, "chunk_index": 0, "title": "x"}]
    )
    edit._retire()  # as far as the commit goes without flipping the pointer
    del edit  # as a kill would: no abort
    store.invalidate()
    assert store.info().generation == version
    assert served_texts(store) == dict(sorted(BASE.items()))
    write(store, NEW_TEXTS, [REMOVED])
    store.flush_purge()
    assert served_texts(store) == after_edit()
    assert records(store)["chunks"] == sum(len(t) for t in after_edit().values())


def test_a_base_of_the_previous_layout_is_migrated_on_first_use(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    client = open_chroma_client("", tmp_path / "chroma")
    old = client.create_collection(
        "legacy__g3_abcd1234", configuration={"hnsw": {"space": "cosine"}}, embedding_function=None
    )
    texts = ["primo passaggio", "secondo passaggio"]
    old.add(
        ids=["c-0", "c-1"],
        embeddings=np.vstack([vector(t) for t in texts]),
        documents=texts,
        metadatas=[
            {"doc_id": "docs/a.md", "title": "A", "doc_hash": "h", "chunk_index": i, "tags": "x"}
            for i in range(2)
        ],
    )
    client.get_or_create_collection(
        "legacy__registry",
        metadata={
            "sportello": "registry",
            "active": "legacy__g3_abcd1234",
            "previous": "",
            "generation": 3,
            "embedder": EMBEDDER,
            "dimension": DIMENSION,
        },
        embedding_function=None,
    )
    store = KnowledgeStore(client, "legacy")
    with caplog.at_level(logging.WARNING, logger="knowledge.store"):
        docs = store.documents()
    assert "previous layout" in caplog.text
    assert docs["docs/a.md"].chunk_ids == ["c-0", "c-1"]
    assert [c.text for c in store.chunks("docs/a.md")] == texts
    assert store.query(vector(texts[1]), 1)[0].id == "c-1"
    assert store.info().embedder == EMBEDDER
    assert "legacy__g3_abcd1234" not in {c.name for c in client.list_collections()}
    write(store, {"docs/b.md": ["terzo"]})
    assert set(store.documents()) == {"docs/a.md", "docs/b.md"}


def run_edits(*args: str | int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tests.knowledge.store_edits", *map(str, args)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("mode", ["embedded", "server"])
def test_a_kill_9_at_any_write_of_an_edit_leaves_a_whole_base(
    mode: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """The edit runs in a real subprocess that SIGKILLs itself before its k-th write request
    to Chroma, for every k: readers then see the base before the edit or after it, never a
    mix, and the next edit completes and leaves one version of each document. (Every step
    runs in its own process: an embedded Chroma is not shared by live processes.)"""
    url = request.getfixturevalue("chroma_server") if mode == "server" else ""
    path = str(tmp_path / "chroma")
    name = f"kill{abs(hash(request.node.nodeid)) % 10**6}"
    done = run_edits("edit", path, url, f"{name}x", 0)
    assert done.returncode == 0, done.stderr
    writes = int(done.stdout.split()[-1])
    assert writes >= 5
    before, after = dict(sorted(BASE.items())), after_edit()
    outcomes = set()
    for kill_at in range(1, writes + 1):
        store_name = f"{name}k{kill_at}"
        killed = run_edits("edit", path, url, store_name, kill_at)
        assert killed.returncode == -9, (kill_at, killed.stderr)
        checked = run_edits("check", path, url, store_name)
        assert checked.returncode == 0, (kill_at, checked.stderr)
        result = json.loads(checked.stdout.splitlines()[-1])
        assert result["seen"] in (before, after), kill_at
        outcomes.add("after" if result["seen"] == after else "before")
        expected = {**result["seen"], EDITED: ["di nuovo"]}
        assert result["after"] == expected, kill_at
        assert result["next_version"] == result["version"] + 1
        assert result["chunk_records"] == sum(len(t) for t in expected.values()), kill_at
        assert result["manifest_records"] == len(expected), kill_at
    assert outcomes == {"before", "after"}


def test_a_reader_refreshes_by_reading_only_what_an_edit_wrote(
    store: KnowledgeStore, embedder: KnowledgeEmbeddings, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(store, BASE)
    store.refresh_interval_s = 0
    retriever = Retriever(store, embedder)
    retriever._index()
    read: list[str] = []
    chunks_by_ids = store.chunks_by_ids

    def counting(ids: Sequence[str]) -> Iterator[StoredChunk]:
        read.extend(ids)
        return chunks_by_ids(ids)

    monkeypatch.setattr(store, "chunks_by_ids", counting)
    write(store, NEW_TEXTS, [REMOVED])
    state = retriever._index()
    docs = store.documents()
    assert sorted(read) == sorted(c for d in NEW_TEXTS for c in docs[d].chunk_ids)
    monkeypatch.undo()
    whole = {c.id: (c.text, c.metadata) for c in store.all_chunks()}
    assert {c.id: (c.text, c.metadata) for c in state.chunks.values()} == whole
    assert len(state.lexical) == len(whole)
