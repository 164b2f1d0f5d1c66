"""The version bookkeeping of records: which edit wrote a record and which retired it, which
records a reader at version `N` sees, and the served pointer a reader holds."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

WRITE_BATCH = 1000
READ_BATCH = 2000
#: `v_to` of a live record (Chroma metadata integers are 64-bit; this stays clear of limits).
OPEN = 2**31 - 1
VERSION_FIELDS = ("v_from", "v_to")


def record_id(item_id: str, version: int) -> str:
    """The id of a record (chunk, unit pack, manifest entry) written by edit `version`."""
    return f"{item_id}@{version}"


def item_id(record: str) -> str:
    """The chunk (or document) id of a record id."""
    return record.rsplit("@", 1)[0]


def visible_filter(version: int) -> dict[str, Any]:
    """The Chroma filter of the records served at `version`."""
    return {"$and": [{"v_from": {"$lte": version}}, {"v_to": {"$gt": version}}]}


def is_visible(md: Mapping[str, Any] | None, version: int) -> bool:
    """True when a record with this metadata is served at `version`."""
    if not md:
        return False
    return int(md.get("v_from", OPEN)) <= version < int(md.get("v_to", 0))


@dataclass(frozen=True, slots=True)
class Served:
    """The registry's pointer as a reader holds it: epoch, version and their collections."""

    epoch: int
    version: int
    embedder: str | None
    dimension: int | None
    updated_at: str | None
    chunks: Any
    units: Any
    docs: Any

    @property
    def key(self) -> str | None:
        return f"e{self.epoch}@v{self.version}" if self.chunks is not None else None


NO_SERVED = Served(0, 0, None, None, None, None, None, None)


def delete_retired(collection: Any, upto: int) -> None:
    """Delete the records retired by edits up to `upto`."""
    ids = collection.get(where={"v_to": {"$lte": upto}}, include=[])["ids"]
    for start in range(0, len(ids), WRITE_BATCH):
        collection.delete(ids=list(ids[start : start + WRITE_BATCH]))
