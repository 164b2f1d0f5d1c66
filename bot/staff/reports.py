"""`/report` and the weekly digest: the quality report sent to staff."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.context import BotContext
from bot.staff.access import staff_only
from knowledge.documents import today_rome

log = logging.getLogger(__name__)


async def report_command(update: Update, context: BotContext) -> None:
    """`/report`: the quality figures of the last 30 days, with charts."""
    message = update.effective_message
    if message is None or not await staff_only(update, context):
        return
    days = int(context.args[0]) if context.args and context.args[0].isdigit() else 30
    await send_report(context, message.chat.id, days)


async def send_report(context: BotContext, chat_id: int, days: int) -> None:
    from bot.reports import build_report, render_charts, render_html, render_telegram_summary

    services = context.services
    end = today_rome()
    report = await build_report(
        services.database,
        services.knowledge.embedder,
        start=end - dt.timedelta(days=days - 1),
        end=end,
    )
    await context.bot.send_message(
        chat_id, render_telegram_summary(report), parse_mode=ParseMode.HTML
    )
    charts = await asyncio.to_thread(render_charts, report)
    for name, png in charts.items():
        await context.bot.send_photo(chat_id, png, caption=name)
    page = render_html(report, charts).encode("utf-8")
    await context.bot.send_document(chat_id, page, filename=f"report-{end.isoformat()}.html")


async def weekly_digest(context: BotContext) -> None:
    """Job: the weekly report to the staff chat."""
    settings = context.settings
    targets = [settings.staff_chat_id] if settings.staff_chat_id else sorted(settings.staff_id_set)
    for chat_id in targets:
        try:
            await send_report(context, chat_id, 7)
        except TelegramError as exc:
            log.warning("digest to %s failed: %s", chat_id, exc)
