"""The knowledge base as a library: documents, embedders, the Chroma store, retrieval, answers.

Never imports `telegram` or `bot`.
"""

from knowledge.base import KnowledgeBase, open_knowledge_base
from knowledge.documents import Block, Chunk, DocumentKind, DocumentMeta, ParsedDocument
from knowledge.errors import (
    DocumentNotFoundError,
    EmbedderError,
    EmbedderMismatchError,
    KnowledgeError,
    StoreError,
)
from knowledge.settings import KnowledgeSettings
from knowledge.store import DocumentRecord, KnowledgeStore, StoredChunk, open_store

__all__ = [
    "Block",
    "Chunk",
    "DocumentKind",
    "DocumentMeta",
    "DocumentNotFoundError",
    "DocumentRecord",
    "EmbedderError",
    "EmbedderMismatchError",
    "KnowledgeBase",
    "KnowledgeError",
    "KnowledgeSettings",
    "KnowledgeStore",
    "ParsedDocument",
    "StoreError",
    "StoredChunk",
    "open_knowledge_base",
    "open_store",
]
