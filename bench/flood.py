"""Flood limits: users' answers with and without a 1,000-subscriber broadcast, on a server that
enforces Telegram's limits.

The Bot API test server (`tests.telegram_server.BotApiServer` with `FloodLimits()`: a burst of 3
then about 1 message/s per chat, 20/min per group, 30/s overall, 429 with `retry_after` beyond)
and the real bot Application (`bot.app.build_application`, long polling, SQLite, the starter
corpus ingested with the real USE embedder) run in this process on 127.0.0.1.

Two phases with the same users and questions: N users each ask K questions one after another
(the next once the answer is there); in the second phase a notice about one document goes to
1,000 subscribers (and the N users) at the same moment the users start. Measured:

- answer latency: from the user's message reaching the server to the answer being stored there;
- 429s the server answered, and requests sent before a `retry_after` had run out (must be 0);
- answers and notices lost or sent twice (must be 0); how long the broadcast took.

    .venv/bin/python -m bench.flood [--users 20] [--questions 3] [--subscribers 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.bot_latency import ingest_starter_corpus
from bench.harness import median, percentile, render_table, write_result
from bot.app import build_application
from bot.subscriptions import handlers as subscriptions
from bot.subscriptions.keyboards import render_notice
from bot.subscriptions.store import SubscriptionStore
from knowledge.embedders import UseEmbeddings
from tests.bot.conftest import RunningBot, bot_settings
from tests.telegram_server import BotApiServer, FloodLimits

QUESTIONS = (
    "cos'è il numero eori?",
    "quanto finanzia simest per le fiere?",
    "cos'è una lettera di credito documentaria?",
    "what is an EORI number?",
    "come funziona il voucher per le fiere?",
)
ASKERS = 3_000_000
CROWD = 4_000_000


async def ask(server: BotApiServer, uid: int, questions: list[str], notice: str) -> list[float]:
    """One user's questions, one after another; seconds from each question to its answer."""
    latencies = []
    for question in questions:
        answered = len([m for m in server.messages_to(uid) if m.text != notice])
        started = time.monotonic()
        server.user_message(uid, question)
        await server.wait_for(
            lambda n=answered: len([m for m in server.messages_to(uid) if m.text != notice]) > n,
            timeout=300,
        )
        reply = [m for m in server.messages_to(uid) if m.text != notice][answered]
        latencies.append(reply.time - started)
    return latencies


async def phase(
    kb: Any, data: Path, users: int, per_user: int, subscribers: int
) -> dict[str, Any]:
    async with BotApiServer(flood_limits=FloodLimits()) as server:
        askers = list(range(ASKERS, ASKERS + users))
        crowd = list(range(CROWD, CROWD + subscribers))
        for uid in askers + crowd:
            server.add_user(uid, language_code="it")
            server.add_private_chat(uid)
        settings = bot_settings(server, data, questions_per_minute=1000)
        bot = RunningBot(build_application(settings, knowledge=kb))
        await bot.start()
        application = bot.application
        notice = ""
        broadcast_s = None
        try:
            database = application.bot_data.services.database
            assert database is not None
            store = SubscriptionStore(database)
            if subscribers:
                for uid in askers + crowd:
                    await store.subscribe(uid, uid, "country:US")
                guide = next(
                    d
                    for d in kb.store.documents().values()
                    if d.country == "US" and d.kind == "country_guide"
                )
                notice = render_notice(guide.title, "it")
            started = time.monotonic()
            if subscribers:
                await subscriptions.announce_changes(application, [guide])
            plans = [
                [QUESTIONS[(u + i) % len(QUESTIONS)] for i in range(per_user)]
                for u in range(users)
            ]
            results = await asyncio.gather(
                *(ask(server, uid, plan, notice) for uid, plan in zip(askers, plans, strict=True))
            )
            if subscribers:
                await server.wait_for(
                    lambda: all(server.messages_to(uid) for uid in crowd), timeout=600
                )
                broadcast_s = max(m.time for m in server.sent if m.text == notice) - started
            await asyncio.sleep(2)  # a late duplicate would show now
        finally:
            await bot.stop()
        latencies = [s * 1000 for r in results for s in r]
        notices = [
            len([m for m in server.messages_to(uid) if m.text == notice]) for uid in askers + crowd
        ]
        answers = [len([m for m in server.messages_to(uid) if m.text != notice]) for uid in askers]
        return {
            "users": users,
            "per_user": per_user,
            "subscribers": subscribers,
            "answers": len(latencies),
            "answer_p50_ms": median(latencies),
            "answer_p95_ms": percentile(latencies, 95),
            "answer_max_ms": max(latencies),
            "answers_missing_or_extra": sum(abs(n - per_user) for n in answers),
            "notices_missing": sum(n == 0 for n in notices) if subscribers else 0,
            "notices_twice": sum(n > 1 for n in notices),
            "broadcast_s": broadcast_s,
            "answered_429": sum(c.status == 429 for c in server.calls),
            "violations": len(server.flood_violations()),
        }


async def main_async(users: int, per_user: int, subscribers: int) -> None:
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    with tempfile.TemporaryDirectory(prefix="bench-flood-") as tmp:
        data = Path(tmp)
        kb = ingest_starter_corpus(data, UseEmbeddings())
        quiet = await phase(kb, data / "quiet", users, per_user, 0)
        print("without broadcast:", quiet)
        loud = await phase(kb, data / "loud", users, per_user, subscribers)
        print("with broadcast:", loud)
    rows = [
        [
            "without broadcast" if not r["subscribers"] else f"{r['subscribers']} subscribers",
            r["answers"],
            r["answer_p50_ms"],
            r["answer_p95_ms"],
            r["answer_max_ms"],
            r["answers_missing_or_extra"],
            r["notices_missing"],
            r["notices_twice"],
            r["broadcast_s"],
            r["answered_429"],
            r["violations"],
        ]
        for r in (quiet, loud)
    ]
    print(
        render_table(
            [
                "phase",
                "answers",
                "p50 ms",
                "p95 ms",
                "max ms",
                "answers lost/extra",
                "notices lost",
                "notices twice",
                "broadcast s",
                "429s",
                "early sends",
            ],
            rows,
        )
    )
    ratio = loud["answer_p50_ms"] / quiet["answer_p50_ms"]
    print(f"answer p50 with the broadcast / without: {ratio:.2f}")
    write_result("flood", {"quiet": quiet, "broadcast": loud, "p50_ratio": ratio})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--questions", type=int, default=3)
    parser.add_argument("--subscribers", type=int, default=1000)
    args = parser.parse_args()
    asyncio.run(main_async(args.users, args.questions, args.subscribers))


if __name__ == "__main__":
    main()
