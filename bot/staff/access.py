"""Who counts as staff, what anyone else sees, and messages to the staff chat.

Staff are the users in `STAFF_IDS` and, when `STAFF_CHAT_ID` is set, the members of that group.
To anyone else the staff commands behave exactly like unknown commands, and a file is just a file.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatMemberStatus, ParseMode
from telegram.error import TelegramError

from bot.context import BotContext
from bot.edge.handlers import language_of
from bot.texts import text

log = logging.getLogger(__name__)


STAFF_STATUSES = {ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.MEMBER}


async def is_staff(context: BotContext, user_id: int) -> bool:
    settings = context.settings
    if user_id in settings.staff_id_set:
        return True
    if settings.staff_chat_id is None:
        return False
    try:
        member = await context.bot.get_chat_member(settings.staff_chat_id, user_id)
    except TelegramError:
        return False
    return member.status in STAFF_STATUSES


async def staff_only(update: Update, context: BotContext) -> bool:
    """True for staff; anyone else gets the unknown-command reply and learns nothing."""
    user = update.effective_user
    if user is not None and await is_staff(context, user.id):
        return True
    await unknown_command(update, context)
    return False


async def unknown_command(update: Update, context: BotContext) -> None:
    """What anyone gets for a command the bot does not know (staff commands included)."""
    if update.effective_message is None:
        return
    lang = await language_of(context, update.effective_user)
    await update.effective_message.reply_text(text(lang, "unknown_command"))


async def to_staff(context: BotContext, html_text: str) -> None:
    """A message to the staff group, or to each staff member."""
    settings = context.settings
    targets = [settings.staff_chat_id] if settings.staff_chat_id else sorted(settings.staff_id_set)
    for chat_id in targets:
        try:
            await context.bot.send_message(chat_id, html_text, parse_mode=ParseMode.HTML)
        except TelegramError as exc:
            log.warning("staff chat %s unreachable: %s", chat_id, exc)
