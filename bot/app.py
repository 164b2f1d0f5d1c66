"""The composition root: settings → services → python-telegram-bot `Application`."""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
from typing import Any

from telegram import BotCommand, Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.context import BotContext, BotData
from bot.edge import buttons, handlers
from bot.edge.deliveries import RecordingRequest
from bot.edge.pacing import FloodLimiter
from bot.edge.updates import (
    ChatOrderedProcessor,
    JournalBarrierRequest,
    JournalingQueue,
    replay_unfinished,
)
from bot.office_hours import ROME
from bot.services import open_services
from bot.settings import Settings
from bot.staff import access, knowledge_base, reports, uploads
from bot.subscriptions import handlers as subscriptions
from bot.texts import COMMANDS, text
from bot.tickets import advisor_side, user_side
from knowledge.base import KnowledgeBase

log = logging.getLogger(__name__)

BotApplication = Application[Any, BotContext, dict[Any, Any], dict[Any, Any], BotData, Any]


def file_url(base_url: str) -> str:
    """`https://api.telegram.org/bot` → `https://api.telegram.org/file/bot`."""
    root, _, _ = base_url.rstrip("/").rpartition("/bot")
    return f"{root}/file/bot" if root else base_url


async def post_init(
    application: BotApplication, *, settings: Settings, knowledge: KnowledgeBase | None
) -> None:
    """Open the services, start the jobs, register commands, replay what a crash left
    unfinished."""
    # One active process per token: a second one waits in open_services until the first ends.
    services = await open_services(settings, application.bot, knowledge=knowledge)
    application.bot_data.hold(services)
    await subscriptions.start_jobs(application, services.subscriptions)
    if settings.advisors_chat_id is not None and application.job_queue is not None:
        # Reminders are read from the database at every tick: nothing to rebuild after a restart.
        application.job_queue.run_repeating(
            advisor_side.check_reminders,
            interval=settings.reminder_check_seconds,
            first=1.0,
            name="ticket-reminders",
        )
    processor = application.update_processor
    if isinstance(processor, ChatOrderedProcessor):
        processor.attach(services.state, services.metrics, services.deliveries)
    queue = application.update_queue
    if isinstance(queue, JournalingQueue):
        queue.attach(services.state)
    schedule_staff_jobs(application, settings)
    for lang in ("it", "en"):
        await application.bot.set_my_commands(
            [BotCommand(c, text(lang, f"cmd_{c}")) for c in COMMANDS],
            language_code=None if lang == "it" else lang,
        )
    await services.state.prune_updates(dt.timedelta(hours=48))
    await services.state.purge_old_texts(dt.timedelta(days=settings.retention_days))
    await replay_unfinished(services.state, application.update_queue, application.bot)


async def post_shutdown(application: BotApplication) -> None:
    """Close the services (if they were opened)."""
    services = application.bot_data.release()
    if services is not None:
        await services.aclose()


def schedule_staff_jobs(application: BotApplication, settings: Settings) -> None:
    """Refresh of web sources, expiry watch and weekly digest (state lives in the store and
    the database, so restarts only reschedule them)."""
    jobs = application.job_queue
    if jobs is None or not (settings.staff_id_set or settings.staff_chat_id):
        return
    every = settings.refresh_interval_hours * 3600
    jobs.run_repeating(
        knowledge_base.refresh_web_sources, interval=every, first=every, name="refresh"
    )
    jobs.run_repeating(knowledge_base.watch_expiry, interval=24 * 3600, first=120.0, name="expiry")
    if settings.digest_weekday:
        day = ("mon", "tue", "wed", "thu", "fri", "sat", "sun").index(
            settings.digest_weekday[:3].lower()
        )
        at = dt.time.fromisoformat(settings.digest_time).replace(tzinfo=ROME)
        jobs.run_daily(reports.weekly_digest, time=at, days=(day,), name="digest")


def build_application(
    settings: Settings, knowledge: KnowledgeBase | None = None
) -> BotApplication:
    """The bot, ready to `run_polling()` or `run_webhook()`; its services open in post_init
    (`knowledge`, when given, is theirs from then on: they close it)."""
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    # python-telegram-bot 22 warns on RetryAfter.retry_after as int; opt in to timedelta.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    context_types = ContextTypes(context=BotContext, bot_data=BotData)
    queue = JournalingQueue()
    application: BotApplication = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(settings.telegram_api_url)
        .base_file_url(file_url(settings.telegram_api_url))
        .context_types(context_types)
        .update_queue(queue)
        .concurrent_updates(ChatOrderedProcessor(64))
        .rate_limiter(FloodLimiter(max_retries=3))
        .request(RecordingRequest(connection_pool_size=64, read_timeout=20, write_timeout=20))
        .get_updates_request(JournalBarrierRequest(queue, read_timeout=40))
        .post_init(functools.partial(post_init, settings=settings, knowledge=knowledge))
        .post_shutdown(post_shutdown)
        .build()
    )
    private_or_groups = ~filters.UpdateType.CHANNEL_POSTS
    if settings.advisors_chat_id is not None:
        advisors = filters.Chat(settings.advisors_chat_id)
        private_or_groups = private_or_groups & ~advisors
        application.add_handler(CommandHandler("ticket", advisor_side.list_tickets, advisors))
        application.add_handler(
            MessageHandler(
                advisors & ~filters.COMMAND & ~filters.StatusUpdate.ALL,
                advisor_side.advisor_message,
            )
        )
    application.add_handler(
        CallbackQueryHandler(advisor_side.on_ticket_callback, pattern=r"^tk[a-z]?:")
    )
    application.add_handler(CommandHandler("fine", user_side.finish, filters.ChatType.PRIVATE))
    application.add_handler(CommandHandler("start", handlers.start))
    application.add_handler(CommandHandler("help", handlers.help_command))
    application.add_handler(CommandHandler("lingua", handlers.choose_language))
    application.add_handler(CommandHandler("nuovo", handlers.new_conversation))
    application.add_handler(CommandHandler("consulente", handlers.advisor))
    application.add_handler(CommandHandler("privacy", handlers.privacy))
    application.add_handler(CommandHandler("cancella", handlers.delete_data))
    application.add_handler(CommandHandler("kb", knowledge_base.kb_command))
    application.add_handler(CommandHandler("report", reports.report_command))
    application.add_handler(
        MessageHandler(filters.Document.ALL & filters.ChatType.PRIVATE, uploads.upload)
    )
    application.add_handler(
        MessageHandler(filters.TEXT & ~filters.COMMAND & private_or_groups, handlers.question)
    )
    application.add_handler(
        MessageHandler(
            (
                filters.PHOTO
                | filters.Sticker.ALL
                | filters.VOICE
                | filters.AUDIO
                | filters.VIDEO
                | filters.LOCATION
                | filters.Document.ALL
                | filters.VIDEO_NOTE
                | filters.CONTACT
            )
            & private_or_groups,
            handlers.non_text,
        )
    )
    subscriptions.register(application, settings)
    for prefix, on_button in buttons.BUTTONS:
        application.add_handler(CallbackQueryHandler(on_button, pattern=f"^{prefix}:"))
    application.add_handler(CallbackQueryHandler(buttons.on_other_button))
    application.add_handler(
        MessageHandler(filters.COMMAND & filters.ChatType.PRIVATE, access.unknown_command)
    )
    application.add_error_handler(handlers.on_error)
    return application


def run_bot(settings: Settings) -> None:
    """Run until interrupted: webhook when WEBHOOK_URL is set, else long polling."""
    application = build_application(settings)
    allowed = Update.ALL_TYPES
    if settings.webhook_url:
        secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
        path = "telegram"
        application.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path=path,
            webhook_url=f"{settings.webhook_url.rstrip('/')}/{path}",
            secret_token=secret,
            allowed_updates=allowed,
        )
    else:
        application.run_polling(allowed_updates=allowed)
