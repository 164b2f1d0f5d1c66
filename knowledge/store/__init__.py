"""The Chroma store of the knowledge base: versioned records, edits in the time of the edit.

Layout (one *epoch* of three collections, named `<name>__e<K>_<suffix>`):

- `_c`, the chunks: text, vector and the few metadata fields that queries filter on
  (`doc_id`, `kind`, `country`, `language`) or that differ per chunk (`chunk_index`,
  `heading_path`, `pages`);
- `_u`, the answer units of each chunk, packed one record per chunk (`knowledge.units`);
- `_d`, the manifest: one record per document version with the document's fields (title, hash,
  source, dates, terms, tags...) and its chunk ids. Chunks read back get these fields joined
  in, so readers see the same metadata as before the split.

Every record carries `v_from` (the edit that wrote it) and `v_to` (the edit that retired it,
`OPEN` while live). A small registry collection `<name>__registry` holds, in its metadata, the
served epoch and version `N`, and the embedder. A record is *visible* at `N` when
`v_from <= N < v_to`.

An edit `V = N + 1` writes the new documents' records with `v_from = V` (invisible at `N`), then
marks the records of the documents it replaces or removes with `v_to = V` (still visible at
`N`), then flips the registry to `V` in one metadata update: the commit. Readers at `N` see the
old base whole; readers at `V` the new one whole. Before its first write an edit marks the
registry (`writing`), and the commit's update clears the mark: a run that fails or is killed
at any point before the flip leaves records that readers at `N` do not see and the mark, and
the next edit first undoes them (`_recover`: drops records with `v_from > N`, reopens those
with `N < v_to`). After the flip, the retired records (`v_to <= V`, so also any a killed run
left) are deleted (`purge`) once readers that cached the pointer (for up to
`refresh_interval_s`) have moved on, so after a commit the store holds one version of each
document. An edit costs the documents it touches, not the size of the base.

Queries ask Chroma for the nearest records without a version filter (a metadata filter over
the whole collection costs more than the search itself) and drop invisible ones; only when an
edit is in flight and invisible records crowd the top do they ask again, wider, then filtered.

A change of embedder (`ingest --full` with another model) or a restore writes a new epoch,
served by the same flip; the old epoch is dropped after it. Bases stored in the previous
layout (one collection per generation, `<name>__g<N>_<hex>`) are migrated on first use.

Modules: `records` (what is stored and read back), `versions` (which records a version
sees), `chroma` (clients), `collections` (the registry and the collections of each epoch),
`reader` (the served version: manifest, chunks, queries), `edits` (writing, committing,
purging), `migration` (the previous layout).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from knowledge.store.chroma import close_chroma_client, open_chroma_client
from knowledge.store.edits import Edit, EditingStore
from knowledge.store.migration import migrate_previous_layout
from knowledge.store.records import (
    DOC_ONLY_FIELDS,
    FILTER_FIELDS,
    DocumentRecord,
    Metadata,
    StoredChunk,
    StoreInfo,
    split_metadata,
)
from knowledge.store.versions import OPEN, is_visible, item_id, record_id, visible_filter

__all__ = [
    "DOC_ONLY_FIELDS",
    "FILTER_FIELDS",
    "OPEN",
    "DocumentRecord",
    "Edit",
    "KnowledgeStore",
    "Metadata",
    "StoreInfo",
    "StoredChunk",
    "close_chroma_client",
    "is_visible",
    "item_id",
    "open_chroma_client",
    "open_store",
    "record_id",
    "split_metadata",
    "visible_filter",
]


class KnowledgeStore(EditingStore):
    """The knowledge base in Chroma: reads the served version, writes edits beside it."""

    def _migrate(self, md: dict[str, Any]) -> dict[str, Any]:
        return migrate_previous_layout(self, md)


def open_store(chroma_url: str, data_dir: Path, name: str = "sportello") -> KnowledgeStore:
    """Open the knowledge store named by the settings (server URL, else embedded)."""
    path = data_dir / "chroma"
    client = open_chroma_client(chroma_url, path)
    return KnowledgeStore(client, name, location=chroma_url or str(path))
