"""The services the handlers use, reached through a typed context instead of dict look-ups."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.conversation import ConversationService
from bot.edge.deliveries import DeliveryLog
from bot.metrics import Metrics
from bot.ops import OpsServer
from bot.settings import Settings
from bot.storage.db import Database
from bot.storage.leader import LeaderLock
from bot.storage.state import StateStore
from bot.tickets import TicketStore
from knowledge.base import KnowledgeBase


@dataclass
class Services:
    """Built in the composition root, opened in post_init, closed in post_shutdown."""

    settings: Settings | None = None
    knowledge: KnowledgeBase | None = None
    database: Database | None = None
    state: StateStore | None = None
    conversation: ConversationService | None = None
    tickets: TicketStore | None = None
    bot_username: str = ""
    advisors_forum: bool | None = None
    metrics: Metrics = field(default_factory=Metrics)
    ops: OpsServer | None = None
    leader: LeaderLock | None = None
    deliveries: DeliveryLog | None = None


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], Services]):
    """`context` in every handler: typed access to the services."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Services, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)

    @property
    def services(self) -> Services:
        return self.bot_data

    @property
    def settings(self) -> Settings:
        assert self.bot_data.settings is not None, "services are not open yet"
        return self.bot_data.settings

    @property
    def state(self) -> StateStore:
        assert self.bot_data.state is not None, "services are not open yet"
        return self.bot_data.state

    @property
    def conversation(self) -> ConversationService:
        assert self.bot_data.conversation is not None, "services are not open yet"
        return self.bot_data.conversation
