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
(users, chats, files, call records, flood limits), ``world`` (the state and the users'
actions), ``api`` (the Bot API methods), ``flood`` (the flood limits' bookkeeping) and
``server`` (HTTP, fault injection, records, waiting).

Telegram's flood limits are enforced only on request: ``BotApiServer(flood_limits=
FloodLimits())`` answers a bot that sends too fast with 429 and ``retry_after``, and
``server.flood_violations()`` lists what it sent before such a wait ran out::

    async with BotApiServer(flood_limits=FloodLimits(chat_burst=3, chat_rate=1.0)) as server:
        ...
        assert server.flood_violations() == []

Set ``PTB_TIMEDELTA=true`` in tests that receive a 429: python-telegram-bot 22 reads the
deprecated ``RetryAfter.retry_after`` while building the exception, and under
``filterwarnings = error`` that deprecation warning would replace the ``RetryAfter``.
"""

from .entities import EntityParseError, FormattedText, parse_html, parse_markdown_v2
from .objects import (
    FLOOD_LIMITED_METHODS,
    ApiCall,
    ApiError,
    Chat,
    FloodLimits,
    FloodViolation,
    FloodWait,
    SentMessage,
    StoredFile,
    User,
)
from .server import DEFAULT_TOKEN, FLOOD_TOLERANCE, BotApiServer

__all__ = [
    "DEFAULT_TOKEN",
    "FLOOD_LIMITED_METHODS",
    "FLOOD_TOLERANCE",
    "ApiCall",
    "ApiError",
    "BotApiServer",
    "Chat",
    "EntityParseError",
    "FloodLimits",
    "FloodViolation",
    "FloodWait",
    "FormattedText",
    "SentMessage",
    "StoredFile",
    "User",
    "parse_html",
    "parse_markdown_v2",
]
