"""A bilingual lexicon learned from meaning: the base's own words with their vectors.

The multilingual embedder places a word near its translations (`refund` ≈ `rimborso`,
`free` ≈ `gratuito`, `register` ≈ `registrati`), so a question's words are translated into the
other language by the closest words of the documents written in it. Word vectors do not depend
on the served version: they are embedded once per embedder and kept in memory and, when a
folder is given, in a cache file there, so that a restart or a new version embeds only the
words it has not seen.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterable
from difflib import SequenceMatcher
from pathlib import Path

import numpy as np
from filelock import FileLock, Timeout

from knowledge.embedders import KnowledgeEmbeddings
from knowledge.lexical import STOPWORDS, stem, tokenize

log = logging.getLogger(__name__)

#: Cognates share their first letters and most of their spelling (`registration`,
#: `registrazione`; `certificate`, `certificato`).
_COGNATE_PREFIX = 4
_COGNATE_SPELLING = 0.75


def lexicon_words(text: str) -> list[str]:
    """The words of a text that can be translated: alphabetic, longer than three letters, not
    stop words."""
    return [w for w in tokenize(text) if w.isalpha() and len(w) > 3 and w not in STOPWORDS]


class WordVectors:
    """Vectors of single words by one embedder, embedded on first need and cached."""

    def __init__(self, embedder: KnowledgeEmbeddings, cache_dir: Path | None = None) -> None:
        self.embedder = embedder
        self.path = cache_dir / f"words-{embedder.name}.npz" if cache_dir is not None else None
        self._vectors: dict[str, np.ndarray] = {}
        self._loaded = False
        self._lock = threading.Lock()

    def vectors(self, words: Iterable[str]) -> np.ndarray:
        """One row per word, in order; words never seen are embedded (and saved)."""
        words = list(words)
        with self._lock:
            self._load()
            missing = list(dict.fromkeys(w for w in words if w not in self._vectors))
            if missing:
                for word, vector in zip(missing, self.embedder.embed_array(missing), strict=True):
                    self._vectors[word] = np.asarray(vector, dtype=np.float32)
                self._save()
            if not words:
                return np.zeros((0, self.embedder.dimension), dtype=np.float32)
            return np.vstack([self._vectors[w] for w in words])

    def lookup(self, words: list[str]) -> np.ndarray:
        """One row per word, in order: the cached vectors, and the others embedded now and
        not kept (a question's words, which need not be the base's)."""
        with self._lock:
            self._load()
            known = {w: self._vectors[w] for w in words if w in self._vectors}
        missing = list(dict.fromkeys(w for w in words if w not in known))
        if missing:
            known.update(zip(missing, self.embedder.embed_array(missing), strict=True))
        return np.vstack([np.asarray(known[w], dtype=np.float32) for w in words])

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        if self.path is None or not self.path.is_file():
            return
        self._vectors.update({w: v for w, v in self._read().items() if w not in self._vectors})

    def _read(self) -> dict[str, np.ndarray]:
        """The cache file's words, or none when it is missing, truncated or foreign."""
        if self.path is None or not self.path.is_file():
            return {}
        try:
            # Opened here, so that a truncated file is closed too (np.load leaves it open).
            with open(self.path, "rb") as fh, np.load(fh, allow_pickle=False) as data:
                words, matrix = data["words"], data["vectors"]
                if matrix.ndim != 2 or matrix.shape[1] != self.embedder.dimension:
                    return {}
                return {
                    str(word): row.astype(np.float32)
                    for word, row in zip(words.tolist(), matrix, strict=True)
                }
        except Exception as exc:  # a broken cache (zip, pickle, truncation) is rebuilt
            log.warning("word vector cache %s unreadable (%s); rebuilding it", self.path, exc)
            return {}

    def _save(self) -> None:
        """Write the cache, merged with what another process wrote meanwhile, under a file
        lock; the file is replaced whole, so readers never see half of it."""
        if self.path is None:
            return
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp.npz")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with FileLock(str(self.path) + ".lock", timeout=30):
                for word, vector in self._read().items():
                    self._vectors.setdefault(word, vector)
                words = list(self._vectors)
                np.savez(
                    tmp,
                    words=np.array(words),
                    vectors=np.vstack([self._vectors[w] for w in words]).astype(np.float16),
                )
                os.replace(tmp, self.path)
        except (OSError, Timeout) as exc:  # a cache not written costs time, not answers
            log.warning("word vector cache %s not written (%s)", self.path, exc)
        finally:
            tmp.unlink(missing_ok=True)


class Lexicon:
    """The words of the documents in one language, with their vectors."""

    def __init__(self, words: list[str], matrix: np.ndarray) -> None:
        self.words = words
        self.matrix = matrix
        #: Words by their first letters, where a word's cognates are looked for.
        self._by_prefix: dict[str, list[int]] = {}
        for i, word in enumerate(words):
            self._by_prefix.setdefault(word[:_COGNATE_PREFIX], []).append(i)

    def translate(
        self,
        query: str,
        vectors: WordVectors,
        *,
        similarity: float,
        neighbours: int,
        cognate_similarity: float = 1.0,
    ) -> list[str]:
        """For each word of the query, the closest words of this language (at least
        `similarity` close, at most `neighbours`), other than the word itself; and its
        cognates: words written alike (`consortia`, `consorzi`) that are at least
        `cognate_similarity` close in meaning, two weaker pieces of evidence that together
        make a translation where the nearest word alone may be another (`insieme`)."""
        asked = list(dict.fromkeys(lexicon_words(query)))
        if not self.words or not asked:
            return []
        found: list[str] = []
        sims = vectors.lookup(asked) @ self.matrix.T
        k = min(neighbours, len(self.words))
        for word, row in zip(asked, sims, strict=True):
            best = np.argpartition(-row, k - 1)[:k]
            for i in best[np.argsort(-row[best])]:
                if row[i] < similarity:
                    break
                if stem(self.words[i]) != stem(word):
                    found.append(self.words[i])
            for i in self._by_prefix.get(word[:_COGNATE_PREFIX], []):
                other = self.words[i]
                if (
                    row[i] >= cognate_similarity
                    and stem(other) != stem(word)
                    and SequenceMatcher(None, word, other).ratio() >= _COGNATE_SPELLING
                ):
                    found.append(other)
        return list(dict.fromkeys(found))
