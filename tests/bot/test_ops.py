"""The ops endpoints (/healthz, /metrics) on the real Application, and the JSON logs."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.app import build_application
from bot.logs import NOISY_LOGGERS, configure_json_logging
from bot.ops import Metrics, OpsConfig, OpsServer, error_kind
from bot.storage.db import Database
from tests.bot.conftest import USER, RunningBot, bot_settings
from tests.conftest import free_port
from tests.telegram_server import BotApiServer


class Ops:
    def __init__(self, bot: RunningBot, server: OpsServer, metrics: Metrics) -> None:
        self.bot = bot
        self.server = server
        self.metrics = metrics
        self.url = f"http://127.0.0.1:{server.port}"

    async def get(self, path: str) -> httpx.Response:
        async with httpx.AsyncClient() as client:
            return await client.get(self.url + path, timeout=10)


@pytest.fixture
async def ops(telegram_server: BotApiServer, corpus_kb: Any, tmp_path: Path) -> AsyncIterator[Ops]:
    """The running bot with the ops server started and stopped around it, as post_init and
    post_shutdown will once wired. The telegram check refreshes at every request here."""
    bot = RunningBot(build_application(bot_settings(telegram_server, tmp_path), corpus_kb))
    await bot.start()
    services = bot.application.bot_data.services
    assert services.conversation is not None
    metrics = services.metrics
    config = OpsConfig(port=free_port(), telegram_refresh_s=0.0, telegram_max_age_s=0.5)
    server = await OpsServer(services, bot.application.bot, metrics, config).start()
    try:
        yield Ops(bot, server, metrics)
    finally:
        await server.stop()
        await bot.stop()


def sample(metrics_text: str, name: str, **labels: str) -> float:
    """The value of one sample in Prometheus text, e.g. sample(t, "x_total", kind="a")."""
    label_text = ",".join(f'{k}="{v}"' for k, v in labels.items())
    selector = f"{name}{{{label_text}}}" if labels else name
    for line in metrics_text.splitlines():
        key, _, value = line.rpartition(" ")
        if key == selector:
            return float(value)
    raise AssertionError(f"{selector} not in the metrics:\n{metrics_text}")


@pytest.mark.integration
async def test_healthz_and_metrics_after_a_question(
    ops: Ops, telegram_server: BotApiServer
) -> None:
    before = await ops.get("/metrics")
    assert sample(before.text, "sportello_answers_total", outcome="answered") == 0

    telegram_server.user_message(USER, "quanto finanzia simest per le fiere?")
    await telegram_server.wait_for_messages(USER, 1, timeout=30)

    health = await ops.get("/healthz")
    assert health.status_code == 200, health.text
    report = health.json()
    assert report["status"] == "ok"
    assert {name: check["ok"] for name, check in report["checks"].items()} == {
        "store": True,
        "database": True,
        "telegram": True,
    }
    assert report["checks"]["store"]["chunks"] > 0

    metrics = await ops.get("/metrics")
    assert metrics.status_code == 200
    assert metrics.headers["content-type"].startswith("text/plain; version=0.0.4")
    text = metrics.text
    assert sample(text, "sportello_answers_total", outcome="answered") == 1
    assert sample(text, "sportello_answers_total", outcome="abstained") == 0
    assert sample(text, "sportello_answer_seconds_count") == 1
    assert sample(text, "sportello_answer_seconds_bucket", le="+Inf") == 1
    assert sample(text, "sportello_tickets", status="open") == 0
    assert sample(text, "sportello_chunks") == report["checks"]["store"]["chunks"]
    assert sample(text, "sportello_documents") > 0
    assert sample(text, "sportello_updates_total") >= 1
    assert "# TYPE sportello_answer_seconds histogram" in text


@pytest.mark.integration
async def test_healthz_names_the_database_when_it_fails(ops: Ops, tmp_path: Path) -> None:
    services = ops.bot.application.bot_data.services
    working = services.database
    broken = Database(f"sqlite+aiosqlite:///{tmp_path / 'removed-dir' / 'bot.storage.db'}")
    services.database = broken
    try:
        response = await ops.get("/healthz")
        metrics = await ops.get("/metrics")
    finally:
        services.database = working
        await broken.close()
    assert response.status_code == 503
    report = response.json()
    assert report["status"] == "degraded"
    assert report["checks"]["database"]["ok"] is False
    assert "OperationalError" in report["checks"]["database"]["error"]
    assert report["checks"]["store"]["ok"] is True
    assert metrics.status_code == 200  # the counters are still served
    assert sample(metrics.text, "sportello_scrape_source_up", source="database") == 0
    assert "sportello_tickets{" not in metrics.text


@pytest.mark.integration
async def test_healthz_names_telegram_when_get_me_fails(
    ops: Ops, telegram_server: BotApiServer
) -> None:
    assert (await ops.get("/healthz")).status_code == 200
    telegram_server.fail_next("getMe", 401, "Unauthorized", count=100)
    await asyncio.sleep(0.6)  # the last success is now older than telegram_max_age_s
    response = await ops.get("/healthz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["telegram"]["ok"] is False
    assert "Unauthorized" in checks["telegram"]["error"] or "Token" in checks["telegram"]["error"]
    assert checks["database"]["ok"] is True


@pytest.mark.integration
async def test_unknown_paths_and_methods_are_refused(ops: Ops) -> None:
    async with httpx.AsyncClient() as client:
        missing = await client.get(ops.url + "/admin")
        posted = await client.post(ops.url + "/metrics")
    assert (missing.status_code, posted.status_code) == (404, 405)


def test_metrics_render_counters_and_histogram_buckets() -> None:
    metrics = Metrics()
    metrics.observe_answer("abstained", 0.003)
    metrics.observe_answer("abstained", 0.3)
    metrics.count_error(error_kind(RuntimeError("boom")))
    metrics.count_update()
    text = metrics.render()
    assert sample(text, "sportello_answers_total", outcome="abstained") == 2
    assert sample(text, "sportello_answer_seconds_bucket", le="0.005") == 1
    assert sample(text, "sportello_answer_seconds_bucket", le="0.25") == 1
    assert sample(text, "sportello_answer_seconds_bucket", le="0.5") == 2
    assert sample(text, "sportello_answer_seconds_sum") == pytest.approx(0.303)
    assert sample(text, "sportello_errors_total", kind="internal") == 1
    assert sample(text, "sportello_updates_total") == 1
    assert re.search(r"^# TYPE sportello_errors_total counter$", text, re.MULTILINE)


def test_an_unknown_outcome_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown answer outcome"):
        Metrics().observe_answer("maybe", 1.0)


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    noisy = {name: logging.getLogger(name).level for name in NOISY_LOGGERS}
    yield
    for handler in root.handlers[:]:
        root.removeHandler(handler)
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)
    for name, noisy_level in noisy.items():
        logging.getLogger(name).setLevel(noisy_level)


@pytest.mark.usefixtures("restore_logging")
def test_json_logs_carry_ids_and_never_the_text() -> None:
    stream = io.StringIO()
    configure_json_logging(logging.DEBUG, stream=stream)
    extra = {"chat_id": 42, "ticket_id": 7, "update_id": 1001, "text": "la mia P.IVA è 123"}
    logging.getLogger("bot.edge.handlers").info("answered outcome=%s", "answered", extra=extra)
    entry = json.loads(stream.getvalue().splitlines()[-1])
    assert entry["message"] == "answered outcome=answered"
    assert entry["level"] == "INFO"
    assert entry["logger"] == "bot.edge.handlers"
    assert entry["time"].endswith("+00:00")
    assert (entry["chat_id"], entry["ticket_id"], entry["update_id"]) == (42, 7, 1001)
    assert "text" not in entry
    assert "123" not in stream.getvalue()


@pytest.mark.usefixtures("restore_logging")
def test_json_logs_keep_content_only_when_allowed_and_tracebacks_as_exc() -> None:
    stream = io.StringIO()
    configure_json_logging("INFO", allow_content=True, stream=stream)
    try:
        raise KeyError("missing")
    except KeyError:
        logging.getLogger("bot").exception("failed", extra={"question": "cos'è l'EORI?"})
    entry = json.loads(stream.getvalue())
    assert entry["question"] == "cos'è l'EORI?"
    assert "KeyError" in entry["exc"]


@pytest.mark.usefixtures("restore_logging")
def test_json_logging_keeps_token_carrying_loggers_at_warning() -> None:
    stream = io.StringIO()
    configure_json_logging(logging.DEBUG, stream=stream)
    logging.getLogger("httpx").info("GET https://api.telegram.org/bot123:SECRET/getMe")
    assert all(logging.getLogger(name).level == logging.WARNING for name in NOISY_LOGGERS)
    assert "SECRET" not in stream.getvalue()
