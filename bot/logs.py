"""Structured logs: one JSON object per line (LOG_FORMAT=json), without what users wrote.

Pass ids with `extra`: `log.info("answered", extra={"chat_id": 1, "update_id": 2})`; they
become fields of the line. Fields named like message content (`text`, `question`, `answer`)
are dropped unless content logging is allowed explicitly. The formatted message itself is
not inspected: keep user text out of it, as the rest of the bot already does.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from typing import IO, Any

#: Loggers that carry the bot token (httpx request lines) or whole updates and rows
#: (telegram, the database drivers) below WARNING: never more verbose than that.
NOISY_LOGGERS = (
    "httpx",
    "httpcore",
    "telegram",
    "chromadb",
    "pdfminer",
    "tornado",
    "aiosqlite",
    "sqlalchemy",
    "asyncpg",
    "alembic",
)
#: Extra fields that would hold what a user or an advisor wrote.
CONTENT_FIELDS = frozenset({"text", "question", "answer"})
#: Attributes every LogRecord has; anything else on a record came from `extra`.
RECORD_ATTRIBUTES = frozenset(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {
    "message",
    "asctime",
    "taskName",
}


def quiet_noisy_loggers() -> None:
    """Keep the loggers that could leak tokens or message text at WARNING."""
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


class JsonFormatter(logging.Formatter):
    """`{"time", "level", "logger", "message", ...extra, "exc"?}` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in RECORD_ATTRIBUTES and key not in entry:
                entry[key] = value
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class ContentFilter(logging.Filter):
    """Drops `extra` fields named text/question/answer unless `allow_content` is set."""

    def __init__(self, allow_content: bool = False) -> None:
        super().__init__()
        self.allow_content = allow_content

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.allow_content:
            for name in CONTENT_FIELDS & record.__dict__.keys():
                delattr(record, name)
        return True


def configure_json_logging(
    level: int | str = logging.WARNING,
    *,
    allow_content: bool = False,
    stream: IO[str] | None = None,
) -> logging.Handler:
    """Replace the root handlers with one writing JSON lines to `stream` (stderr)."""
    handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(ContentFilter(allow_content))
    root = logging.getLogger()
    for old in root.handlers[:]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    quiet_noisy_loggers()
    return handler
