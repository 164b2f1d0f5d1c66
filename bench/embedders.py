"""Embedders of the benchmarks: one that records the batches it is given, and a synthetic one."""

from __future__ import annotations

import hashlib

import numpy as np

from knowledge.embedders import KnowledgeEmbeddings


class RecordingEmbeddings(KnowledgeEmbeddings):
    """Wraps a real embedder and keeps every batch of texts, to replay them on their own."""

    def __init__(self, inner: KnowledgeEmbeddings) -> None:
        self.inner = inner
        self.name = inner.name
        self.dimension = inner.dimension
        self.batches: list[list[str]] = []

    def embed_array(self, texts: list[str]) -> np.ndarray:
        self.batches.append(list(texts))
        return self.inner.embed_array(texts)


class HashEmbeddings(KnowledgeEmbeddings):
    """Synthetic 512-dimensional unit vectors drawn from a hash of the text (no model).

    Deterministic (same text, same vector) and nearly free, so a benchmark of the store path
    measures parsing, chunking and Chroma, not the model. The vectors carry no meaning.
    """

    name = "bench-hash-512"
    dimension = 512

    def embed_array(self, texts: list[str]) -> np.ndarray:
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        for i, text in enumerate(texts):
            seed = int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest())
            vector = np.random.default_rng(seed).standard_normal(self.dimension)
            out[i] = vector / np.linalg.norm(vector)
        return out
