"""The composition of the knowledge base: settings → store and embedder, built on demand."""

from __future__ import annotations

import threading

from knowledge.answering import Answerer
from knowledge.embedders import KnowledgeEmbeddings, build_embedder
from knowledge.lexicon import WordVectors
from knowledge.llm import build_composer
from knowledge.retrieval import Retriever
from knowledge.settings import KnowledgeSettings
from knowledge.store import KnowledgeStore, open_store


class KnowledgeBase:
    """The store and the embedder named by the settings; the embedder loads on first use."""

    def __init__(
        self,
        settings: KnowledgeSettings,
        store: KnowledgeStore,
        embedder: KnowledgeEmbeddings | None = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self._embedder = embedder
        self._answerer: Answerer | None = None
        self._lock = threading.Lock()

    @property
    def embedder(self) -> KnowledgeEmbeddings:
        with self._lock:
            if self._embedder is None:
                self._embedder = build_embedder(self.settings.embedding_model)
            return self._embedder

    @property
    def answerer(self) -> Answerer:
        """The answerer over this base (extractive, or the configured LLM)."""
        embedder = self.embedder
        with self._lock:
            if self._answerer is None:
                # A base built by another embedder cannot be searched with this one.
                self.store.check_embedder(embedder.name, embedder.dimension)
                words = WordVectors(embedder, self.settings.data_dir / "cache")
                retriever = Retriever(self.store, embedder, words=words)
                self._answerer = Answerer(retriever, composer=build_composer(self.settings))
            return self._answerer

    def close(self) -> None:
        """Release the store's connections."""
        self.store.close()


def open_knowledge_base(
    settings: KnowledgeSettings, embedder: KnowledgeEmbeddings | None = None
) -> KnowledgeBase:
    """Open the store (embedded or server) named by the settings."""
    store = open_store(settings.chroma_url, settings.data_dir, settings.chroma_collection)
    return KnowledgeBase(settings, store, embedder)
