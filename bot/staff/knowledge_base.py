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
    parts = []
    for label, items in (
        ("aggiunti", report.added),
        ("aggiornati", report.updated),
        ("rimossi", report.removed),
    ):
        if items:
            parts.append(f"{len(items)} {label}")
    if report.gone:
        parts.append(f"{len(report.gone)} pagine sparite (rimosse)")
    if report.failed:
        parts.append(f"{len(report.failed)} con errori")
    summary = ", ".join(parts) or "nessuna modifica"
    lines = [f"{summary}; {report.chunks} passaggi indicizzati, {report.seconds:.1f} s."]
    lines += [f"❌ {html.escape(f.path)}: {html.escape(f.reason)}" for f in report.failed[:10]]
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
            note = await message.reply_text("⏳ Aggiorno tutte le fonti…")
            report = await admin.refresh()
            await note.edit_text(
                "✅ Aggiornamento: " + describe_report(report), parse_mode=ParseMode.HTML
            )
            await announce(context, report.added + report.updated)
        else:
            await message.reply_text(
                "Uso: /kb · /kb cerca TERMINE · /kb rimuovi DOC · /kb url URL · /kb aggiorna\n"
                "Per aggiungere un documento mandalo come file (PDF, DOCX, MD, TXT, HTML), con "
                "una didascalia facoltativa: tipo=strumento paese=US valido_fino=2027-06-30"
            )
    except (IngestError, KnowledgeError) as exc:
        await message.reply_text(f"❌ {exc}")


def render_stats(stats: KnowledgeStats) -> str:
    """`/kb`: what the base holds."""
    lines = [
        "<b>Base di conoscenza</b>",
        f"Documenti: {stats.documents} · passaggi: {stats.chunks}",
        "Per tipo: " + ", ".join(f"{k} {n}" for k, n in stats.by_kind.items()),
        "Per lingua: " + ", ".join(f"{k} {n}" for k, n in stats.by_language.items()),
        f"Con metadati dedotti dal testo: {stats.inferred}",
        f"Ultimo aggiornamento: {html.escape(stats.updated_at or '-')}",
        f"Embedder: {html.escape(stats.embedder or '-')}",
    ]
    return "\n".join(lines)


def render_search(term: str, found: list[DocumentRecord]) -> str:
    """`/kb cerca`: the documents found, with kind, country and closing date."""
    if not found:
        return f"Nessun documento per «{html.escape(term)}»."
    return "\n".join(
        [f"<b>Risultati per «{html.escape(term)}»</b>"]
        + [
            f"• <code>{html.escape(d.doc_id)}</code> — {html.escape(d.title)} "
            f"({html.escape(_described(d))})"
            for d in found
        ]
        + (["* dedotto dal testo"] if any(d.inferred for d in found) else [])
    )


def _described(record: DocumentRecord) -> str:
    """`instrument*, MX*, fino al 2027-03-31`: kind, country, closing date; * = inferred."""

    def mark(name: str) -> str:
        return "*" if record.origin(name) == "inferred" else ""

    parts = [record.kind + mark("kind")]
    if record.country:
        parts.append(record.country + mark("country"))
    if record.valid_until:
        parts.append(f"fino al {record.valid_until.isoformat()}{mark('valid_until')}")
    return ", ".join(parts)


def render_removal(removal: Removal) -> str:
    """`/kb rimuovi`: what went, and a warning when its source will bring it back."""
    note = (
        "\nNota: il file è nelle fonti configurate (sources.yaml): toglilo anche da lì, "
        "o tornerà al prossimo aggiornamento."
        if removal.source_kept
        else ""
    )
    doc_id = removal.record.doc_id
    return f"🗑 Rimosso <code>{html.escape(doc_id)}</code>.{html.escape(note)}"


async def _add_url(context: BotContext, message: Message, url: str) -> None:
    if not url.startswith(("http://", "https://")):
        await message.reply_text("❌ Serve un indirizzo http(s)://")
        return
    note = await message.reply_text(f"⏳ Scarico {html.escape(url)}…")
    addition = await admin_of(context).add_url(url)
    report = addition.report
    if addition.added:
        await note.edit_text(
            f"✅ Fonte web aggiunta: {html.escape(url)}\n" + describe_report(report),
            parse_mode=ParseMode.HTML,
        )
        await announce(context, report.added + report.updated)
    else:
        await note.edit_text(f"❌ Non aggiunta: {html.escape(addition.reason)}")


async def refresh_web_sources(context: BotContext) -> None:
    """Job: re-fetch web sources; changed pages re-ingested, vanished ones removed."""
    try:
        report = await admin_of(context).refresh_web()
    except (IngestError, KnowledgeError) as exc:
        await to_staff(
            context, f"⚠️ Aggiornamento delle fonti web non riuscito: {html.escape(str(exc))}"
        )
        return
    if report is None:
        return
    await to_staff(context, "🌐 Aggiornamento delle fonti web: " + describe_report(report))
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
        icon, verb = ("⛔", "è scaduto il") if expiry.state == "expired" else ("⏳", "scade il")
        lines.append(
            f"{icon} <b>{html.escape(record.title)}</b> {verb} {expiry.until:%d/%m/%Y} "
            f"(<code>{html.escape(record.doc_id)}</code>)"
        )
    if lines:
        await to_staff(context, "<b>Scadenze da controllare</b>\n" + "\n".join(lines))
        await admin.save_expiry_flags(check)
