"""The services the handlers use, reached through a typed context instead of dict look-ups."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.conversation import ConversationService
from bot.services import Services
from bot.settings import Settings
from bot.storage.state import StateStore


class BotData:
    """python-telegram-bot's `bot_data`: the open services, from post_init to post_shutdown.

    python-telegram-bot builds `bot_data` with the application, before anything can be opened;
    post_init hands it the services once they are open (`hold`), post_shutdown takes them back
    to close them (`release`)."""

    def __init__(self) -> None:
        self._services: Services | None = None

    @property
    def services(self) -> Services:
        if self._services is None:
            raise RuntimeError("the services are not open: the application has not started")
        return self._services

    def hold(self, services: Services) -> None:
        self._services = services

    def release(self) -> Services | None:
        services, self._services = self._services, None
        return services


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    """`context` in every handler: typed access to the services."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, BotData, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)

    @property
    def services(self) -> Services:
        return self.bot_data.services

    @property
    def settings(self) -> Settings:
        return self.services.settings

    @property
    def state(self) -> StateStore:
        return self.services.state

    @property
    def conversation(self) -> ConversationService:
        return self.services.conversation
