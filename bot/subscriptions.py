"""Subscriptions to countries and document kinds, and the broadcast of notices to subscribers.

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
`FloodLimiter` (`bot.pacing`: Telegram's limits, 429 `retry_after`) still sits underneath and
carries the rest of the bot's traffic, which goes first: notices are background sends. A 429
that gets through holds every send for its `retry_after`.
Sends overlap (`concurrency`), so the rate holds on a high-latency link too.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import re
import string
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ExtBot, filters

from bot import handlers
from bot.context import BotContext, Services
from bot.db import Database, rowcount
from bot.deliveries import detach
from bot.models import Delivery, Notification, Subscription, UserProfile, utcnow
from bot.pacing import BACKGROUND
from bot.settings import Settings
from bot.texts import TEXTS, text
from knowledge.entities import COUNTRIES
from knowledge.store import DocumentRecord

log = logging.getLogger(__name__)

AnyApplication = Application[Any, Any, Any, Any, Services, Any]

KINDS = ("instrument", "country_guide", "faq")
JOB_NAME = "subscription-broadcast"
PER_SECOND = 25.0
MAX_ATTEMPTS = 3
RETRY_DELAYS_S = (5.0, 30.0, 120.0)
TITLE_LIMIT = 300
INTERRUPTED = "interrupted while sending: not sent again, it may have arrived"
#: httpx errors raised after the request may have reached Telegram.
_MAYBE_DELIVERED = (httpx.ReadTimeout, httpx.ReadError, httpx.RemoteProtocolError)
_COUNTRY_CODE = re.compile(r"[A-Z]{2}")


# -- topics and rendering (pure) ------------------------------------------------------------


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


def country_name(code: str, language: str) -> str:
    """`US` → "🇺🇸 Stati Uniti" / "🇺🇸 United States"."""
    flag = "".join(chr(0x1F1E6 + ord(c) - ord("A")) for c in code)
    key = f"sub_country_{code}"
    if key in TEXTS["it"]:
        name = text(language, key)
    else:
        names = COUNTRIES.get(code)
        name = string.capwords(names[0]) if names else code
    return f"{flag} {name}"


def topic_label(topic: str, language: str) -> str:
    family, _, value = topic.partition(":")
    if family == "kind":
        return text(language, f"sub_kind_{value}")
    return country_name(value, language)


def topics_keyboard(
    countries: Sequence[str], chosen: set[str], language: str
) -> InlineKeyboardMarkup:
    """Kinds one per row, countries two per row, ✅ on the chosen ones, then "Fatto"."""

    def button(topic: str) -> InlineKeyboardButton:
        mark = "✅ " if topic in chosen else ""
        return InlineKeyboardButton(
            mark + topic_label(topic, language), callback_data=f"sub:{topic}"
        )

    rows = [[button(f"kind:{kind}")] for kind in KINDS]
    by_country = [f"country:{code}" for code in countries]
    rows += [[button(t) for t in by_country[i : i + 2]] for i in range(0, len(by_country), 2)]
    rows.append([InlineKeyboardButton(text(language, "sub_btn_done"), callback_data="sub:done")])
    return InlineKeyboardMarkup(rows)


def render_notice(title: str, language: str) -> str:
    """The notice: one short plain-text message with the document's title."""
    title = " ".join(title.split())
    if len(title) > TITLE_LIMIT:
        title = title[: TITLE_LIMIT - 1].rstrip() + "…"
    return text(language, "sub_notice", title=title)


def ask_keyboard(notification_id: int, language: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    text(language, "sub_btn_ask"), callback_data=f"subq:{notification_id}"
                )
            ]
        ]
    )


def error_outcome(exc: BaseException) -> str:
    """What to do with a delivery whose send raised `exc`: "skip", "retry" or "fail"."""
    if isinstance(exc, Forbidden):
        return "skip"
    if isinstance(exc, RetryAfter):
        return "retry"
    if isinstance(exc, BadRequest):  # a NetworkError subclass: test it first
        return "skip" if "chat not found" in str(exc).lower() else "fail"
    if isinstance(exc, NetworkError):  # TimedOut included
        return "fail" if isinstance(exc.__cause__, _MAYBE_DELIVERED) else "retry"
    return "fail"


def _seconds(value: float | dt.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


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


# -- the broadcaster --------------------------------------------------------------------------


class Pacer:
    """Spaces send starts evenly: at most `per_second` in any second, less `headroom`."""

    def __init__(
        self,
        per_second: float,
        headroom: float = 0.05,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if per_second <= 0:
            raise ValueError("per_second must be positive")
        self.spacing = (1.0 + headroom) / per_second
        self._clock = clock
        self._next = 0.0

    async def wait(self) -> None:
        """Return when the next send may start (callers take turns)."""
        now = self._clock()
        start = max(now, self._next)
        self._next = start + self.spacing
        if start > now:
            await asyncio.sleep(start - now)

    def hold(self, seconds: float) -> None:
        """Start nothing for `seconds` (Telegram asked to wait)."""
        self._next = max(self._next, self._clock() + seconds)


class Broadcaster:
    """Sends the queued notices: one drain at a time, paced, each delivery at most once."""

    def __init__(
        self,
        store: SubscriptionStore,
        *,
        per_second: float = PER_SECOND,
        concurrency: int = 8,
        batch: int = 100,
    ) -> None:
        self.store = store
        self.pacer = Pacer(per_second)
        self.concurrency = concurrency
        self.batch = batch
        self._task: asyncio.Task[dict[str, int]] | None = None

    @property
    def busy(self) -> bool:
        return self._task is not None and not self._task.done()

    def kick(self, application: AnyApplication) -> None:
        """Start draining the queue, unless a drain is under way or the application stops."""
        if not application.running or self.busy:
            return
        self._task = application.create_task(
            self.drain(application.bot, lambda: application.running), name=JOB_NAME
        )

    async def drain(self, bot: Bot, keep_going: Callable[[], bool]) -> dict[str, int]:
        """Send due deliveries until none is left or `keep_going()` turns false; the sends
        in flight always finish and are recorded. Returns the outcomes counted."""
        detach()  # started from a staff upload's handler, but not part of its answer
        slots = asyncio.Semaphore(self.concurrency)
        in_flight: set[asyncio.Task[str]] = set()
        outcomes: dict[str, int] = {}

        def done(task: asyncio.Task[str]) -> None:
            in_flight.discard(task)
            slots.release()
            if task.cancelled():
                return
            if task.exception() is not None:
                log.error("broadcast: a delivery failed", exc_info=task.exception())
                return
            outcomes[task.result()] = outcomes.get(task.result(), 0) + 1

        try:
            while keep_going():
                batch = await self.store.next_pending(self.batch)
                if not batch:
                    break
                for item in batch:
                    if not keep_going():
                        break
                    await slots.acquire()
                    if not await self.store.claim(item.id):
                        slots.release()
                        continue
                    await self.pacer.wait()  # after the claim: its SQL time must not bunch sends
                    task = asyncio.create_task(self._deliver(bot, item))
                    in_flight.add(task)
                    task.add_done_callback(done)
        finally:
            if in_flight:
                await asyncio.gather(*in_flight, return_exceptions=True)
        await self.store.finish_notifications()
        if outcomes:
            log.info("broadcast: %s", ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))
        return outcomes

    async def _deliver(self, bot: Bot, item: PendingDelivery) -> str:
        """Send one claimed delivery and record the outcome; return the new status."""
        try:
            extra: dict[str, Any] = (
                {"rate_limit_args": BACKGROUND} if isinstance(bot, ExtBot) else {}
            )
            message = await bot.send_message(
                item.chat_id,
                render_notice(item.title, item.language),
                reply_markup=ask_keyboard(item.notification_id, item.language),
                **extra,
            )
        except Exception as exc:
            return await self._after_error(item, exc)
        await self.store.mark(
            item.id, "sending", "sent", sent_at=utcnow(), message_id=message.message_id, error=None
        )
        return "sent"

    async def _after_error(self, item: PendingDelivery, exc: Exception) -> str:
        outcome = error_outcome(exc)
        error = f"{type(exc).__name__}: {exc}"[:300]
        if outcome == "retry" and item.attempts + 1 < MAX_ATTEMPTS:
            if isinstance(exc, RetryAfter):
                delay = _seconds(exc.retry_after)
                self.pacer.hold(delay)
            else:
                delay = RETRY_DELAYS_S[min(item.attempts, len(RETRY_DELAYS_S) - 1)]
            log.warning(
                "delivery=%s chat=%s: %s; retry in %.0fs", item.id, item.chat_id, exc, delay
            )
            await self.store.mark(
                item.id,
                "sending",
                "pending",
                not_before=utcnow() + dt.timedelta(seconds=delay),
                error=error,
            )
            return "retry"
        status = "skipped" if outcome == "skip" else "failed"
        if status == "failed":
            log.warning("delivery=%s chat=%s: not sent (%s)", item.id, item.chat_id, error)
        await self.store.mark(item.id, "sending", status, error=error)
        return status


async def deliver_notices(context: BotContext) -> None:
    """JobQueue tick: start sending queued notices unless a broadcast is under way."""
    job = context.job
    if job is not None and isinstance(job.data, Broadcaster):
        job.data.kick(context.application)


async def start_jobs(application: AnyApplication) -> None:
    """From post_init, once the database is open: settle what a dead process left half-sent,
    then check the queue every second (nothing else to rebuild: the queue is in the database)."""
    database = application.bot_data.database
    assert database is not None, "open the database before start_jobs"
    store = SubscriptionStore(database)
    interrupted = await store.recover_interrupted()
    if interrupted:
        log.warning("%d notice(s) interrupted by the last stop were not sent again", interrupted)
    if application.job_queue is None:
        log.warning("no JobQueue: subscription notices will not be sent")
        return
    if application.job_queue.get_jobs_by_name(JOB_NAME):
        return
    application.job_queue.run_repeating(
        deliver_notices, interval=1.0, first=1.0, name=JOB_NAME, data=Broadcaster(store)
    )


async def announce_changes(
    target: BotContext | AnyApplication, docs: Sequence[DocumentRecord]
) -> int:
    """After staff add or update documents: queue the notices and start sending them now.
    Returns how many notices were queued."""
    application = target if isinstance(target, Application) else target.application
    database = application.bot_data.database
    assert database is not None, "services are not open yet"
    queued = await SubscriptionStore(database).announce(docs)
    if queued and application.job_queue is not None:
        for job in application.job_queue.get_jobs_by_name(JOB_NAME):
            if isinstance(job.data, Broadcaster):
                job.data.kick(application)
    return queued


# -- handlers -------------------------------------------------------------------------------


def _store(context: BotContext) -> SubscriptionStore:
    database = context.services.database
    assert database is not None, "services are not open yet"
    return SubscriptionStore(database)


async def _keyboard(context: BotContext, user_id: int, language: str) -> InlineKeyboardMarkup:
    """Countries the knowledge base has documents on (and any the user already follows)."""
    chosen = await _store(context).topics(user_id)
    countries = {t.partition(":")[2] for t in chosen if t.startswith("country:")}
    knowledge = context.services.knowledge
    if knowledge is not None:
        documents = await asyncio.to_thread(knowledge.store.documents)
        countries |= {d.country.upper() for d in documents.values() if d.country}
    ordered = sorted(
        (c for c in countries if valid_topic(f"country:{c}")),
        key=lambda c: country_name(c, language).split(" ", 1)[-1],
    )
    return topics_keyboard(ordered, chosen, language)


async def subscribe_menu(update: Update, context: BotContext) -> None:
    """`/iscrivi`: the topics as buttons; a tap turns one on or off."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    lang = await handlers.language_of(context, user)
    keyboard = await _keyboard(context, user.id, lang)
    await message.reply_text(text(lang, "sub_menu"), reply_markup=keyboard)


async def unsubscribe_all(update: Update, context: BotContext) -> None:
    """`/disiscrivi`: drop every subscription and the notices not yet sent."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    lang = await handlers.language_of(context, user)
    removed = await _store(context).unsubscribe_all(user.id)
    reply = text(lang, "sub_stopped", count=removed) if removed else text(lang, "sub_none")
    await message.reply_text(reply)


async def on_topic_button(update: Update, context: BotContext) -> None:
    """A tap on a topic turns it on or off and redraws the keyboard; "Fatto" sums up."""
    query, user, chat = update.callback_query, update.effective_user, update.effective_chat
    if query is None or query.data is None or user is None or chat is None:
        return
    topic = query.data.removeprefix("sub:")
    lang = await handlers.language_of(context, user)
    store = _store(context)
    if topic == "done":
        await query.answer()
        chosen = sorted(topic_label(t, lang) for t in await store.topics(user.id))
        summary = (
            text(lang, "sub_summary", topics=", ".join(chosen))
            if chosen
            else text(lang, "sub_summary_none")
        )
        with contextlib.suppress(BadRequest):
            await query.edit_message_text(summary)
        return
    if not valid_topic(topic):
        await query.answer()
        return
    on = await store.toggle(user.id, chat.id, topic, lang)
    await query.answer(text(lang, "sub_on" if on else "sub_off", topic=topic_label(topic, lang)))
    with contextlib.suppress(BadRequest):  # "message is not modified" after a double tap
        await query.edit_message_reply_markup(await _keyboard(context, user.id, lang))


async def on_ask_button(update: Update, context: BotContext) -> None:
    """ "Chiedi" under a notice: answer a question about the document it announced."""
    query, user = update.callback_query, update.effective_user
    if query is None or query.data is None or user is None:
        return
    lang = await handlers.language_of(context, user)
    notification = await _store(context).notification(int(query.data.partition(":")[2]))
    await query.answer(None if notification else text(lang, "sub_gone"))
    if notification is not None:
        question = text(lang, "sub_question", title=notification.title)
        await handlers.answer_text(update, context, question)


def register(application: AnyApplication, settings: Settings) -> None:
    """Add `/iscrivi`, `/disiscrivi` and their buttons. Call it before any catch-all
    `CallbackQueryHandler` of the same group, which would otherwise take the taps first.
    (`settings` is the composition root's; subscriptions need none of them yet.)"""
    private = filters.ChatType.PRIVATE
    application.add_handler(CommandHandler("iscrivi", subscribe_menu, private))
    application.add_handler(CommandHandler("disiscrivi", unsubscribe_all, private))
    application.add_handler(CallbackQueryHandler(on_topic_button, pattern=r"^sub:"))
    application.add_handler(CallbackQueryHandler(on_ask_button, pattern=r"^subq:\d+$"))
