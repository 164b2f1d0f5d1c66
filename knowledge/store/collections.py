"""The Chroma collections of a named knowledge base: its registry (the served pointer and
embedder) and the three collections of each epoch, created, found and dropped."""

from __future__ import annotations

import logging
import re
import threading
from typing import Any

from knowledge.errors import EmbedderMismatchError
from knowledge.store.records import StoreInfo

log = logging.getLogger(__name__)

#: The collections of an epoch: chunks, answer units, manifest.
SUFFIXES = ("c", "u", "d")


class StoreCollections:
    """A knowledge base's collections in one Chroma client, found by name."""

    def __init__(self, client: Any, name: str = "sportello", *, location: str = "") -> None:
        if not re.fullmatch(r"[a-zA-Z0-9][a-zA-Z0-9_-]{1,40}[a-zA-Z0-9]", name):
            raise ValueError(f"collection name {name!r}: use 3-42 letters, digits, - or _")
        self._client = client
        self.name = name
        self.location = location
        self._registry_name = f"{name}__registry"
        self._lock = threading.RLock()

    def _registry(self) -> Any:
        return self._client.get_or_create_collection(
            self._registry_name,
            metadata={"sportello": "registry", "active": "", "generation": 0},
            embedding_function=None,
        )

    def _collection_name(self, epoch: int, suffix: str) -> str:
        return f"{self.name}__e{epoch}_{suffix}"

    def _collection(
        self, epoch: int, suffix: str, embedder: str, dim: int, *, create: bool = False
    ) -> Any:
        name = self._collection_name(epoch, suffix)
        if not create:
            return self._client.get_collection(name, embedding_function=None)
        return self._client.get_or_create_collection(
            name,
            metadata={
                "sportello": {"c": "chunks", "u": "units", "d": "manifest"}[suffix],
                "embedder": embedder,
                "dimension": dim,
            },
            configuration={"hnsw": {"space": "cosine"}},
            embedding_function=None,
        )

    def _read_registry(self) -> dict[str, Any]:
        md = dict(self._registry().metadata or {})
        if md.get("active") and not md.get("layout"):
            md = self._migrate(md)
        return md

    def info(self) -> StoreInfo:
        """Read the registry: served version, embedder, dimension."""
        md = self._read_registry()
        active = str(md.get("active") or "") or None
        return StoreInfo(
            name=self.name,
            active=active,
            embedder=str(md["embedder"]) if md.get("embedder") else None,
            dimension=int(md["dimension"]) if md.get("dimension") else None,
            generation=int(md.get("generation") or 0),
            updated_at=str(md["updated_at"]) if md.get("updated_at") else None,
            location=self.location,
        )

    def check_embedder(self, embedder_name: str, dimension: int) -> None:
        """Refuse to serve or extend a knowledge base built by another embedder."""
        info = self.info()
        if info.active and info.embedder and info.embedder != embedder_name:
            raise EmbedderMismatchError(
                f"the knowledge base {self.name!r} was built with the embedder "
                f"{info.embedder!r}, but EMBEDDING_MODEL selects {embedder_name!r}: set "
                f"EMBEDDING_MODEL back, or re-ingest with `sportello ingest --full`"
            )
        if info.active and info.dimension and info.dimension != dimension:
            raise EmbedderMismatchError(
                f"the knowledge base has vectors of dimension {info.dimension}, the embedder "
                f"gives {dimension}: re-ingest with `sportello ingest --full`"
            )

    def _migrate(self, md: dict[str, Any]) -> dict[str, Any]:
        """Move a base stored in the previous layout to versioned records; returns the
        registry's new metadata (`KnowledgeStore` knows how)."""
        raise NotImplementedError("this store cannot migrate a base of the previous layout")

    def _epoch_names(self) -> list[str]:
        prefixes = (f"{self.name}__e", f"{self.name}__g")
        return [c.name for c in self._client.list_collections() if c.name.startswith(prefixes)]

    def _drop_epoch(self, epoch: int) -> None:
        for suffix in SUFFIXES:
            try:
                self._client.delete_collection(self._collection_name(epoch, suffix))
            except Exception as exc:
                if "does not exist" not in str(exc).lower():
                    raise

    def _drop_other_epochs(self, keep: int | None) -> None:
        keep_names = {self._collection_name(keep, s) for s in SUFFIXES} if keep else set()
        for stale in self._epoch_names():
            if stale not in keep_names:
                log.info("dropping %s, left by an unfinished or replaced write", stale)
                try:
                    self._client.delete_collection(stale)
                except Exception as exc:  # dropped by the next edit
                    log.warning("could not drop %s: %s", stale, exc)
