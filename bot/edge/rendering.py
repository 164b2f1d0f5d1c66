"""Pure functions from answers to Telegram HTML messages and keyboards.

Every piece of text is escaped; each block is closed HTML on its own, so messages are split
between blocks (paragraphs) and never inside a tag. Callback data carries ids, never text, and
stays under Telegram's 64 bytes.
"""

from __future__ import annotations

import html

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.texts import FEEDBACK_REASONS, examples, text
from bot.texts.chat import LANGUAGE_NAMES
from knowledge.answers import Answer

MESSAGE_LIMIT = 4096


def render_answer(answer: Answer, *, notice: str | None = None) -> list[str]:
    """Blocks of HTML: optional notice, the answer's paragraphs, options, sources."""
    lang = answer.language
    blocks: list[str] = []
    if notice:
        blocks.append(f"<i>{html.escape(notice)}</i>")
    for paragraph in answer.text.split("\n"):
        if paragraph.strip():
            blocks.append(html.escape(paragraph))
    for n, option in enumerate(answer.clarification, 1):
        blocks.append(f"{n}) {html.escape(option)}")
    if answer.clarification:
        blocks.append(f"<i>{html.escape(text(lang, 'clarify_hint'))}</i>")
    if answer.sources:
        lines = [f"<b>{html.escape(text(lang, 'sources'))}</b>"]
        for s in answer.sources:
            title = html.escape(s.title)
            if s.url.startswith(("http://", "https://")):
                title = f'<a href="{html.escape(s.url, quote=True)}">{title}</a>'
            extra = []
            if s.path:
                extra.append(html.escape(s.path))
            if s.updated:
                extra.append(f"{html.escape(text(lang, 'updated'))} {html.escape(s.updated)}")
            suffix = f" — {', '.join(extra)}" if extra else ""
            lines.append(f"[{s.number}] {title}{suffix}")
        blocks.append("\n".join(lines))
    return blocks


def _split_plain(block: str, limit: int) -> list[str]:
    """Cut an over-long block between words; a block with tags is made plain first."""
    plain = html.unescape(
        block.replace("<b>", "").replace("</b>", "").replace("<i>", "").replace("</i>", "")
    )
    pieces: list[str] = []
    current = ""
    for word in plain.split(" "):
        candidate = f"{current} {word}" if current else word
        if len(html.escape(candidate)) > limit:
            if current:
                pieces.append(html.escape(current))
            while len(html.escape(word)) > limit:
                pieces.append(html.escape(word[: limit // 6]))
                word = word[limit // 6 :]
            current = word
        else:
            current = candidate
    if current:
        pieces.append(html.escape(current))
    return pieces


def pack_messages(blocks: list[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Join blocks into as few messages as fit in `limit` characters, splitting between
    blocks (paragraphs); a single block longer than the limit is cut between words."""
    messages: list[str] = []
    current = ""
    for block in blocks:
        parts = [block] if len(block) <= limit else _split_plain(block, limit)
        for part in parts:
            candidate = f"{current}\n\n{part}" if current else part
            if len(candidate) <= limit:
                current = candidate
            else:
                messages.append(current)
                current = part
    if current:
        messages.append(current)
    return messages


def answer_keyboard(answer_id: int, *, covered: bool, language: str) -> InlineKeyboardMarkup:
    """Feedback and advisor buttons; the advisor offer first when the base did not cover it."""
    feedback = [
        InlineKeyboardButton(text(language, "btn_up"), callback_data=f"fb:{answer_id}:up"),
        InlineKeyboardButton(text(language, "btn_down"), callback_data=f"fb:{answer_id}:down"),
    ]
    advisor = [
        InlineKeyboardButton(text(language, "btn_advisor"), callback_data=f"adv:{answer_id}")
    ]
    rows = [advisor, feedback] if not covered else [feedback, advisor]
    return InlineKeyboardMarkup(rows)


def clarification_keyboard(answer_id: int, options: list[str]) -> InlineKeyboardMarkup:
    """One button per option (the label is the option, the data only its number)."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(_label(option), callback_data=f"clar:{answer_id}:{i}")]
            for i, option in enumerate(options)
        ]
    )


def reason_keyboard(answer_id: int, language: str) -> InlineKeyboardMarkup:
    """The "what was wrong?" choices after a thumbs down."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    text(language, f"reason_{reason}"), callback_data=f"fbr:{answer_id}:{reason}"
                )
            ]
            for reason in FEEDBACK_REASONS
        ]
    )


def examples_keyboard(language: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(_label(q), callback_data=f"ex:{language}:{i}")]
            for i, q in enumerate(examples(language))
        ]
    )


def language_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(name, callback_data=f"lang:{code}")
                for code, name in LANGUAGE_NAMES.items()
            ]
        ]
    )


def delete_keyboard(language: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    text(language, "btn_confirm_delete"), callback_data="del:yes"
                ),
                InlineKeyboardButton(text(language, "btn_cancel"), callback_data="del:no"),
            ]
        ]
    )


def _label(option: str, limit: int = 60) -> str:
    return option if len(option) <= limit else option[: limit - 1].rstrip() + "…"
