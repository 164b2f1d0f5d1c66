"""`/kb` and the scheduled work on the knowledge base: statistics, search, removal, web
sources, refresh, expiry; the work itself is `ingest.admin.KnowledgeAdmin`'s."""

from __future__ import annotations

import datetime as dt
import html
import logging

from telegram import Message, Update
from telegram.constants import ParseMode

from bot.context import BotContext
from bot.staff.access import staff_only, to_staff
from bot.subscriptions.handlers import announce_changes
from bot.texts import staff as say
from ingest.admin import KnowledgeAdmin, KnowledgeStats, Removal
from ingest.errors import IngestError
from ingest.sync import IngestReport
from knowledge.documents import today_rome
from knowledge.errors import KnowledgeError
from knowledge.store import DocumentRecord

log = logging.getLogger(__name__)


def admin_of(context: BotContext) -> KnowledgeAdmin:
    return context.services.admin


def describe_report(report: IngestReport) -> str:
    counts = (
        (say.REPORT_ADDED, report.added),
        (say.REPORT_UPDATED, report.updated),
        (say.REPORT_REMOVED, report.removed),
        (say.REPORT_GONE, report.gone),
        (say.REPORT_FAILED, report.failed),
    )
    parts = [label.format(n=len(items)) for label, items in counts if items]
    summary = ", ".join(parts) or say.REPORT_NOTHING
    lines = [
        say.REPORT_SUMMARY.format(summary=summary, chunks=report.chunks, seconds=report.seconds)
    ]
    lines += [
        say.REPORT_FAILURE.format(path=html.escape(f.path), reason=html.escape(f.reason))
        for f in report.failed[:10]
    ]
    return "\n".join(lines)


async def announce(context: BotContext, doc_ids: list[str]) -> None:
    """Tell subscribers about added or updated documents (when subscriptions are on)."""
    if not doc_ids:
        return
    docs = await admin_of(context).documents()
    records = [docs[d] for d in doc_ids if d in docs]
    try:
        await announce_changes(context, records)
    except Exception:  # a notice failing must not undo the ingest
        log.exception("could not announce %d document(s)", len(records))


async def kb_command(update: Update, context: BotContext) -> None:
    """`/kb`, `/kb cerca TERM`, `/kb rimuovi DOC`, `/kb url URL`, `/kb aggiorna`."""
    message = update.effective_message
    if message is None or not await staff_only(update, context):
        return
    args = context.args or []
    action = args[0].lower() if args else ""
    rest = " ".join(args[1:]).strip()
    admin = admin_of(context)
    try:
        if action == "":
            await message.reply_text(
                render_stats(await admin.statistics()), parse_mode=ParseMode.HTML
            )
        elif action in ("cerca", "search") and rest:
            found = await admin.search(rest)
            await message.reply_text(render_search(rest, found), parse_mode=ParseMode.HTML)
        elif action in ("rimuovi", "remove") and rest:
            removal = await admin.remove(rest)
            await message.reply_text(render_removal(removal), parse_mode=ParseMode.HTML)
        elif action == "url" and rest:
            await _add_url(context, message, rest)
        elif action in ("aggiorna", "refresh"):
            note = await message.reply_text(say.KB_REFRESHING)
            report = await admin.refresh()
            await note.edit_text(
                say.KB_REFRESHED.format(report=describe_report(report)),
                parse_mode=ParseMode.HTML,
            )
            await announce(context, report.added + report.updated)
        else:
            await message.reply_text(say.KB_USAGE)
    except (IngestError, KnowledgeError) as exc:
        await message.reply_text(say.KB_FAILED.format(error=exc))


def render_stats(stats: KnowledgeStats) -> str:
    """`/kb`: what the base holds."""
    return say.KB_STATS.format(
        documents=stats.documents,
        chunks=stats.chunks,
        by_kind=", ".join(f"{k} {n}" for k, n in stats.by_kind.items()),
        by_language=", ".join(f"{k} {n}" for k, n in stats.by_language.items()),
        inferred=stats.inferred,
        updated_at=html.escape(stats.updated_at or "-"),
        embedder=html.escape(stats.embedder or "-"),
    )


def render_search(term: str, found: list[DocumentRecord]) -> str:
    """`/kb cerca`: the documents found, with kind, country and closing date."""
    if not found:
        return say.SEARCH_NOTHING.format(term=html.escape(term))
    return "\n".join(
        [say.SEARCH_TITLE.format(term=html.escape(term))]
        + [
            say.SEARCH_ITEM.format(
                doc_id=html.escape(d.doc_id),
                title=html.escape(d.title),
                described=html.escape(_described(d)),
            )
            for d in found
        ]
        + ([say.SEARCH_INFERRED] if any(d.inferred for d in found) else [])
    )


def _described(record: DocumentRecord) -> str:
    """`instrument*, MX*, fino al 2027-03-31`: kind, country, closing date; * = inferred."""

    def mark(name: str) -> str:
        return "*" if record.origin(name) == "inferred" else ""

    parts = [record.kind + mark("kind")]
    if record.country:
        parts.append(record.country + mark("country"))
    if record.valid_until:
        until = say.VALID_UNTIL.format(date=record.valid_until.isoformat())
        parts.append(until + mark("valid_until"))
    return ", ".join(parts)


def render_removal(removal: Removal) -> str:
    """`/kb rimuovi`: what went, and a warning when its source will bring it back."""
    note = say.REMOVED_BUT_IN_SOURCES if removal.source_kept else ""
    doc_id = removal.record.doc_id
    return say.REMOVED.format(doc_id=html.escape(doc_id), note=html.escape(note))


async def _add_url(context: BotContext, message: Message, url: str) -> None:
    if not url.startswith(("http://", "https://")):
        await message.reply_text(say.URL_NEEDED)
        return
    note = await message.reply_text(say.URL_FETCHING.format(url=html.escape(url)))
    addition = await admin_of(context).add_url(url)
    report = addition.report
    if addition.added:
        await note.edit_text(
            say.URL_ADDED.format(url=html.escape(url), report=describe_report(report)),
            parse_mode=ParseMode.HTML,
        )
        await announce(context, report.added + report.updated)
    else:
        await note.edit_text(say.URL_REFUSED.format(reason=html.escape(addition.reason)))


async def refresh_web_sources(context: BotContext) -> None:
    """Job: re-fetch web sources; changed pages re-ingested, vanished ones removed."""
    try:
        report = await admin_of(context).refresh_web()
    except (IngestError, KnowledgeError) as exc:
        await to_staff(context, say.WEB_REFRESH_FAILED.format(error=html.escape(str(exc))))
        return
    if report is None:
        return
    await to_staff(context, say.WEB_REFRESHED.format(report=describe_report(report)))
    await announce(context, report.added + report.updated)


async def watch_expiry(context: BotContext) -> None:
    """Job: flag instruments whose validity ends within a week, or has ended (once each)."""
    admin = admin_of(context)
    today = today_rome()
    horizon = today + dt.timedelta(days=context.settings.expiry_warning_days)
    check = await admin.check_expiry(today, horizon)
    lines = []
    for expiry in check.expiries:
        record = expiry.record
        line = say.EXPIRED if expiry.state == "expired" else say.EXPIRING
        lines.append(
            line.format(
                title=html.escape(record.title),
                until=expiry.until,
                doc_id=html.escape(record.doc_id),
            )
        )
    if lines:
        await to_staff(context, "\n".join([say.EXPIRY_TITLE, *lines]))
        await admin.save_expiry_flags(check)
