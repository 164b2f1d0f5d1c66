"""Staff tools in Telegram: uploads, `/kb`, scheduled refresh of web sources, expiry watch,
`/report` and the weekly digest.

Staff are the users in `STAFF_IDS` and, when `STAFF_CHAT_ID` is set, the members of that group.
To anyone else these commands behave exactly like unknown commands, and a file is just a file.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import html
import logging
import shlex
import time

from telegram import Message, Update
from telegram.constants import ChatMemberStatus, ParseMode
from telegram.error import BadRequest, TelegramError

from bot.context import BotContext
from bot.handlers import language_of, non_text
from bot.subscriptions.handlers import announce_changes
from ingest.admin import KnowledgeAdmin, KnowledgeStats, Removal, safe_file_name
from ingest.errors import IngestError, LoadError
from ingest.loaders import format_of, load_bytes
from ingest.metadata import field_name, kind_value
from ingest.sync import IngestReport
from knowledge.documents import InstrumentTerms, ParsedDocument, today_rome
from knowledge.errors import KnowledgeError
from knowledge.store import DocumentRecord

log = logging.getLogger(__name__)

TELEGRAM_DOWNLOAD_LIMIT = 20 * 1024 * 1024  # the Bot API serves files up to 20 MB
#: Caption keys besides the metadata fields (`ingest.metadata` reads those in either language).
CAPTION_EXTRA_KEYS = {"sostituisce": "replaces", "replaces": "replaces"}
STAFF_STATUSES = {ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.MEMBER}


class CaptionError(ValueError):
    """A caption that does not read as `key=value` metadata."""


def parse_caption(caption: str | None) -> dict[str, str]:
    """`tipo=strumento paese=US valido_fino=2027-06-30` → document metadata fields."""
    if not caption or not caption.strip():
        return {}
    try:
        parts = shlex.split(caption)
    except ValueError as exc:
        raise CaptionError(f"la didascalia non si legge ({exc})") from exc
    fields: dict[str, str] = {}
    for part in parts:
        key, sep, value = part.partition("=")
        if not sep:
            raise CaptionError(
                f"«{part}» non è nella forma chiave=valore (chiavi: tipo, paese, lingua, titolo, "
                "valido_dal, valido_fino, fonte, sostituisce)"
            )
        name = CAPTION_EXTRA_KEYS.get(key.strip().lower()) or field_name(key)
        if name is None:
            raise CaptionError(f"chiave sconosciuta «{key}»")
        value = value.strip()
        if name == "kind":
            # An unknown kind is not refused: the loader reads it as `other` and says so.
            value = kind_value(value) or value
        fields[name] = value
    return fields


def understood(parsed: ParsedDocument) -> str:
    """What the upload's metadata was read as, which fields came from the text, what was not
    understood, and how to correct it with a caption."""
    meta = parsed.meta

    def mark(field: str) -> str:
        return "*" if field in meta.inferred else ""

    parts = [f"tipo {meta.kind.value}{mark('kind')}", f"lingua {meta.language}{mark('language')}"]
    if meta.country:
        parts.append(f"paese {meta.country}{mark('country')}")
    if meta.valid_from or meta.valid_until:
        since = meta.valid_from.isoformat() if meta.valid_from else "…"
        until = meta.valid_until.isoformat() if meta.valid_until else "…"
        parts.append(f"valido {since} → {until}{mark('valid_until')}")
    if meta.terms:
        terms = meta.terms.model_dump(exclude_none=True)
        parts.append(
            "condizioni: " + "; ".join(f"{k}{mark('terms.' + k)} {v}" for k, v in terms.items())
        )
    lines = ["Capito: " + ", ".join(parts) + "."]
    if meta.inferred:
        lines.append("(* dedotto dal testo)")
    lines += [f"⚠️ {w}" for w in parsed.warnings]
    lines.append(
        "Per correggere, rimanda il file con una didascalia, per esempio: "
        "tipo=bando paese=MX valido_fino=31/03/2027"
    )
    return "\n".join(lines)


async def is_staff(context: BotContext, user_id: int) -> bool:
    settings = context.settings
    if user_id in settings.staff_id_set:
        return True
    if settings.staff_chat_id is None:
        return False
    try:
        member = await context.bot.get_chat_member(settings.staff_chat_id, user_id)
    except TelegramError:
        return False
    return member.status in STAFF_STATUSES


async def staff_only(update: Update, context: BotContext) -> bool:
    """True for staff; anyone else gets the unknown-command reply and learns nothing."""
    user = update.effective_user
    if user is not None and await is_staff(context, user.id):
        return True
    await unknown_command(update, context)
    return False


async def unknown_command(update: Update, context: BotContext) -> None:
    """What anyone gets for a command the bot does not know (staff commands included)."""
    if update.effective_message is None:
        return
    lang = await language_of(context, update.effective_user)
    await update.effective_message.reply_text(
        "Comando non riconosciuto: /help" if lang == "it" else "Unknown command: /help"
    )


def _admin(context: BotContext) -> KnowledgeAdmin:
    kb = context.services.knowledge
    assert kb is not None
    return KnowledgeAdmin(kb, context.settings)


class ProgressMessage:
    """One message edited as work goes on (at most every 2 s, from any thread)."""

    def __init__(self, message: Message, loop: asyncio.AbstractEventLoop) -> None:
        self.message = message
        self.loop = loop
        self._last = 0.0
        self._text = message.text or ""

    async def set(self, new_text: str) -> None:
        if new_text == self._text:
            return
        self._text = new_text
        with contextlib.suppress(BadRequest):
            await self.message.edit_text(new_text, parse_mode=ParseMode.HTML)

    def from_thread(self, stage: str, done: int, total: int) -> None:
        """An `Ingestor` progress callback (runs in the ingest thread)."""
        now = time.monotonic()
        if stage != "embed" or total <= 0 or (now - self._last < 2.0 and done < total):
            return
        self._last = now
        asyncio.run_coroutine_threadsafe(
            self.set(f"🧠 Indicizzo i passaggi: {done}/{total}…"), self.loop
        )


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


async def _announce(context: BotContext, doc_ids: list[str]) -> None:
    """Tell subscribers about added or updated documents (when subscriptions are on)."""
    if not doc_ids:
        return
    docs = await _admin(context).documents()
    records = [docs[d] for d in doc_ids if d in docs]
    try:
        await announce_changes(context, records)
    except Exception:  # a notice failing must not undo the ingest
        log.exception("could not announce %d document(s)", len(records))


async def upload(update: Update, context: BotContext) -> None:
    """A staff member sends a file: validate, ingest incrementally, report in one message."""
    message = update.effective_message
    user = update.effective_user
    if message is None or user is None or message.document is None:
        return
    if message.chat.type != "private" or not await is_staff(context, user.id):
        await non_text(update, context)
        return
    document = message.document
    name = safe_file_name(document.file_name or "documento")
    progress_msg = await message.reply_text(f"⏳ Ricevuto «{html.escape(name)}»: lo controllo…")
    progress = ProgressMessage(progress_msg, asyncio.get_running_loop())
    try:
        format_of(name)
        fields = parse_caption(message.caption)
        if (document.file_size or 0) > TELEGRAM_DOWNLOAD_LIMIT:
            raise LoadError(
                "il file supera i 20 MB che Telegram consente ai bot di scaricare",
                "caricalo con `sportello ingest` dal server",
            )
        file = await document.get_file()
        data = bytes(await file.download_as_bytearray())
        replaces = fields.pop("replaces", None)
        max_bytes = int(context.settings.max_file_mb * 1e6)
        parsed = await asyncio.to_thread(
            load_bytes, data, name=name, max_bytes=max_bytes, defaults=dict(fields)
        )
    except (LoadError, CaptionError) as exc:
        await progress.set(f"❌ Rifiutato «{html.escape(name)}»: {html.escape(str(exc))}")
        return
    admin = _admin(context)
    replaced = await admin.save_upload(name, data, fields, replaces, parsed.meta.title)
    await progress.set(f"🔎 «{html.escape(parsed.meta.title)}»: indicizzo…")
    try:
        report = await admin.ingest_uploads(progress.from_thread)
    except (IngestError, KnowledgeError) as exc:
        await progress.set(f"⚠️ Salvato ma non ancora indicizzato: {html.escape(str(exc))}")
        return
    doc_id = f"uploads/{name}"
    verb = "🔄 Aggiornato" if doc_id in report.updated else "✅ Aggiunto"
    if doc_id not in report.added + report.updated + report.unchanged:
        failure = next((f.reason for f in report.failed if f.path.endswith(name)), "errore")
        await progress.set(f"❌ Rifiutato «{html.escape(name)}»: {html.escape(failure)}")
        return
    record = (await admin.documents()).get(doc_id)
    chunks = len(record.chunk_ids) if record else 0
    if record is not None and record.terms:
        # Terms are read from the text at ingest, by meaning (ingest.terms).
        parsed.meta.terms = InstrumentTerms(**record.terms)
        parsed.meta.inferred = list(record.inferred)
    extra = (
        f"\nSostituisce: {', '.join(p.name for p in replaced if p.name != name)}"
        if any(p.name != name for p in replaced)
        else ""
    )
    await progress.set(
        f"{verb} «{html.escape(parsed.meta.title)}» ({chunks} passaggi).{html.escape(extra)}\n"
        + html.escape(understood(parsed))
    )
    await _announce(context, report.added + report.updated)


async def kb_command(update: Update, context: BotContext) -> None:
    """`/kb`, `/kb cerca TERM`, `/kb rimuovi DOC`, `/kb url URL`, `/kb aggiorna`."""
    message = update.effective_message
    if message is None or not await staff_only(update, context):
        return
    args = context.args or []
    action = args[0].lower() if args else ""
    rest = " ".join(args[1:]).strip()
    admin = _admin(context)
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
            await _announce(context, report.added + report.updated)
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
    addition = await _admin(context).add_url(url)
    report = addition.report
    if addition.added:
        await note.edit_text(
            f"✅ Fonte web aggiunta: {html.escape(url)}\n" + describe_report(report),
            parse_mode=ParseMode.HTML,
        )
        await _announce(context, report.added + report.updated)
    else:
        await note.edit_text(f"❌ Non aggiunta: {html.escape(addition.reason)}")


# -- scheduled work -------------------------------------------------------------------------------


async def to_staff(context: BotContext, html_text: str) -> None:
    """A message to the staff group, or to each staff member."""
    settings = context.settings
    targets = [settings.staff_chat_id] if settings.staff_chat_id else sorted(settings.staff_id_set)
    for chat_id in targets:
        try:
            await context.bot.send_message(chat_id, html_text, parse_mode=ParseMode.HTML)
        except TelegramError as exc:
            log.warning("staff chat %s unreachable: %s", chat_id, exc)


async def refresh_web_sources(context: BotContext) -> None:
    """Job: re-fetch web sources; changed pages re-ingested, vanished ones removed."""
    try:
        report = await _admin(context).refresh_web()
    except (IngestError, KnowledgeError) as exc:
        await to_staff(
            context, f"⚠️ Aggiornamento delle fonti web non riuscito: {html.escape(str(exc))}"
        )
        return
    if report is None:
        return
    await to_staff(context, "🌐 Aggiornamento delle fonti web: " + describe_report(report))
    await _announce(context, report.added + report.updated)


async def watch_expiry(context: BotContext) -> None:
    """Job: flag instruments whose validity ends within a week, or has ended (once each)."""
    admin = _admin(context)
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


async def report_command(update: Update, context: BotContext) -> None:
    """`/report`: the quality figures of the last 30 days, with charts."""
    message = update.effective_message
    if message is None or not await staff_only(update, context):
        return
    days = int(context.args[0]) if context.args and context.args[0].isdigit() else 30
    await send_report(context, message.chat.id, days)


async def send_report(context: BotContext, chat_id: int, days: int) -> None:
    from bot.report import build_report, render_charts, render_html, render_telegram_summary

    kb = context.services.knowledge
    database = context.services.database
    assert kb is not None
    assert database is not None
    end = today_rome()
    report = await build_report(
        database, kb.embedder, start=end - dt.timedelta(days=days - 1), end=end
    )
    await context.bot.send_message(
        chat_id, render_telegram_summary(report), parse_mode=ParseMode.HTML
    )
    charts = await asyncio.to_thread(render_charts, report)
    for name, png in charts.items():
        await context.bot.send_photo(chat_id, png, caption=name)
    page = render_html(report, charts).encode("utf-8")
    await context.bot.send_document(chat_id, page, filename=f"report-{end.isoformat()}.html")


async def weekly_digest(context: BotContext) -> None:
    """Job: the weekly report to the staff chat."""
    settings = context.settings
    targets = [settings.staff_chat_id] if settings.staff_chat_id else sorted(settings.staff_id_set)
    for chat_id in targets:
        try:
            await send_report(context, chat_id, 7)
        except TelegramError as exc:
            log.warning("digest to %s failed: %s", chat_id, exc)
