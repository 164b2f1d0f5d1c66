"""`sportello ask` and `sportello eval` as processes over the ingested starter corpus."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.integration

DEV_SET = Path(__file__).resolve().parents[1] / "eval" / "dev_reporting.jsonl"

# Floors set a little under the figures measured on the reporting half of the development set,
# which nothing was tuned on (see BENCHMARKS.md): the test fails when a change makes retrieval or
# answers measurably worse.
FLOORS = {
    "hit@1": 0.75,
    "hit@3": 0.88,
    "mrr": 0.82,
    "strict": 0.52,
    "oos_refused": 0.35,
    "clarify_recall": 0.5,
}
EVAL = Path(__file__).resolve().parents[1] / "eval"
# Floors under the figures measured on blind sets A, C and D (written by helpers who never read
# the code; nothing was tuned on them). Each set is ingested into its own knowledge base.
BLIND_FLOORS = {
    "blind_a": {"hit@3": 0.9, "strict": 0.65, "oos_refused": 0.3},
    "blind_c": {"hit@3": 0.88, "strict": 0.62, "oos_refused": 0.45, "clarify_recall": 0.3},
    "blind_d": {"hit@3": 0.93, "strict": 0.8, "clarify_recall": 0.4},
}


def sportello(corpus_kb: Any, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATA_DIR": str(corpus_kb.settings.data_dir),
        "CHROMA_URL": "",
        "LLM_PROVIDER": "",
        "TELEGRAM_BOT_TOKEN": "",
    }
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_ask_json_has_answer_sources_and_timings(corpus_kb: Any) -> None:
    out = sportello(corpus_kb, "ask", "cos'è il numero EORI?", "--json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert {"answer", "sources", "confidence", "covered", "language", "timings_ms"} <= set(result)
    assert result["covered"]
    assert result["language"] == "it"
    assert result["sources"][0]["file_name"] == "faq-eori.md"
    assert {"doc_id", "title", "url", "path"} <= set(result["sources"][0])
    assert result["timings_ms"]["total"] > 0


def test_ask_with_history_file_resolves_the_follow_up(corpus_kb: Any, tmp_path: Path) -> None:
    history = tmp_path / "history.json"
    history.write_text(json.dumps(["che certificazioni servono per la cina?"]))
    out = sportello(corpus_kb, "ask", "e per il giappone?", "--history", str(history), "--json")
    result = json.loads(out.stdout)
    assert result["sources"][0]["file_name"] == "guida-giappone.md"


def test_ask_prints_sources_in_plain_text(corpus_kb: Any) -> None:
    out = sportello(corpus_kb, "ask", "what is the EORI number?")
    assert "Sources:" in out.stdout
    assert "[1]" in out.stdout


def test_eval_on_the_development_set_stays_above_the_floors(corpus_kb: Any) -> None:
    floors = [f"--floor={k}={v}" for k, v in FLOORS.items()]
    out = sportello(corpus_kb, "eval", str(DEV_SET), "--json", *floors)
    summary = json.loads(out.stdout)
    assert out.returncode == 0, out.stderr
    assert {
        "hit@1",
        "hit@3",
        "hit@5",
        "mrr",
        "key_facts",
        "abstain_precision",
        "abstain_recall",
        "by_lang",
        "by_kind",
    } <= set(summary)
    assert set(summary["by_lang"]) == {"it", "en"}


@pytest.mark.parametrize("blind_set", sorted(BLIND_FLOORS))
def test_eval_on_a_blind_set_ingests_its_documents_and_stays_above_the_floors(
    corpus_kb: Any, blind_set: str
) -> None:
    floors = [f"--floor={k}={v}" for k, v in BLIND_FLOORS[blind_set].items()]
    out = sportello(corpus_kb, "eval", str(EVAL / blind_set), "--json", *floors)
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    classes = summary["classes"]
    assert {"it→it", "it→en", "en→it", "follow-up", "out-of-scope refused"} <= set(classes)
    # The target is 5%; measured 6.0% (A) and 6.9% (C) with the threshold fitted on the
    # tuning sets at 2% (BENCHMARKS.md, section 6).
    assert classes["answerable refused"]["rate"] <= 0.08


def test_eval_table_and_floor_failure(corpus_kb: Any, tmp_path: Path) -> None:
    small = tmp_path / "q.jsonl"
    small.write_text(
        '{"id": "a", "lang": "it", "question": "chi gestisce il fondo 394/81?", '
        '"expected_docs": ["guida-cina.md"], "must_contain": [], "kind": "factual"}\n'
    )
    out = sportello(corpus_kb, "eval", str(small), "--floor", "hit@5=0.5")
    assert out.returncode == 1
    assert "hit@1" in out.stdout
    assert "below floor" in out.stderr
