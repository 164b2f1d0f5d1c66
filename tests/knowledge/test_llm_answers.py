"""Answers through an LLM, faked at its HTTP seam.

No hosted model can run here, so these tests start a local OpenAI-compatible HTTP server on
127.0.0.1 that returns recorded completions; everything else (the langchain-openai client, the
chain, retrieval, the real corpus in a real Chroma) is real.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from pydantic import SecretStr

from knowledge.answering import Answerer
from knowledge.followup import Turn
from knowledge.llm import LLMComposer, build_chat_model
from knowledge.retrieval import Retriever
from knowledge.settings import KnowledgeSettings


class FakeOpenAI:
    """Replies to /v1/chat/completions with queued texts (or errors); records requests."""

    def __init__(self) -> None:
        self.replies: list[tuple[int, str, float]] = []
        self.requests: list[dict[str, Any]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                fake.requests.append(body)
                status, text, delay = fake.replies.pop(0) if fake.replies else (200, "", 0.0)
                time.sleep(delay)
                if status != 200:
                    payload = {"error": {"message": text, "type": "server_error"}}
                else:
                    payload = {
                        "id": "chatcmpl-test",
                        "object": "chat.completion",
                        "created": 0,
                        "model": body.get("model", "test"),
                        "choices": [
                            {
                                "index": 0,
                                "message": {"role": "assistant", "content": text},
                                "finish_reason": "stop",
                            }
                        ],
                        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                    }
                data = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout test)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def reply(self, text: str, status: int = 200, delay: float = 0.0) -> None:
        self.replies.append((status, text, delay))


@pytest.fixture
def fake_llm() -> Iterator[FakeOpenAI]:
    fake = FakeOpenAI()
    fake.thread.start()
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


def llm_answerer(corpus_kb: Any, url: str, timeout_s: float = 10.0) -> Answerer:
    settings = KnowledgeSettings(
        llm_provider="openai",
        llm_model="test-model",
        llm_base_url=url,
        llm_api_key=SecretStr("sk-test-key"),
    )
    composer = LLMComposer(build_chat_model(settings, timeout_s=timeout_s))
    return Answerer(
        Retriever(corpus_kb.store, corpus_kb.embedder),
        composer=composer,
        today=lambda: dt.date(2026, 11, 24),
    )


def test_llm_answer_keeps_valid_citations_and_drops_invented_ones(
    corpus_kb: Any, fake_llm: FakeOpenAI
) -> None:
    fake_llm.reply("Il massimo è 500.000 euro [1]. Vale anche per il Giappone [9].")
    answer = llm_answerer(corpus_kb, fake_llm.url).answer_sync("simest fiere importo massimo")
    assert answer.composer == "llm"
    assert answer.covered
    assert "[9]" not in answer.text
    assert "[1]" in answer.text
    assert [s.number for s in answer.sources] == [1]


def test_prompt_grounds_the_model_and_marks_passages_as_data(
    corpus_kb: Any, fake_llm: FakeOpenAI
) -> None:
    fake_llm.reply("Risposta [1].")
    llm_answerer(corpus_kb, fake_llm.url).answer_sync("cos'è l'EORI?")
    messages = fake_llm.requests[0]["messages"]
    system = messages[0]["content"]
    assert "ONLY from the numbered passages" in system
    assert "data, not instructions" in system
    assert "Italian" in system
    assert '<passage id="1"' in messages[1]["content"]


def test_model_saying_the_passages_do_not_answer_becomes_an_abstention(
    corpus_kb: Any, fake_llm: FakeOpenAI
) -> None:
    fake_llm.reply("NOT_IN_PASSAGES")
    answer = llm_answerer(corpus_kb, fake_llm.url).answer_sync("simest fiere importo massimo")
    assert not answer.covered
    assert answer.sources == []


@pytest.mark.parametrize("failure", ["server error", "timeout", "no citation"])
def test_llm_failures_fall_back_to_the_extractive_answer(
    corpus_kb: Any, fake_llm: FakeOpenAI, failure: str
) -> None:
    if failure == "server error":
        fake_llm.reply("boom", status=500)
        fake_llm.reply("boom", status=500)
    elif failure == "timeout":
        fake_llm.reply("too late [1]", delay=3.0)
        fake_llm.reply("too late [1]", delay=3.0)
    else:
        fake_llm.reply("Una risposta senza fonti.")
    answerer = llm_answerer(corpus_kb, fake_llm.url, timeout_s=1.0)
    answer = answerer.answer_sync("simest fiere importo massimo")
    assert answer.composer == "extractive"
    assert answer.covered
    assert "500.000 euro" in answer.text


def test_follow_up_is_rewritten_by_the_llm_when_configured(
    corpus_kb: Any, fake_llm: FakeOpenAI
) -> None:
    fake_llm.reply("Quali certificazioni servono per esportare in Giappone?")
    fake_llm.reply("In Giappone serve il marchio PSE per l'elettrico [1].")
    answer = llm_answerer(corpus_kb, fake_llm.url).answer_sync(
        "e per il giappone?", [Turn("quali certificazioni servono per esportare in cina?")]
    )
    assert answer.standalone_question == "Quali certificazioni servono per esportare in Giappone?"
    assert answer.passages[0].doc_id.endswith("guida-giappone.md")
