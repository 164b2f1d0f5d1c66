"""Broadcast: how long a notice takes to reach 1,000 subscribers, and whether it stays within
Telegram's limits.

The Bot API test server (`tests.telegram_server.BotApiServer`) and the real bot Application
(`bot.app.build_application`, long polling, real SQLite file, an empty knowledge base: answers
are not what is measured) run in this process on 127.0.0.1. N users subscribe to one country;
one document about it is announced (`bot.subscriptions.handlers.announce_changes`) and the
broadcaster sends the notices. Each run is repeated with a delay on the server's sendMessage
answers, as a stand-in for the round trip to api.telegram.org.

- announce: time to queue the N deliveries (one SQL transaction);
- duration: from the announcement to the server recording the last notice;
- rate: notices per second from the first notice to the last;
- max in 1 s: the most notices the server recorded in any one-second window (limit: 25);
- duplicates and missing: chats that got more than one notice, or none (must be 0).

    .venv/bin/python -m bench.broadcast [--subscribers 1000] [--latency-ms 0,100]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.harness import render_table, write_result
from bot.app import build_application
from bot.settings import Settings
from bot.subscriptions import broadcaster
from bot.subscriptions import handlers as subscriptions
from bot.subscriptions.store import SubscriptionStore
from knowledge.base import KnowledgeBase
from knowledge.settings import KnowledgeSettings
from knowledge.store import DocumentRecord, KnowledgeStore, open_chroma_client
from tests.telegram_server import BotApiServer

USER_BASE = 2_000_000


def empty_knowledge_base(data: Path) -> KnowledgeBase:
    settings = KnowledgeSettings(data_dir=data, chroma_url="", llm_provider="")
    store = KnowledgeStore(open_chroma_client("", data / "chroma"), "bench", location=str(data))
    return KnowledgeBase(settings, store)


def the_document() -> DocumentRecord:
    return DocumentRecord(
        doc_id="bench/guida-stati-uniti.md",
        doc_hash="0" * 64,
        source="bench",
        source_root="bench",
        title="Guida Paese: Stati Uniti",
        kind="country_guide",
        language="it",
        country="US",
        source_url="",
        updated="",
        valid_from=None,
        valid_until=None,
        terms={},
        tags=[],
        format="md",
    )


async def one_run(subscribers: int, latency_s: float) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-broadcast-") as tmp:
        data = Path(tmp)
        async with BotApiServer() as server:
            users = list(range(USER_BASE, USER_BASE + subscribers))
            for uid in users:
                server.add_user(uid, language_code="it")
                server.add_private_chat(uid)
            server.set_latency("sendMessage", latency_s)
            settings = Settings(
                _env_file=None,  # type: ignore[call-arg]
                data_dir=data,
                telegram_bot_token=server.token,
                telegram_api_url=server.base_url,
                llm_provider="",
                chroma_url="",
            )
            application = build_application(settings, knowledge=empty_knowledge_base(data))
            await application.initialize()
            assert application.post_init is not None
            await application.post_init(application)
            assert application.updater is not None
            await application.updater.start_polling(poll_interval=0.0, timeout=1)
            await application.start()
            try:
                database = application.bot_data.services.database
                assert database is not None
                store = SubscriptionStore(database)
                for uid in users:
                    await store.subscribe(uid, uid, "country:US")
                t0 = time.monotonic()
                queued = await subscriptions.announce_changes(application, [the_document()])
                announce_s = time.monotonic() - t0
                await server.wait_for(
                    lambda: len(server.send_times()) >= subscribers, timeout=subscribers
                )
                last = max(server.send_times())
                counts = await store.counts()
            finally:
                await application.updater.stop()
                await application.stop()
                if application.post_shutdown is not None:
                    await application.post_shutdown(application)
                await application.shutdown()
            times = server.send_times()
            per_chat = [len(server.messages_to(uid)) for uid in users]
    return {
        "subscribers": subscribers,
        "server_latency_ms": round(latency_s * 1000),
        "queued": queued,
        "announce_s": round(announce_s, 3),
        "duration_s": round(last - t0, 2),
        "messages_per_s": round((len(times) - 1) / (times[-1] - times[0]), 2),
        "max_in_any_1s": server.max_sends_within(1.0),
        "sent": len(times),
        "duplicates": sum(n - 1 for n in per_chat if n > 1),
        "missing": sum(1 for n in per_chat if n == 0),
        "delivery_counts": counts,
    }


async def main_async(subscribers: int, latencies_ms: list[int]) -> None:
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    runs = []
    for latency in latencies_ms:
        print(f"{subscribers} subscribers, sendMessage answered after {latency} ms …")
        runs.append(await one_run(subscribers, latency / 1000))
    headers = [
        "latency ms",
        "announce s",
        "duration s",
        "msg/s",
        "max in 1 s",
        "sent",
        "dupl.",
        "missing",
    ]
    rows = [
        [
            r["server_latency_ms"],
            r["announce_s"],
            r["duration_s"],
            r["messages_per_s"],
            r["max_in_any_1s"],
            r["sent"],
            r["duplicates"],
            r["missing"],
        ]
        for r in runs
    ]
    print(render_table(headers, rows))
    write_result(
        "broadcast",
        {
            "params": {
                "subscribers": subscribers,
                "latencies_ms": latencies_ms,
                "per_second": broadcaster.PER_SECOND,
            },
            "runs": runs,
        },
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--subscribers", type=int, default=1000)
    parser.add_argument("--latency-ms", default="0,100", help="comma-separated")
    args = parser.parse_args()
    latencies = [int(x) for x in args.latency_ms.split(",") if x.strip()]
    asyncio.run(main_async(args.subscribers, latencies))


if __name__ == "__main__":
    main()
