"""The bot's services, opened together and closed together: `open_services()` → `aclose()`.

Everything a handler or a job reaches is built here, fully, before the first update: no field
is filled in later. Opening takes the leader lock, so a second process on the same token waits
in `open_services()` until the first one ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field

from telegram import Bot

from bot.conversation import ConversationService
from bot.edge.deliveries import DeliveryLog
from bot.metrics import Metrics
from bot.ops import OpsConfig, OpsServer
from bot.privacy import PrivacyService
from bot.settings import Settings
from bot.storage.db import Database
from bot.storage.leader import LeaderLock
from bot.storage.state import StateStore
from bot.subscriptions.store import SubscriptionStore
from bot.tickets.service import TicketService
from bot.tickets.store import TicketStore
from ingest.admin import KnowledgeAdmin
from knowledge.base import KnowledgeBase, open_knowledge_base

log = logging.getLogger(__name__)

#: How long the delivery log keeps what a replayed update may still need.
DELIVERIES_KEPT_S = 48 * 3600
#: How long a starting bot waits for the sender process of a run that died to finish its calls
#: (each has timeouts of its own; on a working Bot API server it takes milliseconds).
SENDERS_WAIT_S = 60.0


@dataclass(eq=False)
class Services:
    """The open services; `aclose()` closes them in the reverse order of their dependencies."""

    settings: Settings
    knowledge: KnowledgeBase
    database: Database
    leader: LeaderLock
    state: StateStore
    metrics: Metrics
    conversation: ConversationService
    tickets: TicketStore
    ticket_service: TicketService
    subscriptions: SubscriptionStore
    privacy: PrivacyService
    admin: KnowledgeAdmin
    deliveries: DeliveryLog
    #: `/healthz` and `/metrics`; None when METRICS_PORT is 0 (the server is off).
    ops: OpsServer | None = None
    #: Whether each advisors' group is a forum, as Telegram said the first time it was asked.
    advisors_forum: dict[int, bool] = field(default_factory=dict)

    async def aclose(self) -> None:
        """Stop the ops server, give up the leader lock, close the stores, then the
        knowledge base (which finishes its pending clean-up first)."""
        if self.ops is not None:
            await self.ops.stop()
        await self.leader.release()
        await self.database.close()
        self.deliveries.close()
        self.knowledge.close()


def bot_key(settings: Settings) -> int:
    """The bot's id, read from its token (0 without one): what the leader lock is taken on."""
    token = settings.telegram_bot_token
    return int(token.get_secret_value().split(":", 1)[0]) if token else 0


async def open_services(
    settings: Settings, bot: Bot, *, knowledge: KnowledgeBase | None = None
) -> Services:
    """Open the knowledge base (unless given) and the database, wait to be the one active
    process of this token, warm the retriever up and start the ops server (METRICS_PORT).

    The services own `knowledge` from here on: `aclose()` closes it. When opening fails
    half-way, what was opened is closed again before the error is raised."""
    opened = contextlib.AsyncExitStack()
    # Not `async with`: an interrupted start (a stop signal while a standby waits for the lock)
    # leaves this coroutine suspended, and closing it must not await anything.
    try:
        if knowledge is None:
            knowledge = await asyncio.to_thread(open_knowledge_base, settings)
        opened.callback(knowledge.close)
        database = Database(settings.sqlalchemy_url)
        opened.push_async_callback(database.close)
        await database.open()
        leader = LeaderLock(database, bot_key(settings), settings.data_dir)
        await leader.acquire()
        opened.push_async_callback(leader.release)
        state = StateStore(database)
        await asyncio.to_thread(knowledge.answerer.retriever.warm_up)
        metrics = Metrics()
        tickets = TicketStore(database)
        subscriptions = SubscriptionStore(database)
        admin = KnowledgeAdmin(knowledge, settings)
        deliveries = DeliveryLog(settings.data_dir / "deliveries.db")
        opened.callback(deliveries.close)
        # before any update is replayed: what a dead run's sender is still finishing is in it
        await asyncio.to_thread(deliveries.wait_for_senders, SENDERS_WAIT_S)
        deliveries.prune(DELIVERIES_KEPT_S)
        services = Services(
            settings=settings,
            knowledge=knowledge,
            database=database,
            leader=leader,
            state=state,
            metrics=metrics,
            conversation=ConversationService(knowledge.answerer, state, settings, metrics),
            tickets=tickets,
            ticket_service=TicketService(tickets, admin),
            subscriptions=subscriptions,
            privacy=PrivacyService(state, tickets, subscriptions),
            admin=admin,
            deliveries=deliveries,
        )
        if settings.metrics_port:  # it reads its checks from the services it reports on
            config = OpsConfig(host=settings.metrics_host, port=settings.metrics_port)
            services.ops = await OpsServer(services, bot, metrics, config).start()
    except (Exception, asyncio.CancelledError):
        await opened.aclose()
        raise
    return services
