"""The sender process (`bot.edge.sender`): a call made there is recorded before the bot hears
its answer, fails as httpx fails, and a call in flight when the bot dies is still recorded
before a new bot reads the log."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from bot.edge.delivery_log import DeliveryLog, slim
from bot.edge.sender import SenderProcess
from tests.conftest import REPO
from tests.telegram_server import BotApiServer

TIMEOUTS: dict[str, float | None] = {"connect": 5.0, "read": 5.0, "write": 5.0, "pool": 5.0}


@pytest.fixture
async def sender(tmp_path: Path) -> AsyncIterator[SenderProcess]:
    process = SenderProcess(tmp_path / "deliveries.db", 4)
    await process.start()
    yield process
    await process.close()


def gone(pid: int) -> bool:
    """True once `pid` has ended (a zombie not yet reaped counts as ended)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


async def test_a_delivered_call_is_recorded_before_its_answer_comes_back(
    sender: SenderProcess, tmp_path: Path
) -> None:
    async with BotApiServer() as server:
        server.add_user(7, "U7")
        server.add_private_chat(7)
        code, payload = await sender.call(
            f"{server.base_url}{server.token}/sendMessage",
            {"chat_id": "7", "text": "ciao"},
            {},
            TIMEOUTS,
            ("boot-a", 11, 0, "sendMessage"),
        )
        recorded = DeliveryLog(tmp_path / "deliveries.db").delivered("boot-a", 11)
        [message] = server.messages_to(7)
    assert code == 200
    result = json.loads(payload)["result"]
    assert result["message_id"] == message.message_id
    assert recorded == {0: ("sendMessage", slim(result))}


async def test_a_failed_call_raises_the_httpx_error_and_records_nothing(
    sender: SenderProcess, tmp_path: Path
) -> None:
    with pytest.raises(httpx.ConnectError):  # nothing listens on port 1
        await sender.call(
            "http://127.0.0.1:1/botX/sendMessage",
            {"chat_id": "7", "text": "ciao"},
            {},
            TIMEOUTS,
            ("boot-a", 12, 0, "sendMessage"),
        )
    assert DeliveryLog(tmp_path / "deliveries.db").delivered("boot-a", 12) == {}


async def test_a_call_in_flight_when_the_bot_dies_is_finished_recorded_and_waited_for(
    tmp_path: Path,
) -> None:
    """SIGKILL of the bot while the server holds its request: the child still reads the answer,
    records it and ends; a bot starting on the same log waits for that before it reads it."""
    bot = (
        "import asyncio, sys\n"
        "from pathlib import Path\n"
        "from bot.edge.sender import SenderProcess\n"
        "async def main():\n"
        "    sender = SenderProcess(Path(sys.argv[1]), 1)\n"
        "    await sender.start()\n"
        "    print(sender.pid, flush=True)\n"
        "    await sender.call(sys.argv[2], {'chat_id': '7', 'text': 'ciao'}, {},\n"
        "                      {'connect': 5, 'read': 30, 'write': 5, 'pool': 5},\n"
        "                      ('boot-a', 13, 0, 'sendMessage'))\n"
        "asyncio.run(main())\n"
    )
    log_path = tmp_path / "deliveries.db"
    async with BotApiServer() as server:
        server.add_user(7, "U7")
        server.add_private_chat(7)
        server.set_latency("sendMessage", 2.0)  # the request waits on the server, unanswered
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            bot,
            str(log_path),
            f"{server.base_url}{server.token}/sendMessage",
            cwd=REPO,
            stdout=asyncio.subprocess.PIPE,
        )
        assert proc.stdout is not None
        child = int(await proc.stdout.readline())
        await server.wait_for(lambda: server.calls_to("sendMessage"), timeout=30)
        proc.kill()
        await proc.wait()
        assert server.messages_to(7) == []  # killed before the server stored the message
        log = DeliveryLog(log_path)
        await asyncio.to_thread(log.wait_for_senders, 60)
        # the moment the wait is over, the child is gone and its delivery recorded
        assert gone(child)
        [message] = server.messages_to(7)
        [(method, result)] = log.delivered("boot-a", 13).values()
    assert (method, result["message_id"]) == ("sendMessage", message.message_id)


async def test_waiting_for_senders_returns_at_once_when_none_runs(tmp_path: Path) -> None:
    log = DeliveryLog(tmp_path / "deliveries.db")
    async with BotApiServer() as server:  # a sender that closed normally holds nothing either
        server.add_user(7, "U7")
        server.add_private_chat(7)
        process = SenderProcess(log.path, 1)
        await process.start()
        await process.call(
            f"{server.base_url}{server.token}/sendMessage",
            {"chat_id": "7", "text": "ciao"},
            {},
            TIMEOUTS,
            ("boot-a", 14, 0, "sendMessage"),
        )
        await process.close()
    assert log.wait_for_senders(5.0) < 1.0  # not held by the ended child
    assert log.delivered("boot-a", 14)
