"""`/cancella` across every store: tickets anonymised, subscriptions and their deliveries
deleted, conversations, answers, feedback and the profile deleted. Knows nothing of Telegram."""

from __future__ import annotations

from bot.storage.state import DeletionReport, StateStore
from bot.subscriptions.store import SubscriptionStore
from bot.tickets.store import TicketStore


class PrivacyService:
    """A user's right to be forgotten, in one call."""

    def __init__(
        self,
        state: StateStore,
        tickets: TicketStore | None = None,
        subscriptions: SubscriptionStore | None = None,
    ) -> None:
        self.state = state
        self.tickets = tickets
        self.subscriptions = subscriptions

    async def delete_user(self, user_id: int) -> DeletionReport:
        """Forget the user everywhere; the counts are of the conversation store's rows."""
        if self.tickets is not None:
            await self.tickets.anonymise_user(user_id)
        if self.subscriptions is not None:
            await self.subscriptions.delete_user(user_id)
        return await self.state.delete_user_data(user_id)
