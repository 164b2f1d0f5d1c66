"""Errors of the knowledge base.

KnowledgeError
├── EmbedderError          the configured embedder cannot be loaded
├── StoreError             the store cannot be opened or written
│   └── EmbedderMismatchError   the collection was built with another embedder
└── DocumentNotFoundError  no document with that id
"""


class KnowledgeError(Exception):
    """Base of the knowledge base's errors; the message says what to do."""


class EmbedderError(KnowledgeError):
    """The configured embedder cannot be loaded."""


class StoreError(KnowledgeError):
    """The vector store cannot be opened, read or written."""


class EmbedderMismatchError(StoreError):
    """The knowledge base was built with another embedder than the configured one."""


class DocumentNotFoundError(KnowledgeError):
    """No document with the given id."""
