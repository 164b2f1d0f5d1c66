"""The sender process (`bot.edge.sender`): a call made there is recorded before the bot hears
its answer, fails as httpx fails, and the process does not outlive the bot."""

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


async def test_the_sender_process_dies_with_the_bot(tmp_path: Path) -> None:
    bot = (
        "import asyncio, sys\n"
        "from pathlib import Path\n"
        "from bot.edge.sender import SenderProcess\n"
        "async def main():\n"
        "    sender = SenderProcess(Path(sys.argv[1]), 1)\n"
        "    await sender.start()\n"
        "    print(sender.pid, flush=True)\n"
        "    await asyncio.sleep(600)\n"
        "asyncio.run(main())\n"
    )
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        bot,
        str(tmp_path / "deliveries.db"),
        cwd=REPO,
        stdout=asyncio.subprocess.PIPE,
    )
    assert proc.stdout is not None
    child = int(await proc.stdout.readline())
    assert not gone(child)
    proc.kill()
    await proc.wait()
    for _ in range(200):  # a deadline for a condition, not a timed assertion
        if gone(child):
            break
        await asyncio.sleep(0.05)
    assert gone(child)
