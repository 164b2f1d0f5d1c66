"""Ingest-by-upload latency: a staff member sends a file to the bot; time until the bot's
progress message shows the document added (through the local Bot API server, the real
Application, the starter corpus in an embedded store, the real embedder).

    .venv/bin/python -m bench.upload_latency
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path

from bench.harness import render_table, write_result
from bot.app import build_application
from ingest.sources import configured_roots
from ingest.sync import Ingestor
from knowledge.base import KnowledgeBase
from knowledge.embedders import UseEmbeddings
from knowledge.settings import KnowledgeSettings
from knowledge.store import KnowledgeStore, open_chroma_client
from tests.bot.conftest import RunningBot, bot_settings
from tests.ingest.documents_factory import make_docx, make_pdf
from tests.telegram_server import BotApiServer

STAFF = 500
REPEATS = 5


def starter_kb(data: Path, embedder: UseEmbeddings) -> KnowledgeBase:
    settings = KnowledgeSettings(data_dir=data, chroma_url="", llm_provider="")
    store = KnowledgeStore(open_chroma_client("", data / "chroma"), "sportello")
    Ingestor(store, embedder, lock_path=data / "ingest.lock", max_bytes=20_000_000).run(
        configured_roots(settings.sources_file)
    )
    return KnowledgeBase(settings, store, embedder)


def markdown(i: int) -> bytes:
    body = " ".join(
        f"Il bando numero {i} copre il {20 + i}% delle spese per fiere e missioni all'estero."
        for _ in range(40)
    )
    return f"---\ntitle: Bando {i}\nkind: instrument\n---\n# Bando {i}\n\n{body}\n".encode()


async def measure(server: BotApiServer, name: str, content: bytes) -> float:
    before = len(server.messages_to(STAFF))
    started = time.perf_counter()
    server.document(STAFF, name, content, "application/octet-stream", user=STAFF)
    progress = (await server.wait_for_messages(STAFF, before + 1, timeout=120))[before]
    await server.wait_for(
        lambda: (
            (server.message(STAFF, progress.message_id) or {})
            .get("text", "")
            .startswith(("✅", "🔄"))
        ),
        timeout=300,
    )
    return (time.perf_counter() - started) * 1000


async def run() -> dict[str, object]:
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    embedder = UseEmbeddings()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        kb = starter_kb(root / "kb", embedder)
        chunks_before = kb.store.count()
        pdf = make_pdf(root / "guida.pdf").read_bytes()
        docx = make_docx(root / "nota.docx").read_bytes()
        async with BotApiServer() as server:
            server.add_user(STAFF, "Sara")
            server.add_private_chat(STAFF)
            settings = bot_settings(server, kb.settings.data_dir, staff_ids=str(STAFF))
            bot = RunningBot(build_application(settings, knowledge=kb))
            await bot.start()
            try:
                timings: dict[str, list[float]] = {"markdown": [], "pdf": [], "docx": []}
                for i in range(REPEATS):
                    timings["markdown"].append(await measure(server, f"bando-{i}.md", markdown(i)))
                    timings["pdf"].append(await measure(server, f"guida-{i}.pdf", pdf))
                    timings["docx"].append(await measure(server, f"nota-{i}.docx", docx))
            finally:
                await bot.stop()
        rows = [
            [fmt, len(v), f"{statistics.median(v):.0f}", f"{max(v):.0f}"]
            for fmt, v in timings.items()
        ]
        print(render_table(["format", "uploads", "p50 ms", "max ms"], rows))
        result = {
            "chunks_in_base_before": chunks_before,
            "repeats": REPEATS,
            "ms": {k: {"p50": statistics.median(v), "max": max(v)} for k, v in timings.items()},
        }
        write_result("upload_latency", result)
        return result


def main() -> None:
    asyncio.run(run())


if __name__ == "__main__":
    main()
