"""The `sportello` command: one entry point, a subcommand per job."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from pydantic import ValidationError

from bot.settings import Settings
from ingest.cli import add_commands as add_ingest_commands
from knowledge.cli import add_commands as add_knowledge_commands


def configure_logging(verbose: bool) -> None:
    """Log to stderr; keep httpx quiet because its request lines carry the bot token."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    for noisy in ("httpx", "httpcore", "chromadb", "pdfminer"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def cmd_start(args: argparse.Namespace, settings: Settings) -> int:
    """Run the bot when a token is configured, else explain how to try the product."""
    if settings.telegram_bot_token is not None:
        print("A Telegram token is configured, but the bot is not built yet.", file=sys.stderr)
        return 2
    print(
        "No TELEGRAM_BOT_TOKEN set: the knowledge base is ready.\n"
        "Next: `.venv/bin/sportello kb stats` to see it, `.venv/bin/sportello kb list` for its "
        "documents, and `.venv/bin/sportello ingest PATH` to add your own."
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sportello", description="Sportello Export: knowledge base and Telegram assistant"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True)
    add_ingest_commands(sub)
    add_knowledge_commands(sub)
    start = sub.add_parser("start", help="the bot if a token is set, else the terminal chat")
    start.set_defaults(handler=cmd_start)
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
    return int(args.handler(args, settings))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
