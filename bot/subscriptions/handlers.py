"""Subscriptions in Telegram: `/iscrivi`, `/disiscrivi`, their buttons, the notice as sent,
and the jobs that start the broadcaster."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Coroutine, Sequence
from typing import Any

import httpx
from telegram import Bot, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ExtBot, filters

from bot.context import BotContext, BotData
from bot.edge import handlers
from bot.edge.deliveries import detach
from bot.edge.pacing import BACKGROUND
from bot.settings import Settings
from bot.subscriptions.broadcaster import (
    JOB_NAME,
    Broadcaster,
    Outcome,
    SendFailed,
    SendNotice,
)
from bot.subscriptions.keyboards import (
    ask_keyboard,
    country_name,
    render_notice,
    topic_label,
    topics_keyboard,
)
from bot.subscriptions.store import PendingDelivery, SubscriptionStore, valid_topic
from bot.texts import text
from knowledge.store import DocumentRecord

log = logging.getLogger(__name__)

AnyApplication = Application[Any, Any, Any, Any, BotData, Any]

#: httpx errors raised after the request may have reached Telegram.
_MAYBE_DELIVERED = (httpx.ReadTimeout, httpx.ReadError, httpx.RemoteProtocolError)


def error_outcome(exc: BaseException) -> Outcome:
    """What to do with a delivery whose send raised `exc`: "skip", "retry" or "fail"."""
    if isinstance(exc, Forbidden):
        return "skip"
    if isinstance(exc, RetryAfter):
        return "retry"
    if isinstance(exc, BadRequest):  # a NetworkError subclass: test it first
        return "skip" if "chat not found" in str(exc).lower() else "fail"
    if isinstance(exc, NetworkError):  # TimedOut included
        return "fail" if isinstance(exc.__cause__, _MAYBE_DELIVERED) else "retry"
    return "fail"


def _seconds(value: float | dt.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


def notice_sender(bot: Bot) -> SendNotice:
    """The broadcaster's send function: the notice and its "Chiedi" button, as a background
    send; a failure sorted by `error_outcome`."""

    async def send(item: PendingDelivery) -> int:
        extra: dict[str, Any] = {"rate_limit_args": BACKGROUND} if isinstance(bot, ExtBot) else {}
        try:
            message = await bot.send_message(
                item.chat_id,
                render_notice(item.title, item.language),
                reply_markup=ask_keyboard(item.notification_id, item.language),
                **extra,
            )
        except Exception as exc:
            retry_after = _seconds(exc.retry_after) if isinstance(exc, RetryAfter) else None
            error = f"{type(exc).__name__}: {exc}"
            raise SendFailed(error_outcome(exc), error, retry_after) from exc
        return message.message_id

    return send


def kick(broadcaster: Broadcaster, application: AnyApplication) -> None:
    """Start the broadcaster on the application's loop while the application runs."""

    def spawn(drain: Coroutine[Any, Any, dict[str, int]]) -> asyncio.Task[dict[str, int]]:
        return application.create_task(_detached(drain), name=JOB_NAME)

    broadcaster.kick(spawn, lambda: application.running)


async def _detached(drain: Coroutine[Any, Any, dict[str, int]]) -> dict[str, int]:
    detach()  # started from a staff upload's handler, but not part of its answer
    return await drain


async def deliver_notices(context: BotContext) -> None:
    """JobQueue tick: start sending queued notices unless a broadcast is under way."""
    job = context.job
    if job is not None and isinstance(job.data, Broadcaster):
        kick(job.data, context.application)


async def start_jobs(application: AnyApplication, store: SubscriptionStore) -> None:
    """From post_init, once the services are open: settle what a dead process left half-sent,
    then check the queue every second (nothing else to rebuild: the queue is in the database)."""
    interrupted = await store.recover_interrupted()
    if interrupted:
        log.warning("%d notice(s) interrupted by the last stop were not sent again", interrupted)
    if application.job_queue is None:
        log.warning("no JobQueue: subscription notices will not be sent")
        return
    if application.job_queue.get_jobs_by_name(JOB_NAME):
        return
    application.job_queue.run_repeating(
        deliver_notices,
        interval=1.0,
        first=1.0,
        name=JOB_NAME,
        data=Broadcaster(store, notice_sender(application.bot)),
    )


async def announce_changes(
    target: BotContext | AnyApplication, docs: Sequence[DocumentRecord]
) -> int:
    """After staff add or update documents: queue the notices and start sending them now.
    Returns how many notices were queued."""
    application = target if isinstance(target, Application) else target.application
    queued = await application.bot_data.services.subscriptions.announce(docs)
    if queued and application.job_queue is not None:
        for job in application.job_queue.get_jobs_by_name(JOB_NAME):
            if isinstance(job.data, Broadcaster):
                kick(job.data, application)
    return queued


# -- handlers -------------------------------------------------------------------------------


def _store(context: BotContext) -> SubscriptionStore:
    return context.services.subscriptions


async def _keyboard(context: BotContext, user_id: int, language: str) -> InlineKeyboardMarkup:
    """Countries the knowledge base has documents on (and any the user already follows)."""
    chosen = await _store(context).topics(user_id)
    countries = {t.partition(":")[2] for t in chosen if t.startswith("country:")}
    documents = await asyncio.to_thread(context.services.knowledge.store.documents)
    countries |= {d.country.upper() for d in documents.values() if d.country}
    ordered = sorted(
        (c for c in countries if valid_topic(f"country:{c}")),
        key=lambda c: country_name(c, language).split(" ", 1)[-1],
    )
    return topics_keyboard(ordered, chosen, language)


async def subscribe_menu(update: Update, context: BotContext) -> None:
    """`/iscrivi`: the topics as buttons; a tap turns one on or off."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    lang = await handlers.language_of(context, user)
    keyboard = await _keyboard(context, user.id, lang)
    await message.reply_text(text(lang, "sub_menu"), reply_markup=keyboard)


async def unsubscribe_all(update: Update, context: BotContext) -> None:
    """`/disiscrivi`: drop every subscription and the notices not yet sent."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    lang = await handlers.language_of(context, user)
    removed = await _store(context).unsubscribe_all(user.id)
    reply = text(lang, "sub_stopped", count=removed) if removed else text(lang, "sub_none")
    await message.reply_text(reply)


async def on_topic_button(update: Update, context: BotContext) -> None:
    """A tap on a topic turns it on or off and redraws the keyboard; "Fatto" sums up."""
    query, user, chat = update.callback_query, update.effective_user, update.effective_chat
    if query is None or query.data is None or user is None or chat is None:
        return
    topic = query.data.removeprefix("sub:")
    lang = await handlers.language_of(context, user)
    store = _store(context)
    if topic == "done":
        await query.answer()
        chosen = sorted(topic_label(t, lang) for t in await store.topics(user.id))
        summary = (
            text(lang, "sub_summary", topics=", ".join(chosen))
            if chosen
            else text(lang, "sub_summary_none")
        )
        with contextlib.suppress(BadRequest):
            await query.edit_message_text(summary)
        return
    if not valid_topic(topic):
        await query.answer()
        return
    on = await store.toggle(user.id, chat.id, topic, lang)
    await query.answer(text(lang, "sub_on" if on else "sub_off", topic=topic_label(topic, lang)))
    with contextlib.suppress(BadRequest):  # "message is not modified" after a double tap
        await query.edit_message_reply_markup(await _keyboard(context, user.id, lang))


async def on_ask_button(update: Update, context: BotContext) -> None:
    """ "Chiedi" under a notice: answer a question about the document it announced."""
    query, user = update.callback_query, update.effective_user
    if query is None or query.data is None or user is None:
        return
    lang = await handlers.language_of(context, user)
    notification = await _store(context).notification(int(query.data.partition(":")[2]))
    await query.answer(None if notification else text(lang, "sub_gone"))
    if notification is not None:
        question = text(lang, "sub_question", title=notification.title)
        await handlers.answer_text(update, context, question)


def register(application: AnyApplication, settings: Settings) -> None:
    """Add `/iscrivi`, `/disiscrivi` and their buttons. Call it before any catch-all
    `CallbackQueryHandler` of the same group, which would otherwise take the taps first.
    (`settings` is the composition root's; subscriptions need none of them yet.)"""
    private = filters.ChatType.PRIVATE
    application.add_handler(CommandHandler("iscrivi", subscribe_menu, private))
    application.add_handler(CommandHandler("disiscrivi", unsubscribe_all, private))
    application.add_handler(CallbackQueryHandler(on_topic_button, pattern=r"^sub:"))
    application.add_handler(CallbackQueryHandler(on_ask_button, pattern=r"^subq:\d+$"))
