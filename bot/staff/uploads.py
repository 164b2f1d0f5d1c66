"""Documents staff send as files: the caption read as metadata, the upload ingested with its
progress shown in one message, and what the bot understood of it."""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
import shlex
import time

from telegram import Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.context import BotContext
from bot.edge.handlers import non_text
from bot.staff.access import is_staff
from bot.staff.knowledge_base import admin_of, announce
from bot.texts import staff as say
from ingest.admin import safe_file_name
from ingest.errors import IngestError, LoadError
from ingest.loaders import format_of, load_bytes
from ingest.metadata import field_name, kind_value
from knowledge.documents import InstrumentTerms, ParsedDocument
from knowledge.errors import KnowledgeError

log = logging.getLogger(__name__)


TELEGRAM_DOWNLOAD_LIMIT = 20 * 1024 * 1024  # the Bot API serves files up to 20 MB
#: Caption keys besides the metadata fields (`ingest.metadata` reads those in either language).
CAPTION_EXTRA_KEYS = {"sostituisce": "replaces", "replaces": "replaces"}


class CaptionError(ValueError):
    """A caption that does not read as `key=value` metadata."""


def parse_caption(caption: str | None) -> dict[str, str]:
    """`tipo=strumento paese=US valido_fino=2027-06-30` → document metadata fields."""
    if not caption or not caption.strip():
        return {}
    try:
        parts = shlex.split(caption)
    except ValueError as exc:
        raise CaptionError(say.CAPTION_UNREADABLE.format(error=exc)) from exc
    fields: dict[str, str] = {}
    for part in parts:
        key, sep, value = part.partition("=")
        if not sep:
            raise CaptionError(say.CAPTION_NOT_KEY_VALUE.format(part=part))
        name = CAPTION_EXTRA_KEYS.get(key.strip().lower()) or field_name(key)
        if name is None:
            raise CaptionError(say.CAPTION_UNKNOWN_KEY.format(key=key))
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

    parts = [
        say.UNDERSTOOD_KIND.format(value=meta.kind.value) + mark("kind"),
        say.UNDERSTOOD_LANGUAGE.format(value=meta.language) + mark("language"),
    ]
    if meta.country:
        parts.append(say.UNDERSTOOD_COUNTRY.format(value=meta.country) + mark("country"))
    if meta.valid_from or meta.valid_until:
        since = meta.valid_from.isoformat() if meta.valid_from else "…"
        until = meta.valid_until.isoformat() if meta.valid_until else "…"
        validity = say.UNDERSTOOD_VALIDITY.format(since=since, until=until)
        parts.append(validity + mark("valid_until"))
    if meta.terms:
        terms = meta.terms.model_dump(exclude_none=True)
        listed = "; ".join(f"{k}{mark('terms.' + k)} {v}" for k, v in terms.items())
        parts.append(say.UNDERSTOOD_TERMS.format(terms=listed))
    lines = [say.UNDERSTOOD.format(fields=", ".join(parts))]
    if meta.inferred:
        lines.append(say.UNDERSTOOD_INFERRED)
    lines += [say.UNDERSTOOD_WARNING.format(warning=w) for w in parsed.warnings]
    lines.append(say.UNDERSTOOD_HOW_TO_CORRECT)
    return "\n".join(lines)


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
            self.set(say.UPLOAD_EMBEDDING.format(done=done, total=total)), self.loop
        )


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
    name = safe_file_name(document.file_name or say.UPLOAD_DEFAULT_NAME)
    progress_msg = await message.reply_text(say.UPLOAD_RECEIVED.format(name=html.escape(name)))
    progress = ProgressMessage(progress_msg, asyncio.get_running_loop())
    try:
        format_of(name)
        fields = parse_caption(message.caption)
        if (document.file_size or 0) > TELEGRAM_DOWNLOAD_LIMIT:
            raise LoadError(say.UPLOAD_TOO_LARGE, say.UPLOAD_TOO_LARGE_HINT)
        file = await document.get_file()
        data = bytes(await file.download_as_bytearray())
        replaces = fields.pop("replaces", None)
        max_bytes = int(context.settings.max_file_mb * 1e6)
        parsed = await asyncio.to_thread(
            load_bytes, data, name=name, max_bytes=max_bytes, defaults=dict(fields)
        )
    except (LoadError, CaptionError) as exc:
        refused = say.UPLOAD_REFUSED.format(name=html.escape(name), reason=html.escape(str(exc)))
        await progress.set(refused)
        return
    admin = admin_of(context)
    replaced = await admin.save_upload(name, data, fields, replaces, parsed.meta.title)
    await progress.set(say.UPLOAD_INDEXING.format(title=html.escape(parsed.meta.title)))
    try:
        report = await admin.ingest_uploads(progress.from_thread)
    except (IngestError, KnowledgeError) as exc:
        await progress.set(say.UPLOAD_NOT_INDEXED.format(error=html.escape(str(exc))))
        return
    doc_id = f"uploads/{name}"
    verb = say.UPLOAD_UPDATED if doc_id in report.updated else say.UPLOAD_ADDED
    if doc_id not in report.added + report.updated + report.unchanged:
        failure = next(
            (f.reason for f in report.failed if f.path.endswith(name)), say.UPLOAD_UNKNOWN_FAILURE
        )
        refused = say.UPLOAD_REFUSED.format(name=html.escape(name), reason=html.escape(failure))
        await progress.set(refused)
        return
    record = (await admin.documents()).get(doc_id)
    chunks = len(record.chunk_ids) if record else 0
    if record is not None and record.terms:
        # Terms are read from the text at ingest, by meaning (ingest.terms).
        parsed.meta.terms = InstrumentTerms(**record.terms)
        parsed.meta.inferred = list(record.inferred)
    extra = (
        say.UPLOAD_REPLACES.format(names=", ".join(p.name for p in replaced if p.name != name))
        if any(p.name != name for p in replaced)
        else ""
    )
    await progress.set(
        say.UPLOAD_DONE.format(
            verb=verb,
            title=html.escape(parsed.meta.title),
            chunks=chunks,
            replaced=html.escape(extra),
            understood=html.escape(understood(parsed)),
        )
    )
    await announce(context, report.added + report.updated)
