"""The bilingual lexicon learned from meaning, with the real embedder (USE multilingual)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from knowledge.embedders import KnowledgeEmbeddings
from knowledge.lexicon import Lexicon, WordVectors


class Counting(KnowledgeEmbeddings):
    """The real embedder, counting the texts it is asked to embed."""

    def __init__(self, inner: KnowledgeEmbeddings) -> None:
        self.inner = inner
        self.name = inner.name
        self.dimension = inner.dimension
        self.embedded: list[str] = []

    def embed_array(self, texts: list[str]) -> np.ndarray:
        self.embedded.extend(texts)
        return self.inner.embed_array(texts)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed_array(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_array([text])[0].tolist()


@pytest.fixture
def counting(embedder: KnowledgeEmbeddings) -> Counting:
    return Counting(embedder)


ITALIAN = ["rimborso", "gratuito", "fiera", "dazio", "assicurazione", "dipendenti", "scadenza"]


def test_question_words_find_their_translations_among_the_documents_words(
    counting: Counting,
) -> None:
    words = WordVectors(counting)
    lexicon = Lexicon(ITALIAN, words.vectors(ITALIAN))
    found = lexicon.translate(
        "is the refund free? what about insurance", words, similarity=0.75, neighbours=1
    )
    assert {"rimborso", "gratuito", "assicurazione"} <= set(found)
    assert "fiera" not in found


def test_a_cognate_close_in_meaning_translates_where_the_nearest_word_is_another(
    counting: Counting,
) -> None:
    # "consortia" is nearest to "insieme" (together), and "consorzi" is a little further than
    # the bar for a translation by meaning alone; written alike and close, it is one.
    italian = ["insieme", "consorzi", "fiera", "scadenza"]
    words = WordVectors(counting)
    lexicon = Lexicon(italian, words.vectors(italian))
    asked = "when does the export consortia call close"
    assert "consorzi" not in lexicon.translate(asked, words, similarity=0.75, neighbours=1)
    found = lexicon.translate(asked, words, similarity=0.75, neighbours=1, cognate_similarity=0.6)
    assert "consorzi" in found
    assert "scadenza" not in found


def test_word_vectors_are_embedded_once_and_kept_on_disk(
    counting: Counting, embedder: KnowledgeEmbeddings, tmp_path: Path
) -> None:
    first = WordVectors(counting, tmp_path)
    vectors = first.vectors(ITALIAN)
    assert counting.embedded == ITALIAN
    assert (tmp_path / f"words-{embedder.name}.npz").is_file()

    again = Counting(embedder)
    restarted = WordVectors(again, tmp_path)
    assert np.allclose(restarted.vectors(ITALIAN), vectors, atol=1e-2)  # float16 on disk
    restarted.vectors([*ITALIAN, "garanzia"])
    assert again.embedded == ["garanzia"]


def test_a_question_s_words_are_not_added_to_the_cache(
    counting: Counting, embedder: KnowledgeEmbeddings, tmp_path: Path
) -> None:
    words = WordVectors(counting, tmp_path)
    words.vectors(ITALIAN)
    before = (tmp_path / f"words-{embedder.name}.npz").stat().st_mtime_ns
    words.lookup(["refund", "rimborso"])
    assert counting.embedded[-1:] == ["refund"]
    assert (tmp_path / f"words-{embedder.name}.npz").stat().st_mtime_ns == before
    words.lookup(["refund"])
    assert counting.embedded[-1:] == ["refund"]  # embedded again: not kept


def test_a_broken_cache_file_is_rebuilt(
    counting: Counting, embedder: KnowledgeEmbeddings, tmp_path: Path, caplog: Any
) -> None:
    (tmp_path / f"words-{embedder.name}.npz").write_bytes(b"not a numpy archive")
    words = WordVectors(counting, tmp_path)
    with caplog.at_level(logging.WARNING):
        assert words.vectors(["rimborso"]).shape == (1, embedder.dimension)
    assert "unreadable" in caplog.text
    assert WordVectors(Counting(embedder), tmp_path).vectors(["rimborso"]).shape[0] == 1


def test_a_truncated_cache_file_is_rebuilt(
    counting: Counting, embedder: KnowledgeEmbeddings, tmp_path: Path
) -> None:
    WordVectors(counting, tmp_path).vectors(ITALIAN)
    path = tmp_path / f"words-{embedder.name}.npz"
    path.write_bytes(path.read_bytes()[:100])  # a power cut mid-write, without the rename
    assert WordVectors(Counting(embedder), tmp_path).vectors(["rimborso"]).shape[0] == 1


def test_two_processes_writing_the_cache_keep_each_other_s_words(
    embedder: KnowledgeEmbeddings, tmp_path: Path
) -> None:
    first, second = WordVectors(embedder, tmp_path), WordVectors(embedder, tmp_path)
    first.vectors(["rimborso"])  # both have loaded the cache (empty) before either wrote
    second.vectors(["gratuito"])
    fresh = Counting(embedder)
    WordVectors(fresh, tmp_path).vectors(["rimborso", "gratuito"])
    assert fresh.embedded == []
