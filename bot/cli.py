"""The `sportello` command: one entry point, a subcommand per job."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import logging
import sys
from collections.abc import Coroutine, Sequence
from pathlib import Path
from typing import Any

from alembic.util.exc import CommandError as AlembicError
from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError

from bot.logs import configure_json_logging, quiet_noisy_loggers
from bot.office_hours import ROME
from bot.reports import report_period, write_report
from bot.settings import Settings
from bot.storage.backup import BackupError, BackupSummary, back_up, restore
from bot.storage.db import Database
from ingest.cli import add_commands as add_ingest_commands
from ingest.errors import IngestError
from knowledge.cli import add_commands as add_knowledge_commands
from knowledge.embedders import build_embedder
from knowledge.errors import KnowledgeError


def configure_logging(verbose: bool) -> None:
    """Log to stderr; keep httpx quiet because its request lines carry the bot token."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    quiet_noisy_loggers()  # the token and message text never reach the logs


EXIT_OK, EXIT_ERROR = 0, 2

BOTFATHER_HELP = """No TELEGRAM_BOT_TOKEN is set.
To run the bot on Telegram:
  1. open Telegram, talk to @BotFather, send /newbot and follow the steps;
  2. copy the token it gives you into .env as TELEGRAM_BOT_TOKEN=123456:ABC...;
  3. run `make run` (or `.venv/bin/sportello bot`) again.
Without a token you can try the same answers in the terminal: `.venv/bin/sportello chat`."""


def cmd_bot(args: argparse.Namespace, settings: Settings) -> int:
    """Run the Telegram bot (long polling, or webhook when WEBHOOK_URL is set)."""
    if settings.telegram_bot_token is None:
        print(BOTFATHER_HELP, file=sys.stderr)
        return 2
    from bot.app import run_bot

    run_bot(settings)
    return 0


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    """The conversation in the terminal: one question per line, until end of input."""
    from bot.chat import run_chat

    return asyncio.run(run_chat(settings))


def cmd_start(args: argparse.Namespace, settings: Settings) -> int:
    """The bot when a token is configured, else the terminal chat."""
    if settings.telegram_bot_token is not None:
        return cmd_bot(args, settings)
    print(
        "No TELEGRAM_BOT_TOKEN set: starting the terminal chat (see README to add one).",
        file=sys.stderr,
    )
    return cmd_chat(args, settings)


async def _write_report_file(out: Path, settings: Settings, start: dt.date, end: dt.date) -> int:
    db = Database(settings.sqlalchemy_url)
    try:
        await db.open()
        embedder = await asyncio.to_thread(build_embedder, settings.embedding_model)
        report = await write_report(db, embedder, out, start=start, end=end)
    finally:
        await db.close()
    print(
        f"report {start:%Y-%m-%d}..{end:%Y-%m-%d} written to {out}: "
        f"{report.total} questions, {report.abstained} not covered, "
        f"{len(report.topics)} gap topics"
    )
    return EXIT_OK


def cmd_report(args: argparse.Namespace, settings: Settings) -> int:
    """`sportello report`: write the quality and knowledge-gap report as an HTML file."""
    try:
        start, end = report_period(dt.datetime.now(ROME).date(), args.days, args.since, args.until)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    try:
        return asyncio.run(_write_report_file(Path(args.out).resolve(), settings, start, end))
    except (SQLAlchemyError, AlembicError, KnowledgeError, OSError) as exc:
        print(f"error: cannot write the report: {exc}", file=sys.stderr)
        return EXIT_ERROR


def _iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date YYYY-MM-DD") from exc


def add_report_commands(sub: Any) -> None:
    """Register `report` on the root parser's subparsers."""
    p = sub.add_parser("report", help="write the quality and knowledge-gap report (HTML)")
    p.add_argument("--out", required=True, metavar="FILE.html", help="the HTML file to write")
    p.add_argument(
        "--days", type=int, metavar="N", help="the last N days, today included (default 30)"
    )
    p.add_argument("--since", type=_iso_date, metavar="YYYY-MM-DD", help="first day")
    p.add_argument(
        "--until", type=_iso_date, metavar="YYYY-MM-DD", help="last day (default today)"
    )
    p.set_defaults(handler=cmd_report)


EXIT_BACKUP_OK, EXIT_BACKUP_ERROR = 0, 2


def _render_backup(verb: str, summary: BackupSummary, as_json: bool) -> None:
    if as_json:
        print(json.dumps(summary.to_dict(), ensure_ascii=False))
        return
    rows = sum(summary.tables.values())
    print(
        f"{verb} {summary.documents} documents, {summary.chunks} chunks "
        f"({summary.embedder}, {summary.dimension} dimensions) and {rows} rows "
        f"in {len(summary.tables)} tables: {summary.directory}"
    )


def _backup_failed(exc: BaseException) -> None:
    """One line on stderr: what was wrong and what to do."""
    print("error: " + " ".join(str(exc).split()), file=sys.stderr)


def _run_backup(verb: str, action: Coroutine[Any, Any, BackupSummary], as_json: bool) -> int:
    """Run a backup or a restore; a failure is one line on stderr and its exit code."""
    try:
        summary = asyncio.run(action)
    except (BackupError, KnowledgeError, IngestError, OSError) as exc:
        _backup_failed(exc)
        return EXIT_BACKUP_ERROR
    _render_backup(verb, summary, as_json)
    return EXIT_BACKUP_OK


def cmd_backup(args: argparse.Namespace, settings: Settings) -> int:
    """Write the knowledge base and the database into a folder."""
    action = back_up(settings, Path(args.directory), force=args.force)
    return _run_backup("backed up", action, args.json)


def cmd_restore(args: argparse.Namespace, settings: Settings) -> int:
    """Put a backup back into an empty knowledge base and database."""
    action = restore(settings, Path(args.directory), force=args.force)
    return _run_backup("restored", action, args.json)


def add_backup_commands(sub: Any) -> None:
    """Register `backup` and `restore` on the root parser's subparsers."""
    p = sub.add_parser("backup", help="write the knowledge base and the database to a folder")
    p.add_argument("directory", help="an empty folder (created if missing)")
    p.add_argument("--force", action="store_true", help="write into a non-empty folder")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=cmd_backup)
    p = sub.add_parser(
        "restore", help="restore a backup into an empty knowledge base and database"
    )
    p.add_argument("directory", help="a folder written by `sportello backup`")
    p.add_argument("--force", action="store_true", help="replace a non-empty target")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=cmd_restore)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sportello", description="Sportello Export: knowledge base and Telegram assistant"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True)
    add_ingest_commands(sub)
    add_knowledge_commands(sub)
    add_report_commands(sub)
    add_backup_commands(sub)
    start = sub.add_parser("start", help="the bot if a token is set, else the terminal chat")
    start.set_defaults(handler=cmd_start)
    sub.add_parser("bot", help="run the Telegram bot").set_defaults(handler=cmd_bot)
    sub.add_parser("chat", help="talk to the assistant in the terminal").set_defaults(
        handler=cmd_chat
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, load settings, run the subcommand; returns the exit status."""
    args = build_parser().parse_args(argv)
    configure_logging(args.verbose)
    try:
        settings = Settings()
    except ValidationError as exc:
        for err in exc.errors():
            field = ".".join(str(p) for p in err["loc"]).upper()
            print(f"configuration error: {field}: {err['msg']}", file=sys.stderr)
        return 2
    if settings.log_format == "json":
        configure_json_logging(logging.DEBUG if args.verbose else logging.WARNING)
    return int(args.handler(args, settings))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
