"""Bases stored in the previous layout (one collection per generation, `<name>__g<N>_<hex>`),
copied once into versioned records on first use."""

from __future__ import annotations

import logging
from typing import Any

import numpy as np

from knowledge.store.edits import Edit, EditingStore
from knowledge.store.records import split_metadata
from knowledge.store.versions import NO_SERVED, OPEN, READ_BATCH, record_id

log = logging.getLogger(__name__)


def migrate_previous_layout(store: EditingStore, md: dict[str, Any]) -> dict[str, Any]:
    """Copy a base stored in the previous layout (one collection per generation) into
    versioned records, and point the registry at them. Idempotent: a run killed halfway
    is redone by the next reader."""
    old_name = str(md["active"])
    old = store._client.get_collection(old_name, embedding_function=None)
    try:
        old_units = store._client.get_collection(old_name + "_u", embedding_function=None)
    except Exception:  # a base stored before answer units
        old_units = None
    embedder = str(md.get("embedder") or "")
    dimension = int(md.get("dimension") or 0)
    version = int(md.get("generation") or 0) + 1
    log.warning(
        "knowledge base %r is stored in the previous layout (%s, %d chunks): migrating it "
        "to versioned records, once; this takes about as long as copying the base",
        store.name,
        old_name,
        old.count(),
    )
    edit = Edit(
        store,
        epoch=1,
        version=version,
        base=NO_SERVED,
        embedder=embedder,
        dimension=dimension,
        fresh=True,
    )
    offset = 0
    while True:
        got = old.get(
            include=["embeddings", "documents", "metadatas"], limit=READ_BATCH, offset=offset
        )
        if not got["ids"]:
            break
        ids = list(got["ids"])
        vectors = np.asarray(got["embeddings"], dtype=np.float32)
        # upsert, not add: a migration killed halfway is simply done again
        for chunk_id, md_chunk in zip(ids, got["metadatas"] or [], strict=True):
            doc_md = split_metadata(md_chunk)[1]
            doc_id = str(md_chunk.get("doc_id", ""))
            edit._new_docs.setdefault(doc_id, doc_md)
            position = int(md_chunk.get("chunk_index", 0))
            edit._chunk_ids.setdefault(doc_id, []).append((position, chunk_id))
        edit._chunks.upsert(
            ids=[record_id(i, version) for i in ids],
            embeddings=vectors,
            documents=list(got["documents"] or []),
            metadatas=[
                {**split_metadata(m)[0], "v_from": version, "v_to": OPEN}
                for m in got["metadatas"] or []
            ],
        )
        if old_units is not None:
            units = old_units.get(ids=ids, include=["embeddings", "metadatas"])
            for m in units["metadatas"] or []:
                doc_id = str(m.get("doc_id", ""))
                edit._unit_counts[doc_id] = edit._unit_counts.get(doc_id, 0) + int(
                    m.get("units", 0)
                )
            if units["ids"]:
                edit._units.upsert(
                    ids=[record_id(i, version) for i in units["ids"]],
                    embeddings=np.asarray(units["embeddings"], dtype=np.float32),
                    metadatas=[
                        {**m, "v_from": version, "v_to": OPEN} for m in units["metadatas"] or []
                    ],
                )
        offset += len(ids)
    edit._docs.delete(where={"v_from": version})
    edit._write_manifest()
    store._activate(edit)
    for name in (old_name, old_name + "_u", str(md.get("previous") or "")):
        if name:
            try:
                store._client.delete_collection(name)
            except Exception:  # already gone
                log.debug("no collection %s to drop", name)
    log.warning("knowledge base %r migrated: %d documents", store.name, len(edit._new_docs))
    return dict(store._registry().metadata or {})
