"""The container files, checked with what runs here (no Docker engine on these machines)."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def dockerfile() -> list[str]:
    return [ln.strip() for ln in (ROOT / "Dockerfile").read_text().splitlines() if ln.strip()]


def test_image_is_slim_cpu_only_non_root_with_a_healthcheck() -> None:
    lines = dockerfile()
    assert lines[next(i for i, ln in enumerate(lines) if not ln.startswith("#"))].startswith(
        "FROM python:3.11-slim"
    )
    assert any("torch==2.13.0" in ln and "whl/cpu" in ln for ln in lines)
    user_at = next(i for i, ln in enumerate(lines) if ln.startswith("USER "))
    assert lines[user_at] != "USER root"
    assert any(ln.startswith("HEALTHCHECK") for ln in lines[user_at:])
    assert lines[-1] == 'CMD ["sportello", "bot"]'
    for copied in ("bot", "knowledge", "ingest"):
        assert f"COPY {copied} ./{copied}" in lines


def test_compose_runs_bot_postgres_chroma_and_a_one_shot_ingest() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"bot", "postgres", "chroma", "ingest"}
    assert services["ingest"]["restart"] == "no"
    assert services["ingest"]["command"] == ["sportello", "ingest"]
    bot = services["bot"]
    assert bot["depends_on"]["ingest"]["condition"] == "service_completed_successfully"
    assert bot["environment"]["CHROMA_URL"] == "http://chroma:8000"
    assert bot["environment"]["DATABASE_URL"].startswith("postgresql+asyncpg://")
    for name in ("bot", "postgres", "chroma"):
        assert services[name]["volumes"], name
    assert set(compose["volumes"]) == {"postgres-data", "chroma-data", "bot-data"}
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".venv", "data", ".env"} <= set(ignored)
