"""Killed mid-burst: lost, repeated and reordered answers, and the send → durable gap.

The starter corpus is ingested once into a temporary data folder (real USE embedder, embedded
Chroma); the Bot API test server (`tests.telegram_server.BotApiServer`) runs on 127.0.0.1 in this
process and the real bot in a child process (`python -m bot.cli bot`, long polling), on SQLite in
the data folder or on PostgreSQL (`--database-url`: its public schema is emptied first).

A round: N new users each send the same three questions at once (three documents, one fact per
answer, so every reply says which question it answers); at a random moment 0.3–1.5 s after the
first answer reached the server (a moment that owes nothing to any one send, as a crash would)
the bot gets SIGKILL and is started again on the same data; the round ends when every user has
three answers, plus 3 s for a repeated one to show up. Counted:

- lost: a question never answered;
- repeated: an answer that arrived twice (the first copy accepted before the kill);
- out of order: a user whose answers did not come in the order of the questions;
- for each repeat, when the server stored its first copy, from the kill (positive: after it, a
  request the bot had written and the server read only once the bot was dead);
- recorded after the kill: deliveries the dead bot's sender process (`bot.edge.sender`) was
  still making when the bot died, and finished and recorded before the bot started again
  (rows of the delivery log committed between the kill and the restart);
- send → durable: for every message the bot sent while handling an update, from the moment
  the server accepted it (its clock) to the moment the bot's delivery log committed its record
  (`bot.edge.deliveries`); monotonic and wall clocks are tied by one reading in this process.

    .venv/bin/python -m bench.crash_burst [--users 25,100] [--rounds 10] [--database-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import signal
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.bot_latency import BotProcess, ingest_starter_corpus, parse_ints
from bench.harness import median, percentile, render_table, write_result
from bot.edge.delivery_log import DeliveryLog
from knowledge.embedders import UseEmbeddings
from tests.bot.test_crash_burst import QUESTIONS, which_question
from tests.bot.test_storage_backends import wipe_postgres
from tests.telegram_server import BotApiServer


async def one_round(
    server: BotApiServer,
    bot: BotProcess,
    users: list[int],
    delay_s: float,
    timeout_s: float,
    log_path: Path,
) -> dict[str, Any]:
    for uid in users:
        server.add_user(uid, f"U{uid}", language_code="it")
        server.add_private_chat(uid)
    total = len(users) * len(QUESTIONS)

    def answered() -> int:
        return sum(len(server.messages_to(uid)) for uid in users)

    started = time.monotonic()
    for uid in users:
        for question, _ in QUESTIONS:
            server.user_message(uid, question)
    await server.wait_for(lambda: answered() >= 1, timeout=timeout_s)
    await asyncio.sleep(delay_s)
    killed_at, killed_wall = time.monotonic(), time.time()
    killed_after_s = killed_at - started
    assert bot.proc is not None
    bot.proc.send_signal(signal.SIGKILL)
    await asyncio.to_thread(bot.proc.wait, 30)
    at_kill = answered()
    await bot.stop()
    restarted_wall = time.time()
    bot.start()
    await server.wait_for(
        lambda: all(len(server.messages_to(uid)) >= len(QUESTIONS) for uid in users),
        timeout=timeout_s,
    )
    await asyncio.sleep(3)
    lost = repeated = disordered = unknown = 0
    first_copies_ms: list[float] = []  # each repeat's first copy: stored this long after the kill
    for uid in users:
        replies = server.messages_to(uid)
        answers = [which_question(m.visible_text or "") for m in replies]
        first_copies_ms += [
            round((replies[answers.index(a)].time - killed_at) * 1000, 1)
            for i, a in enumerate(answers)
            if a is not None and a in answers[:i]
        ]
        unknown += sum(a is None for a in answers)
        firsts = list(dict.fromkeys(a for a in answers if a is not None))
        lost += len(QUESTIONS) - len(firsts)
        repeated += len(answers) - len(firsts) - answers.count(None)
        disordered += firsts != sorted(firsts)
    deliveries = DeliveryLog(log_path)
    orphaned = sum(killed_wall < row[5] < restarted_wall for row in deliveries.all())
    deliveries.close()
    return {
        "users": len(users),
        "questions": total,
        "killed_after_s": round(killed_after_s, 2),
        "answered_at_kill": at_kill,
        "recorded_after_kill": orphaned,
        "lost": lost,
        "repeated": repeated,
        "out_of_order": disordered,
        "unrecognised_replies": unknown,
        "repeats_stored_after_kill_ms": first_copies_ms,
    }


def send_to_durable_ms(
    server: BotApiServer, deliveries: Path, wall_minus_mono: float
) -> dict[str, list[float]]:
    """For each message in the delivery log, its first record minus (a) the moment the server
    stored the message and (b) the moment the server's answer was ready to go back."""
    stored = {(m.chat_id, m.message_id): m.time for m in server.sent}
    answered: dict[tuple[int, int], float] = {}
    by_chat: dict[int, list[float]] = {}
    for call in server.calls:
        if call.method == "sendMessage" and call.status == 200 and call.finished:
            by_chat.setdefault(int(call.params["chat_id"]), []).append(call.finished)
    for chat_id, finished in by_chat.items():  # one chat's sends go one after the other
        ids = sorted(mid for c, mid in stored if c == chat_id)
        if len(ids) == len(finished):
            answered.update(
                {(chat_id, mid): t for mid, t in zip(ids, sorted(finished), strict=True)}
            )
    first: dict[tuple[int, int], float] = {}
    with sqlite3.connect(deliveries) as db:
        for result, recorded_at in db.execute("SELECT result, recorded_at FROM deliveries"):
            value = json.loads(result)
            if isinstance(value, dict) and "message_id" in value:
                key = (value["chat"]["id"], value["message_id"])
                first[key] = min(first.get(key, recorded_at), recorded_at) - wall_minus_mono
    return {
        "from_stored": [(t - stored[k]) * 1000 for k, t in first.items() if k in stored],
        "from_answer": [(t - answered[k]) * 1000 for k, t in first.items() if k in answered],
    }


def stats(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "p50": median(values),
        "p95": percentile(values, 95),
        "max": max(values),
    }


async def bench(
    users_list: list[int],
    rounds: int,
    database_url: str,
    seed: int,
    timeout_s: float,
    latency_s: float = 0.0,
) -> dict[str, Any]:
    rng = random.Random(seed)
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="crash-burst-") as tmp:
        data_dir = Path(tmp)
        ingest_starter_corpus(data_dir, UseEmbeddings(threads=2))
        for n_users in users_list:
            if database_url:  # a new server numbers updates from 1 again: start empty
                await wipe_postgres(database_url)
            async with BotApiServer() as server:
                server.set_latency("sendMessage", latency_s)
                bot = BotProcess(server, data_dir, data_dir / f"bot-{n_users}.log", database_url)
                bot.start()
                try:
                    await bot.wait_ready(timeout_s=180)
                    rows = []
                    for r in range(rounds):
                        users = [1_000_000 * n_users + 1000 * r + i for i in range(n_users)]
                        delay_s = rng.uniform(0.3, 1.5)
                        row = await one_round(
                            server, bot, users, delay_s, timeout_s, data_dir / "deliveries.db"
                        )
                        rows.append(row)
                        print(f"{n_users} users, round {r + 1}/{rounds}: {row}")
                    wall_minus_mono = time.time() - time.monotonic()
                    gaps = send_to_durable_ms(server, data_dir / "deliveries.db", wall_minus_mono)
                finally:
                    await bot.stop()
                (data_dir / "deliveries.db").unlink(missing_ok=True)
                results.append(
                    {
                        "users": n_users,
                        "rounds": rows,
                        "lost": sum(r["lost"] for r in rows),
                        "repeated": sum(r["repeated"] for r in rows),
                        "recorded_after_kill": sum(r["recorded_after_kill"] for r in rows),
                        "out_of_order": sum(r["out_of_order"] for r in rows),
                        "stored_to_durable_ms": stats(gaps["from_stored"]),
                        "answer_to_durable_ms": stats(gaps["from_answer"]),
                    }
                )
    return {
        "database": "postgresql" if database_url else "sqlite",
        "server_latency_s": latency_s,
        "results": results,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--users", type=parse_ints, default=[25, 100])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--database-url", default="", help="PostgreSQL URL; empty = SQLite")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--timeout", type=float, default=240.0)
    parser.add_argument(
        "--server-latency",
        type=float,
        default=0.0,
        help="seconds the server holds each sendMessage before storing it (Telegram's own"
        " round trip from Europe is about 0.05-0.2 s; loopback is well under 1 ms)",
    )
    args = parser.parse_args(argv)
    out = asyncio.run(
        bench(
            args.users,
            args.rounds,
            args.database_url,
            args.seed,
            args.timeout,
            args.server_latency,
        )
    )
    rows = [
        [
            f"{r['users']} users x {len(r['rounds'])} rounds",
            sum(x["questions"] for x in r["rounds"]),
            r["lost"],
            r["repeated"],
            r["out_of_order"],
            r["recorded_after_kill"],
            r["answer_to_durable_ms"]["n"],
            r["answer_to_durable_ms"]["p50"],
            r["answer_to_durable_ms"]["p95"],
            r["answer_to_durable_ms"]["max"],
            r["stored_to_durable_ms"]["p50"],
            r["stored_to_durable_ms"]["p95"],
            r["stored_to_durable_ms"]["max"],
        ]
        for r in out["results"]
    ]
    print(f"\nstate database: {out['database']}, sendMessage held {args.server_latency} s")
    print(
        render_table(
            [
                "run",
                "questions",
                "lost",
                "repeated",
                "out of order",
                "recorded after kill",
                "sends",
                "answer→durable p50 ms",
                "p95",
                "max",
                "stored→durable p50 ms",
                "p95",
                "max",
            ],
            rows,
        )
    )
    held = f"_held{round(args.server_latency * 1000)}ms" if args.server_latency else ""
    users = "-".join(str(n) for n in args.users)
    write_result(f"crash_burst_{out['database']}_{users}users{held}", out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
