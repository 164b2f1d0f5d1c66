"""Telegram handlers: parse the update, await one service call, send the rendered reply."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from telegram import Message, Update, User
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import Forbidden

from bot.context import BotContext
from bot.edge.rendering import (
    answer_keyboard,
    clarification_keyboard,
    delete_keyboard,
    examples_keyboard,
    language_keyboard,
    pack_messages,
    render_answer,
)
from bot.ops import error_kind
from bot.texts import text, user_language
from bot.tickets import user_side
from bot.tickets.service import asks_for_human

log = logging.getLogger(__name__)
TYPING_INTERVAL_S = 4.5


async def language_of(context: BotContext, user: User | None) -> str:
    """The user's chosen language, else the one of their Telegram client."""
    if user is None:
        return "it"
    chosen = await context.state.touch_user(user.id)
    return chosen or user_language(user.language_code)


@contextlib.asynccontextmanager
async def typing(context: BotContext, chat_id: int, thread_id: int | None) -> AsyncIterator[None]:
    """Show "typing…" until the block ends (Telegram clears it after 5 s, so repeat it)."""

    async def loop() -> None:
        while True:
            with contextlib.suppress(Exception):
                await context.bot.send_chat_action(
                    chat_id, ChatAction.TYPING, message_thread_id=thread_id
                )
            await asyncio.sleep(TYPING_INTERVAL_S)

    task = asyncio.create_task(loop())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def addressed_to_bot(message: Message, bot_username: str, bot_id: int) -> bool:
    """In groups the bot answers only when mentioned or replied to."""
    if message.chat.type == ChatType.PRIVATE:
        return True
    reply = message.reply_to_message
    if reply is not None and reply.from_user is not None and reply.from_user.id == bot_id:
        return True
    mention = f"@{bot_username}".lower()
    return bool(bot_username) and mention in (message.text or "").lower()


def strip_mention(text: str, bot_username: str) -> str:
    if not bot_username:
        return text
    return " ".join(w for w in text.split() if w.lower() != f"@{bot_username}".lower())


async def start(update: Update, context: BotContext) -> None:
    """Welcome in the user's language with example questions as buttons."""
    message = update.effective_message
    if message is None:
        return
    lang = await language_of(context, update.effective_user)
    name = update.effective_user.first_name if update.effective_user else ""
    await message.reply_text(
        text(lang, "welcome", name=name), reply_markup=examples_keyboard(lang)
    )


async def help_command(update: Update, context: BotContext) -> None:
    """What the bot can do and its commands."""
    if update.effective_message is None:
        return
    lang = await language_of(context, update.effective_user)
    await update.effective_message.reply_text(text(lang, "help"))


async def choose_language(update: Update, context: BotContext) -> None:
    """`/lingua`: Italian or English."""
    if update.effective_message is None:
        return
    lang = await language_of(context, update.effective_user)
    await update.effective_message.reply_text(
        text(lang, "choose_language"), reply_markup=language_keyboard()
    )


async def new_conversation(update: Update, context: BotContext) -> None:
    """`/nuovo`: forget the chat's context."""
    if update.effective_message is None or update.effective_chat is None:
        return
    lang = await language_of(context, update.effective_user)
    await context.state.forget_context(update.effective_chat.id)
    await update.effective_message.reply_text(text(lang, "context_cleared"))


async def advisor(update: Update, context: BotContext) -> None:
    """`/consulente`: hand the conversation to an advisor (after a confirmation)."""
    await user_side.request_advisor(update, context)


async def privacy(update: Update, context: BotContext) -> None:
    """`/privacy`: what is stored and for how long."""
    if update.effective_message is None:
        return
    lang = await language_of(context, update.effective_user)
    s = context.settings
    await update.effective_message.reply_text(
        text(lang, "privacy", ttl=s.context_ttl_minutes, days=s.retention_days)
    )


async def delete_data(update: Update, context: BotContext) -> None:
    """`/cancella`: ask for confirmation first."""
    if update.effective_message is None:
        return
    lang = await language_of(context, update.effective_user)
    await update.effective_message.reply_text(
        text(lang, "confirm_delete"), reply_markup=delete_keyboard(lang)
    )


async def question(update: Update, context: BotContext) -> None:
    """A text message: answer it from the knowledge base."""
    message = update.effective_message
    user = update.effective_user
    if message is None or user is None or not message.text:
        return
    if not addressed_to_bot(message, context.bot.username or "", context.bot.id):
        return
    body = strip_mention(message.text, context.bot.username or "")
    if message.chat.type == ChatType.PRIVATE:
        if await user_side.route_user_message(update, context):
            return  # a ticket is open: the advisors answer, not the bot
        if asks_for_human(body):
            await user_side.request_advisor(update, context)
            return
    notice = None
    if update.edited_message is not None:
        notice_lang = await language_of(context, user)
        notice = text(notice_lang, "edited_note")
    await answer_text(update, context, body, notice=notice)


async def answer_text(
    update: Update, context: BotContext, body: str, *, notice: str | None = None
) -> None:
    """Answer `body` in the update's chat, with typing indicator, sources and buttons."""
    chat = update.effective_chat
    user = update.effective_user
    message = update.effective_message
    if chat is None or user is None:
        return
    chosen = await context.state.touch_user(user.id)
    thread_id = message.message_thread_id if message and message.is_topic_message else None
    async with typing(context, chat.id, thread_id):
        reply = await context.conversation.ask(
            chat_id=chat.id, user_id=user.id, text=body, language=chosen
        )
    lang = reply.answer.language if reply.answer else chosen or user_language(user.language_code)
    if reply.rate_limited or reply.answer is None or reply.answer_id is None:
        await context.bot.send_message(
            chat.id,
            text(lang, "rate_limited", seconds=reply.retry_after_s),
            message_thread_id=thread_id,
        )
        return
    answer = reply.answer
    notes = [
        n
        for n in (
            notice,
            reply.truncated and text(lang, "truncated", limit=context.settings.max_message_chars),
        )
        if n
    ]
    messages = pack_messages(render_answer(answer, notice=" ".join(str(n) for n in notes) or None))
    if answer.needs_clarification:
        markup = clarification_keyboard(reply.answer_id, answer.clarification)
    else:
        markup = answer_keyboard(reply.answer_id, covered=answer.covered, language=lang)
    for i, html_text in enumerate(messages):
        await context.bot.send_message(
            chat.id,
            html_text,
            parse_mode=ParseMode.HTML,
            reply_markup=markup if i == len(messages) - 1 else None,
            message_thread_id=thread_id,
            disable_web_page_preview=True,
        )


async def non_text(update: Update, context: BotContext) -> None:
    """Photos, stickers, voice, locations, files: say what the bot can do."""
    message = update.effective_message
    if message is None:
        return
    if message.chat.type != ChatType.PRIVATE and not addressed_to_bot(
        message, context.bot.username or "", context.bot.id
    ):
        return
    if message.chat.type == ChatType.PRIVATE and await user_side.route_user_message(
        update, context
    ):
        return  # a photo or file for the advisors of an open ticket
    lang = await language_of(context, update.effective_user)
    await message.reply_text(text(lang, "non_text"))


async def on_error(update: object, context: BotContext) -> None:
    """Log with context (never the message text) and tell the user something went wrong."""
    error = context.error
    context.services.metrics.count_error(error_kind(error))
    chat_id = (
        update.effective_chat.id if isinstance(update, Update) and update.effective_chat else None
    )
    update_id = update.update_id if isinstance(update, Update) else None
    if isinstance(error, Forbidden):
        log.warning(
            "chat=%s update=%s: bot blocked or removed (%s)",
            chat_id,
            update_id,
            error,
            extra={"chat_id": chat_id, "update_id": update_id},
        )
        return
    log.error(
        "chat=%s update=%s: %s: %s",
        chat_id,
        update_id,
        type(error).__name__,
        error,
        exc_info=error,
        extra={"chat_id": chat_id, "update_id": update_id},
    )
    if chat_id is None:
        return
    lang = "it"
    if isinstance(update, Update) and update.effective_user is not None:
        lang = user_language(update.effective_user.language_code)
    with contextlib.suppress(Exception):
        await context.bot.send_message(chat_id, text(lang, "error"))
