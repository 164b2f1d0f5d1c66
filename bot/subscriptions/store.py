"""Subscriptions to countries and document kinds, notices and their delivery queue, in SQL.

Users pick topics with `/iscrivi` (buttons that toggle, ✅ on) and drop them all with
`/disiscrivi`. When staff add or update a document, `announce_changes` queues one notice per
matching subscriber (`SubscriptionStore.announce`, idempotent per document version); a JobQueue
tick starts the `Broadcaster`, which sends the queue paced below Telegram's limits. The queue
lives in the database (`deliveries`), so a restart picks up where the last run stopped.

Delivery is *at most once*. Each delivery is claimed with a compare-and-set (`pending →
sending`) just before its `sendMessage` and marked `sent` right after. If the process dies
between the two the row stays `sending`, and the next start-up marks it `failed`
("interrupted") rather than sending it again: nothing tells whether Telegram got it, and a lost
notice costs one user one message while a duplicate breaks the promise made to everyone. A
graceful stop lets the sends in flight finish before the application stops, so an ordinary
restart loses nothing. Failed sends are sorted the same way:

- `Forbidden` (the user blocked the bot or deleted the account), "chat not found" → `skipped`;
- `RetryAfter` (a 429 the rate limiter gave up on), errors Telegram answered (5xx) and errors
  before the request left (connect or pool timeouts) → `pending` again after a delay, up to
  `MAX_ATTEMPTS` sends;
- a read timeout or a connection dropped after the request went out → `failed`: it may have
  arrived;
- any other refusal (400) → `failed`.

Pacing: sends start evenly spaced, at most `per_second` (25) in any second with 5% headroom so
that network jitter cannot push Telegram's one-second window over; the application's
`FloodLimiter` (`bot.edge.pacing`: Telegram's limits, 429 `retry_after`) still sits underneath and
carries the rest of the bot's traffic, which goes first: notices are background sends. A 429
that gets through holds every send for its `retry_after`.
Sends overlap (`concurrency`), so the rate holds on a high-latency link too.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from bot.storage.db import Database, rowcount
from bot.storage.models import Delivery, Notification, Subscription, UserProfile, utcnow
from knowledge.store import DocumentRecord

log = logging.getLogger(__name__)

KINDS = ("instrument", "country_guide", "faq")
INTERRUPTED = "interrupted while sending: not sent again, it may have arrived"
_COUNTRY_CODE = re.compile(r"[A-Z]{2}")


def doc_topics(kind: str, country: str) -> list[str]:
    """The topics a document is news for: its country, and its kind when one can subscribe."""
    topics = [f"country:{country.upper()}"] if country else []
    if kind in KINDS:
        topics.append(f"kind:{kind}")
    return topics


def valid_topic(topic: str) -> bool:
    family, _, value = topic.partition(":")
    if family == "kind":
        return value in KINDS
    return family == "country" and bool(_COUNTRY_CODE.fullmatch(value))


# -- the store ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PendingDelivery:
    """A notice due to one chat, with what it takes to render it."""

    id: int
    notification_id: int
    chat_id: int
    language: str
    title: str
    attempts: int


class SubscriptionStore:
    """Subscriptions, notices and the delivery queue in SQL. Knows nothing of Telegram."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- subscriptions --------------------------------------------------------------------

    async def topics(self, user_id: int) -> set[str]:
        async with self.db.session() as s:
            rows = await s.execute(
                select(Subscription.topic).where(Subscription.user_id == user_id)
            )
            return set(rows.scalars())

    async def subscribe(
        self, user_id: int, chat_id: int, topic: str, language: str = "it"
    ) -> bool:
        """True when the subscription is new."""
        if not valid_topic(topic):
            raise ValueError(f"{topic!r} is not a topic: use country:<ISO code> or kind:<kind>")
        try:
            async with self.db.session() as s, s.begin():
                s.add(
                    Subscription(user_id=user_id, chat_id=chat_id, topic=topic, language=language)
                )
            return True
        except IntegrityError:
            return False

    async def unsubscribe(self, user_id: int, topic: str) -> bool:
        """True when there was such a subscription; notices queued only for it are dropped."""
        async with self.db.session() as s, s.begin():
            result = await s.execute(
                delete(Subscription).where(
                    Subscription.user_id == user_id, Subscription.topic == topic
                )
            )
            if not rowcount(result):
                return False
            await self._drop_unmatched(s, user_id)
            return True

    async def toggle(self, user_id: int, chat_id: int, topic: str, language: str = "it") -> bool:
        """Turn a topic off if it was on, else on; True when it is now on."""
        if await self.unsubscribe(user_id, topic):
            return False
        await self.subscribe(user_id, chat_id, topic, language)
        return True

    async def unsubscribe_all(self, user_id: int) -> int:
        """`/disiscrivi`: every subscription and the notices not yet sent; how many topics."""
        async with self.db.session() as s, s.begin():
            result = await s.execute(delete(Subscription).where(Subscription.user_id == user_id))
            await s.execute(
                delete(Delivery).where(Delivery.user_id == user_id, Delivery.status == "pending")
            )
            return rowcount(result)

    async def delete_user(self, user_id: int) -> int:
        """`/cancella`: subscriptions and every delivery record of the user, sent ones too."""
        async with self.db.session() as s, s.begin():
            result = await s.execute(delete(Subscription).where(Subscription.user_id == user_id))
            await s.execute(delete(Delivery).where(Delivery.user_id == user_id))
            return rowcount(result)

    async def _drop_unmatched(self, s: Any, user_id: int) -> None:
        """Delete the user's pending notices that none of their remaining topics matches."""
        pending = (
            await s.execute(
                select(Delivery.id, Notification.kind, Notification.country)
                .join(Notification, Notification.id == Delivery.notification_id)
                .where(Delivery.user_id == user_id, Delivery.status == "pending")
            )
        ).all()
        if not pending:
            return
        topics = set(
            (
                await s.execute(select(Subscription.topic).where(Subscription.user_id == user_id))
            ).scalars()
        )
        stale = [row.id for row in pending if not topics & set(doc_topics(row.kind, row.country))]
        if stale:
            await s.execute(delete(Delivery).where(Delivery.id.in_(stale)))

    # -- notices --------------------------------------------------------------------------

    async def announce(self, docs: Iterable[DocumentRecord]) -> int:
        """Queue a notice about each added or updated document for each matching subscriber;
        return how many were queued. A version announced before (same doc_id and hash)
        queues nothing; a newer version replaces the unsent notices about older ones."""
        queued = 0
        for doc in docs:
            topics = doc_topics(doc.kind, doc.country)
            if not topics or not doc.doc_hash:
                continue
            try:
                queued += await self._announce_one(doc, topics)
            except IntegrityError:  # the same version, announced at the same moment elsewhere
                log.info("doc=%s: version already announced", doc.doc_id)
        return queued

    async def _announce_one(self, doc: DocumentRecord, topics: list[str]) -> int:
        async with self.db.session() as s, s.begin():
            seen = await s.scalar(
                select(Notification.id).where(
                    Notification.doc_id == doc.doc_id, Notification.doc_hash == doc.doc_hash
                )
            )
            if seen is not None:
                return 0
            notification = Notification(
                doc_id=doc.doc_id,
                doc_hash=doc.doc_hash,
                title=doc.title or doc.file_name,
                kind=doc.kind,
                country=doc.country.upper(),
                status="queued",
            )
            s.add(notification)
            await s.flush()
            older = select(Notification.id).where(
                Notification.doc_id == doc.doc_id, Notification.id != notification.id
            )
            await s.execute(
                update(Delivery)
                .where(Delivery.notification_id.in_(older), Delivery.status == "pending")
                .values(status="skipped", error="superseded by a newer version")
            )
            subscribers = await s.execute(
                select(Subscription.user_id, Subscription.chat_id, Subscription.language)
                .where(Subscription.topic.in_(topics))
                .order_by(Subscription.id)
            )
            now = utcnow()
            rows: dict[int, dict[str, Any]] = {}
            for user_id, chat_id, language in subscribers:
                rows.setdefault(
                    chat_id,
                    {
                        "notification_id": notification.id,
                        "user_id": user_id,
                        "chat_id": chat_id,
                        "language": language,
                        "status": "pending",
                        "attempts": 0,
                        "created_at": now,
                    },
                )
            if rows:
                await s.execute(insert(Delivery), list(rows.values()))
            log.info(
                "doc=%s: notice %d queued for %d chat(s)", doc.doc_id, notification.id, len(rows)
            )
            return len(rows)

    async def notification(self, notification_id: int) -> Notification | None:
        async with self.db.session() as s:
            return await s.get(Notification, notification_id)

    # -- the delivery queue ---------------------------------------------------------------

    async def next_pending(
        self, limit: int, now: dt.datetime | None = None
    ) -> list[PendingDelivery]:
        """Up to `limit` deliveries due now, oldest first, in the language the user chose
        (else the one they subscribed in)."""
        now = now or utcnow()
        async with self.db.session() as s:
            rows = (
                await s.execute(
                    select(
                        Delivery.id,
                        Delivery.notification_id,
                        Delivery.chat_id,
                        Delivery.language.label("subscribed_in"),
                        Delivery.attempts,
                        Notification.title,
                        UserProfile.language.label("chosen"),
                    )
                    .join(Notification, Notification.id == Delivery.notification_id)
                    .outerjoin(UserProfile, UserProfile.id == Delivery.user_id)
                    .where(
                        Delivery.status == "pending",
                        or_(Delivery.not_before.is_(None), Delivery.not_before <= now),
                    )
                    .order_by(Delivery.id)
                    .limit(limit)
                )
            ).all()
        return [
            PendingDelivery(
                id=r.id,
                notification_id=r.notification_id,
                chat_id=r.chat_id,
                language=r.chosen or r.subscribed_in or "it",
                title=r.title,
                attempts=r.attempts,
            )
            for r in rows
        ]

    async def mark(
        self, delivery_id: int, from_status: str, to_status: str, **fields: Any
    ) -> bool:
        """Move a delivery from `from_status` to `to_status` (compare-and-set); False when it
        was not in `from_status`: another sender took it, or the user left."""
        async with self.db.session() as s, s.begin():
            result = await s.execute(
                update(Delivery)
                .where(Delivery.id == delivery_id, Delivery.status == from_status)
                .values(status=to_status, **fields)
            )
            return rowcount(result) == 1

    async def claim(self, delivery_id: int) -> bool:
        """Take a pending delivery for sending now; True for exactly one caller."""
        return await self.mark(delivery_id, "pending", "sending", attempts=Delivery.attempts + 1)

    async def recover_interrupted(self) -> int:
        """At start-up: what a dead process left `sending` becomes `failed`, never resent."""
        async with self.db.session() as s, s.begin():
            result = await s.execute(
                update(Delivery)
                .where(Delivery.status == "sending")
                .values(status="failed", error=INTERRUPTED)
            )
            return rowcount(result)

    async def finish_notifications(self) -> int:
        """Mark `done` the notices with nothing left to send."""
        open_deliveries = (
            select(Delivery.id)
            .where(
                Delivery.notification_id == Notification.id,
                Delivery.status.in_(("pending", "sending")),
            )
            .exists()
        )
        async with self.db.session() as s, s.begin():
            result = await s.execute(
                update(Notification)
                .where(Notification.status == "queued", ~open_deliveries)
                .values(status="done")
            )
            return rowcount(result)

    async def counts(self, notification_id: int | None = None) -> dict[str, int]:
        """Deliveries by status (of one notice, or all)."""
        query = select(Delivery.status, func.count()).group_by(Delivery.status)
        if notification_id is not None:
            query = query.where(Delivery.notification_id == notification_id)
        async with self.db.session() as s:
            return {status: int(n) for status, n in (await s.execute(query)).all()}
