"""The advisors' group as the tickets see it: cards posted and redrawn, messages in a
ticket's topic or thread, who counts as an advisor; and the user told when a ticket opens or
closes."""

from __future__ import annotations

import contextlib
import datetime as dt

from telegram import Message, User
from telegram.constants import ChatMemberStatus, ParseMode
from telegram.error import BadRequest, TelegramError

from bot.context import BotContext
from bot.storage.models import Ticket
from bot.texts import advisors as say
from bot.texts import text, when
from bot.tickets.cards import card_keyboard, rating_keyboard, render_card
from bot.tickets.service import TicketService, clip
from bot.tickets.store import TicketStatus as S

ADVISOR_STATUSES = {
    ChatMemberStatus.OWNER,
    ChatMemberStatus.ADMINISTRATOR,
    ChatMemberStatus.MEMBER,
}


def user_name(user: User | None) -> str:
    if user is None:
        return ""
    return " ".join(p for p in (user.first_name, user.last_name) if p)


def ticket_service(context: BotContext) -> TicketService:
    """The ticket service over the context's store and knowledge base."""
    return context.services.ticket_service


class Escalation:
    """Ticket actions that talk to Telegram; built once, reached through the bot context."""

    def __init__(self, context: BotContext) -> None:
        self.context = context
        self.bot = context.bot
        self.settings = context.settings
        self.service = ticket_service(context)
        self.tickets = self.service.store

    @property
    def group_id(self) -> int:
        """The advisors' group (callers check that escalation is on first)."""
        group_id = self.settings.advisors_chat_id
        if group_id is None:
            raise RuntimeError("no advisors' group: ADVISORS_CHAT_ID is not set")
        return group_id

    async def is_forum(self) -> bool:
        known = self.context.services.advisors_forum
        if self.group_id not in known:
            chat = await self.bot.get_chat(self.group_id)
            known[self.group_id] = bool(chat.is_forum)
        return known[self.group_id]

    async def post_card(self, ticket: Ticket) -> None:
        """Create the ticket's topic (forum) and post its card; remember where."""
        thread_id = ticket.thread_id
        if thread_id is None and await self.is_forum():
            name = clip(f"#{ticket.id} {ticket.user_name} – {ticket.question}", 120)
            topic = await self.bot.create_forum_topic(self.group_id, name)
            thread_id = topic.message_thread_id
            await self.tickets.set_fields(ticket.id, thread_id=thread_id)
            ticket.thread_id = thread_id
        card = await self.bot.send_message(
            self.group_id,
            render_card(ticket),
            parse_mode=ParseMode.HTML,
            reply_markup=card_keyboard(ticket),
            message_thread_id=thread_id,
        )
        await self.tickets.set_fields(ticket.id, card_message_id=card.message_id)

    async def refresh_card(self, ticket_id: int) -> None:
        """Redraw the card after a change (status, assignee, rating)."""
        ticket = await self.tickets.get(ticket_id)
        if ticket is None or ticket.card_message_id is None:
            return
        with contextlib.suppress(BadRequest):  # "message is not modified"
            await self.bot.edit_message_text(
                render_card(ticket),
                chat_id=self.group_id,
                message_id=ticket.card_message_id,
                parse_mode=ParseMode.HTML,
                reply_markup=card_keyboard(ticket),
            )

    async def to_group(self, ticket: Ticket, html_text: str) -> Message:
        """A message in the ticket's topic, or as a reply to its card."""
        return await self.bot.send_message(
            self.group_id,
            html_text,
            parse_mode=ParseMode.HTML,
            message_thread_id=ticket.thread_id,
            reply_to_message_id=ticket.card_message_id if ticket.thread_id is None else None,
        )

    async def open(self, ticket: Ticket) -> None:
        """Open a prepared ticket: the user is told at once, the card goes to the group."""
        opened = await self.service.open(ticket.id)
        if opened is None:
            return
        lang = opened.language
        notice = text(lang, "esc_opened", id=opened.id)
        office = self.settings.office
        now = dt.datetime.now(dt.UTC)
        if not office.is_open(now):
            notice += "\n" + text(
                lang, "esc_after_hours", when=when(lang, office.next_opening(now))
            )
        await self.bot.send_message(opened.chat_id, notice)
        await self.post_card(opened)

    async def close(self, ticket_id: int, *, by_user: bool) -> None:
        """Close a ticket from either side; ask the user for a rating if it was answered."""
        closing = await self.service.close(ticket_id)
        if closing is None:
            return
        ticket, final = closing.ticket, closing.final
        lang = ticket.language
        if ticket.chat_id:
            key = "esc_closed_by_user" if by_user else "esc_closed_by_advisor"
            with contextlib.suppress(TelegramError):
                await self.bot.send_message(ticket.chat_id, text(lang, key, id=ticket.id))
                if final == S.CLOSED:
                    await self.bot.send_message(
                        ticket.chat_id,
                        text(lang, "esc_rate"),
                        reply_markup=rating_keyboard(ticket.id),
                    )
        closed = say.CLOSED_BY_USER if by_user else say.CLOSED_BY_ADVISOR
        await self.to_group(ticket, closed.format(id=ticket.id))
        await self.refresh_card(ticket.id)

    async def is_advisor(self, user_id: int) -> bool:
        """Only members of the advisors' group act on tickets."""
        group_id = self.settings.advisors_chat_id
        if group_id is None:
            return False
        try:
            member = await self.bot.get_chat_member(group_id, user_id)
        except TelegramError:
            return False
        return member.status in ADVISOR_STATUSES

    def advisor_label(self, user: User | None, lang: str) -> str:
        if self.settings.advisor_signature == "first_name" and user is not None:
            return user.first_name
        if self.settings.advisor_signature not in ("", "first_name"):
            return self.settings.advisor_signature
        return text(lang, "advisor_team")
