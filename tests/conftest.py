"""Shared fixtures: the real embedder, a real Chroma (embedded and a `chroma run` server)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from knowledge.embedders import KnowledgeEmbeddings, UseEmbeddings
from knowledge.store import KnowledgeStore, close_chroma_client, open_chroma_client

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "knowledge" / "corpus"
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def embedder() -> KnowledgeEmbeddings:
    """The real default embedder (USE multilingual v3), loaded once."""
    return UseEmbeddings()


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `chroma run` server on 127.0.0.1, stopped by its PID at the end."""
    chroma = shutil.which("chroma", path=str(VENV_BIN)) or shutil.which("chroma")
    if chroma is None:
        pytest.fail("the `chroma` command is missing: run `make install`")
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    log = (path / "server.log").open("wb")
    proc = subprocess.Popen(
        [chroma, "run", "--host", "127.0.0.1", "--port", str(port), "--path", str(path / "db")],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"chroma run exited: {(path / 'server.log').read_text()[-2000:]}")
        try:
            if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("chroma run did not answer within 60 s")
    yield url
    import chromadb

    close_chroma_client(chromadb.HttpClient(host="127.0.0.1", port=port))
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(params=["embedded", "server"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[KnowledgeStore]:
    """A fresh knowledge store, once embedded and once on the Chroma server."""
    if request.param == "embedded":
        client = open_chroma_client("", tmp_path / "chroma")
        yield KnowledgeStore(client, "kbtest", location=str(tmp_path))
    else:
        url = request.getfixturevalue("chroma_server")
        client = open_chroma_client(url, tmp_path)
        name = f"kb{abs(hash(request.node.nodeid)) % 10**8}"
        store = KnowledgeStore(client, name, location=url)
        yield store
        store.close()


@pytest.fixture(scope="session")
def corpus_kb(tmp_path_factory: pytest.TempPathFactory, embedder: KnowledgeEmbeddings) -> Any:
    """The starter corpus ingested once into an embedded store (real files, real model)."""
    from ingest.sources import configured_roots
    from ingest.sync import Ingestor
    from knowledge.base import KnowledgeBase
    from knowledge.settings import KnowledgeSettings

    data = tmp_path_factory.mktemp("corpus-kb")
    settings = KnowledgeSettings(data_dir=data, chroma_url="", llm_provider="")
    client = open_chroma_client("", data / "chroma")
    store = KnowledgeStore(client, "sportello", location=str(data))
    report = Ingestor(store, embedder, lock_path=data / "ingest.lock", max_bytes=20_000_000).run(
        configured_roots(settings.sources_file)
    )
    assert report.ok, report.failed
    return KnowledgeBase(settings, store, embedder)
