"""`sportello chat`: the conversation engine in the terminal, one question per line."""

from __future__ import annotations

import asyncio
import sys
from typing import TextIO

from bot.conversation import ConversationService
from bot.settings import Settings
from bot.storage.db import Database
from bot.storage.state import StateStore
from bot.texts import chat as say
from knowledge.answers import plain_text
from knowledge.base import KnowledgeBase, open_knowledge_base

TERMINAL_CHAT_ID = 0


async def run_chat(
    settings: Settings,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
    knowledge: KnowledgeBase | None = None,
) -> int:
    """Answer each line of `stdin` until end of input."""
    kb = knowledge or open_knowledge_base(settings)
    if kb.store.count() == 0:
        return 2
    database = Database(settings.sqlalchemy_url)
    await database.open()
    state = StateStore(database)
    await state.forget_context(TERMINAL_CHAT_ID)
    conversation = ConversationService(kb.answerer, state, settings)
    interactive = stdin.isatty()
    if interactive:
        stdout.write(say.TERMINAL_GREETING)
    try:
        while True:
            if interactive:
                stdout.write("\n> ")
                stdout.flush()
            line = await asyncio.to_thread(stdin.readline)
            if not line:
                break
            question = line.strip()
            if not question:
                continue
            if question in ("/nuovo", "/new"):
                await state.forget_context(TERMINAL_CHAT_ID)
                stdout.write(say.TERMINAL_CONTEXT_CLEARED)
                continue
            if not interactive:
                stdout.write(f"> {question}\n")
            reply = await conversation.ask(
                chat_id=TERMINAL_CHAT_ID, user_id=TERMINAL_CHAT_ID, text=question
            )
            if reply.rate_limited or reply.answer is None:
                stdout.write(say.TERMINAL_RATE_LIMITED.format(seconds=reply.retry_after_s))
                continue
            stdout.write(plain_text(reply.answer) + "\n\n")
            stdout.flush()
    finally:
        await database.close()
        kb.close()
    return 0
