"""Support tickets: store and service (no Telegram), then cards, group and handlers (the edge)."""

from bot.tickets.store import ACTIVE, FINISHED, PENDING, TRANSITIONS, TicketStatus, TicketStore

__all__ = ["ACTIVE", "FINISHED", "PENDING", "TRANSITIONS", "TicketStatus", "TicketStore"]
