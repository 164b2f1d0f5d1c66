"""What the bot says, by room: the chat (`chat`), advisors and tickets (`tickets`), notices
(`subscriptions`), staff (`staff`), the advisors' group (`advisors`), reports (`reports`); dates
in words (`calendar`). User texts are in Italian and English and reached by key with `text()`;
staff and advisors read Italian. Plain text unless a name says HTML: rendering escapes it."""

from __future__ import annotations

from bot.texts import chat, subscriptions, tickets
from bot.texts.calendar import when

__all__ = ["COMMANDS", "FEEDBACK_REASONS", "TEXTS", "examples", "text", "user_language", "when"]

TEXTS: dict[str, dict[str, str]] = {
    "it": {**chat.IT, **tickets.IT, **subscriptions.IT},
    "en": {**chat.EN, **tickets.EN, **subscriptions.EN},
}

COMMANDS = (
    "start",
    "help",
    "lingua",
    "nuovo",
    "consulente",
    "fine",
    "iscrivi",
    "disiscrivi",
    "privacy",
    "cancella",
)

FEEDBACK_REASONS = ("wrong", "incomplete", "outdated", "off_topic")


def text(language: str, key: str, **values: object) -> str:
    """A text in the user's language (Italian for anything but English)."""
    table = TEXTS["en"] if language == "en" else TEXTS["it"]
    return table[key].format(**values) if values else table[key]


def examples(language: str) -> list[str]:
    return text(language, "examples").split("|")


def user_language(language_code: str | None) -> str:
    """The reply language for a Telegram `language_code` (`en-GB` → en; others → it)."""
    return "en" if (language_code or "").lower().startswith("en") else "it"
