"""Evaluation sets with their own documents: `DIR/docs/` and `DIR/questions.jsonl`.

`sportello eval DIR` ingests the set's documents into a knowledge base of its own (under
`DATA_DIR/eval/`, one per set and embedder, synced incrementally, so a second run re-embeds
nothing), then answers the set's questions from it. The served knowledge base is not touched.
"""

from __future__ import annotations

import re
from pathlib import Path

from ingest.sources import root_for_path
from ingest.sync import IngestReport, build_ingestor
from knowledge.base import KnowledgeBase, open_knowledge_base
from knowledge.embedders import embedder_name
from knowledge.errors import KnowledgeError
from knowledge.settings import KnowledgeSettings


class EvalSetError(KnowledgeError):
    """An evaluation set folder without documents or questions."""


def set_questions(set_dir: Path) -> Path:
    """The question file of a set folder."""
    path = set_dir / "questions.jsonl"
    if not path.is_file():
        raise EvalSetError(f"{set_dir} has no questions.jsonl")
    return path


def open_eval_base(
    set_dir: Path, settings: KnowledgeSettings
) -> tuple[KnowledgeBase, IngestReport]:
    """Ingest `set_dir/docs` into the set's own knowledge base and open it."""
    docs = set_dir / "docs"
    if not docs.is_dir():
        raise EvalSetError(f"{set_dir} has no docs/ folder")
    slug = re.sub(r"[^a-z0-9]+", "-", f"{set_dir.name}-{embedder_name(settings.embedding_model)}")
    own = settings.model_copy(
        update={
            "data_dir": settings.data_dir / "eval" / slug.strip("-").lower(),
            "chroma_url": "",
        }
    )
    own.data_dir.mkdir(parents=True, exist_ok=True)
    kb = open_knowledge_base(own)
    report = build_ingestor(own, kb=kb).run([root_for_path(str(docs))])
    return kb, report
