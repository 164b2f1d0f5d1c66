"""A small, real HTTP implementation of the Telegram Bot API for end-to-end tests.

The real python-telegram-bot ``Application`` talks to it over loopback::

    async with BotApiServer() as server:
        app = (
            Application.builder()
            .token(server.token)
            .base_url(server.base_url)
            .base_file_url(server.base_file_url)
            .build()
        )
        ...
        server.user_message(42, "/start")
        [reply] = await server.wait_for_messages(42)

Modules: ``entities`` (HTML/MarkdownV2/Markdown parsing as Telegram does it), ``objects``
(users, chats, files, call records), ``world`` (the state and the users' actions), ``api``
(the Bot API methods) and ``server`` (HTTP, fault injection, records, waiting).

Set ``PTB_TIMEDELTA=true`` in tests that receive a 429: python-telegram-bot 22 reads the
deprecated ``RetryAfter.retry_after`` while building the exception, and under
``filterwarnings = error`` that deprecation warning would replace the ``RetryAfter``.
"""

from .entities import EntityParseError, FormattedText, parse_html, parse_markdown_v2
from .objects import ApiCall, ApiError, Chat, FloodWait, SentMessage, StoredFile, User
from .server import DEFAULT_TOKEN, BotApiServer

__all__ = [
    "DEFAULT_TOKEN",
    "ApiCall",
    "ApiError",
    "BotApiServer",
    "Chat",
    "EntityParseError",
    "FloodWait",
    "FormattedText",
    "SentMessage",
    "StoredFile",
    "User",
    "parse_html",
    "parse_markdown_v2",
]
