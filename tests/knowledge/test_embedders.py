"""Embedders: the default USE model and a sentence-transformers model shipped offline."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ingest.sources import root_for_path
from ingest.sync import Ingestor
from knowledge.base import KnowledgeBase
from knowledge.embedders import KnowledgeEmbeddings, build_embedder, embedder_name
from knowledge.errors import EmbedderError, EmbedderMismatchError
from knowledge.settings import KnowledgeSettings
from knowledge.store import KnowledgeStore, open_chroma_client


def test_default_embedder_gives_unit_vectors_that_match_across_languages(
    embedder: KnowledgeEmbeddings,
) -> None:
    vectors = embedder.embed_array(
        ["finanziamento per le fiere all'estero", "loan for trade fairs abroad", "meteo a Dubai"]
    )
    assert vectors.shape == (3, 512)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
    assert len(embedder.embed_query("ciao")) == 512


@pytest.fixture(scope="module")
def minilm() -> KnowledgeEmbeddings:
    return build_embedder("sentence-transformers/all-MiniLM-L6-v2")


def test_minilm_loads_offline_from_its_package(minilm: KnowledgeEmbeddings) -> None:
    assert minilm.name == "st:sentence-transformers/all-MiniLM-L6-v2"
    assert embedder_name("all-MiniLM-L6-v2") == minilm.name
    vectors = minilm.embed_array(["trade fair loan", "export credit insurance"])
    assert vectors.shape == (2, minilm.dimension)
    assert minilm.dimension == 384


def test_a_model_that_is_not_on_disk_is_refused_with_a_message() -> None:
    with pytest.raises(EmbedderError, match="nothing is downloaded"):
        build_embedder("some-org/a-model-that-is-not-here")


def test_base_built_with_one_embedder_is_refused_with_another(
    tmp_path: Path, embedder: KnowledgeEmbeddings, minilm: KnowledgeEmbeddings
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("# Fiere\n\nIl voucher copre le fiere estere.", encoding="utf-8")
    store = KnowledgeStore(open_chroma_client("", tmp_path / "chroma"), "sportello")
    Ingestor(store, minilm, lock_path=tmp_path / "lock", max_bytes=10**6).run(
        [root_for_path(str(docs))]
    )
    assert store.info().embedder == minilm.name
    kb = KnowledgeBase(KnowledgeSettings(data_dir=tmp_path), store, embedder)
    with pytest.raises(EmbedderMismatchError, match="ingest --full"):
        _ = kb.answerer
    same = KnowledgeBase(KnowledgeSettings(data_dir=tmp_path), store, minilm)
    answer = same.answerer.answer_sync("voucher per le fiere")
    assert answer.sources
    assert answer.sources[0].file_name == "a.md"
