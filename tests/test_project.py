"""Project-wide rules: import direction, settings documented, placeholder secrets refused."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def imported_modules(package: str) -> set[str]:
    names: set[str] = set()
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", ["knowledge", "ingest"])
def test_knowledge_and_ingest_never_import_telegram_or_bot(package: str) -> None:
    assert not imported_modules(package) & {"telegram", "bot"}


def test_knowledge_never_imports_ingest() -> None:
    assert "ingest" not in imported_modules("knowledge")


def test_every_setting_is_documented_in_env_example() -> None:
    documented = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    fields = {name.upper() for name in Settings.model_fields}
    assert fields == documented


@pytest.mark.parametrize("value", ["changeme", "<your-token>", "xxxxxx", "your-token-here"])
def test_placeholder_secrets_are_refused(value: str) -> None:
    with pytest.raises(ValidationError, match="placeholder"):
        Settings(_env_file=None, telegram_bot_token=value)  # type: ignore[call-arg]


def test_webhook_secret_must_be_telegram_compatible() -> None:
    with pytest.raises(ValidationError, match="WEBHOOK_SECRET"):
        Settings(_env_file=None, webhook_secret="has spaces!")  # type: ignore[call-arg]


def test_office_hours_in_a_wrong_form_are_refused() -> None:
    with pytest.raises(ValidationError, match="OFFICE_HOURS"):
        Settings(_env_file=None, office_days="weekdays")  # type: ignore[call-arg]
