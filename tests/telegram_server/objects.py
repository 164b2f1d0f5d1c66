"""The server's value objects: users, chats, files, request parameters and the call records."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "FLOOD_LIMITED_METHODS",
    "ApiCall",
    "ApiError",
    "Chat",
    "FloodLimits",
    "FloodViolation",
    "FloodWait",
    "Params",
    "SentMessage",
    "StoredFile",
    "Upload",
    "User",
    "chat_member",
]

JSONDict = dict[str, Any]


class ApiError(Exception):
    """A refusal, answered as ``{"ok": false, "error_code": ..., "description": ...}``."""

    def __init__(
        self, error_code: int, description: str, parameters: JSONDict | None = None
    ) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters = parameters

    def payload(self) -> JSONDict:
        body: JSONDict = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(reason: str) -> ApiError:
    return ApiError(400, f"Bad Request: {reason}")


@dataclass(frozen=True)
class User:
    """A Telegram user (or the bot itself, with ``is_bot=True``)."""

    id: int
    first_name: str
    username: str | None = None
    language_code: str | None = None
    last_name: str | None = None
    is_bot: bool = False

    def to_dict(self) -> JSONDict:
        data: JSONDict = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        return data


@dataclass
class Chat:
    """A chat: ``private`` (id = the user's id), ``group`` or ``supergroup`` (negative ids)."""

    id: int
    type: str
    title: str | None = None
    username: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    is_forum: bool = False

    def to_dict(self) -> JSONDict:
        data: JSONDict = {"id": self.id, "type": self.type}
        for key in ("title", "username", "first_name", "last_name"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        if self.is_forum:
            data["is_forum"] = True
        return data

    def full_info(self) -> JSONDict:
        """The ``ChatFullInfo`` that getChat answers (fields PTB v22 requires included)."""
        return {
            **self.to_dict(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }


_ADMIN_RIGHTS = (
    "can_manage_chat can_delete_messages can_manage_video_chats can_restrict_members "
    "can_change_info can_invite_users can_pin_messages can_manage_topics"
).split()
_NO_ADMIN_RIGHTS = (
    "can_promote_members can_post_stories can_edit_stories can_delete_stories".split()
)
_MEMBER_PERMISSIONS = (
    "can_send_messages can_send_audios can_send_documents can_send_photos can_send_videos "
    "can_send_video_notes can_send_voice_notes can_send_polls can_send_other_messages "
    "can_add_web_page_previews can_change_info can_invite_users can_pin_messages "
    "can_manage_topics can_edit_tag"
).split()
CHAT_MEMBER_STATUSES = ("creator", "administrator", "member", "restricted", "left", "kicked")


def chat_member(user: User, status: str, **fields: Any) -> JSONDict:
    """A ``ChatMember`` of the given status with every field PTB requires; ``fields`` override."""
    if status not in CHAT_MEMBER_STATUSES:
        raise ValueError(f"status must be one of {CHAT_MEMBER_STATUSES}, not {status!r}")
    data: JSONDict = {"status": status, "user": user.to_dict()}
    if status == "creator":
        data["is_anonymous"] = False
    elif status == "administrator":
        data.update(can_be_edited=False, is_anonymous=False)
        data.update(dict.fromkeys(_ADMIN_RIGHTS, True))
        data.update(dict.fromkeys(_NO_ADMIN_RIGHTS, False))
    elif status == "restricted":
        data.update(is_member=True, until_date=0)
        data.update(dict.fromkeys(_MEMBER_PERMISSIONS, False))
    elif status == "kicked":
        data["until_date"] = 0
    data.update(fields)
    return data


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart request."""

    filename: str
    content: bytes
    content_type: str


@dataclass(frozen=True)
class StoredFile:
    """A file Telegram holds: sent by a user or uploaded by the bot; served by getFile."""

    file_id: str
    file_unique_id: str
    content: bytes
    file_path: str
    file_name: str | None = None
    mime_type: str | None = None

    def as_document(self) -> JSONDict:
        data = self.as_file()
        if self.file_name:
            data["file_name"] = self.file_name
        if self.mime_type:
            data["mime_type"] = self.mime_type
        return data

    def as_photo(self) -> list[JSONDict]:
        """One ``PhotoSize``; the dimensions are nominal, the server does not decode images."""
        return [{**self.as_file(), "width": 800, "height": 600}]

    def as_file(self) -> JSONDict:
        """The ``File`` object; getFile adds ``file_path``."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.content),
        }


class Params:
    """Request parameters with Telegram's coercions.

    python-telegram-bot sends url-encoded or multipart forms in which strings are raw and every
    other value (numbers, booleans, objects such as ``reply_markup``) is JSON-encoded; other
    clients send a JSON body with typed values. Both read the same here.
    """

    def __init__(self, values: Mapping[str, Any], files: Mapping[str, Upload] | None = None):
        self.values = dict(values)
        self.files = dict(files or {})

    def __contains__(self, name: str) -> bool:
        return name in self.values or name in self.files

    def text(self, name: str) -> str | None:
        value = self.values.get(name)
        if value is None or isinstance(value, str):
            return value
        return str(value)

    def integer(self, name: str, *, required: bool = False) -> int | None:
        value = self.values.get(name)
        if value is None or value == "":
            if required:
                raise bad_request(f"{name} is empty")
            return None
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def number(self, name: str) -> float | None:
        value = self.values.get(name)
        try:
            return None if value in (None, "") else float(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def flag(self, name: str) -> bool:
        value = self.values.get(name)
        if isinstance(value, str):
            return value.strip().lower() in ("true", "1")
        return bool(value)

    def json(self, name: str) -> Any:
        value = self.values.get(name)
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(f"can't parse {name} JSON object") from None

    def chat_ref(self, name: str = "chat_id") -> int | str:
        """A chat id, or an ``@username`` string."""
        value = self.values.get(name)
        if value is None or value == "":
            raise bad_request(f"{name} is empty")
        if isinstance(value, str) and value.startswith("@"):
            return value
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad_request("chat not found") from None

    def upload(self, name: str) -> Upload | str | None:
        """An uploaded file (direct part or ``attach://<part>``) or a file_id/URL string."""
        if name in self.files:
            return self.files[name]
        value = self.text(name)
        if value and value.startswith("attach://"):
            part = value.removeprefix("attach://")
            if part not in self.files:
                raise bad_request(f"file to upload not found: {part}")
            return self.files[part]
        return value or None


@dataclass
class ApiCall:
    """One request the bot made: what, when (``time.monotonic()``), and how it was answered."""

    method: str
    params: JSONDict
    time: float
    status: int = 0
    description: str | None = None
    retry_after: int | None = None
    finished: float | None = None
    files: list[str] = field(default_factory=list)
    flood_scope: str | None = None
    """For a 429 given by enforced :class:`FloodLimits`: ``"chat"``, ``"group"`` or
    ``"global"``, the limit that refused the call; None for every other answer."""

    @property
    def ok(self) -> bool:
        return self.status == 200


@dataclass(frozen=True)
class SentMessage:
    """A message the bot sent, copied, forwarded or edited, as the server accepted it.

    ``text`` is the text or caption parameter as sent (markup included); ``message`` is the
    resulting ``Message`` object, whose text is the visible text with entities.
    """

    method: str
    chat_id: int
    message_id: int
    text: str | None
    parse_mode: str | None
    reply_markup: JSONDict | None
    message_thread_id: int | None
    time: float
    message: JSONDict
    params: JSONDict

    @property
    def visible_text(self) -> str | None:
        return self.message.get("text", self.message.get("caption"))

    @property
    def buttons(self) -> list[JSONDict]:
        """The inline keyboard buttons, row after row."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [button for row in rows for button in row]


@dataclass(frozen=True)
class FloodWait:
    """A 429 answer and the next call of the same method to the same chat after it."""

    method: str
    chat_id: Any
    retry_after: int
    refused_at: float
    retried_at: float | None

    @property
    def honoured(self) -> bool:
        """True when the retry came at least ``retry_after`` seconds later, or never came."""
        return self.retried_at is None or self.retried_at - self.refused_at >= self.retry_after


# The Bot API methods that make or change a message. Telegram's flood limits ("My bot is
# hitting limits, how do I avoid this?" in the Bots FAQ) are about messages: these count
# towards them, one message per call; sendChatAction, answerCallbackQuery, get*, pins,
# reactions, deletions and topic management do not.
FLOOD_LIMITED_METHODS = frozenset(
    (
        "sendMessage sendPhoto sendAudio sendDocument sendVideo sendAnimation sendVoice "
        "sendVideoNote sendPaidMedia sendMediaGroup sendLocation sendVenue sendContact "
        "sendPoll sendDice sendSticker sendInvoice sendGame copyMessage copyMessages "
        "forwardMessage forwardMessages editMessageText editMessageCaption editMessageMedia "
        "editMessageLiveLocation editMessageReplyMarkup"
    ).split()
)


@dataclass(frozen=True)
class FloodLimits:
    """Telegram's flood limits, for :class:`BotApiServer` to enforce with 429 answers.

    Only accepted calls of ``methods`` (method names, any case) count, one message per call,
    against the chat in their ``chat_id``; a refused call (429 or any other error) creates no
    message and uses up nothing. A call must pass every limit that applies to it:

    * a private chat is a token bucket: ``chat_burst`` messages at once, then one more every
      ``1 / chat_rate`` seconds ("about one message per second" in a chat);
    * a group, supergroup or channel allows ``group_burst`` messages within any sliding
      ``group_window`` seconds ("20 messages per minute" in a group);
    * all chats together allow ``global_burst`` messages within any sliding ``global_window``
      seconds ("about 30 messages per second" overall).

    The 429 carries ``parameters.retry_after``: the whole seconds, rounded up and at least 1,
    until every limit the call broke would let it through.
    """

    chat_burst: int = 3
    chat_rate: float = 1.0
    group_burst: int = 20
    group_window: float = 60.0
    global_burst: int = 30
    global_window: float = 1.0
    methods: frozenset[str] = FLOOD_LIMITED_METHODS

    def __post_init__(self) -> None:
        for name in ("chat_burst", "group_burst", "global_burst"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1, got {getattr(self, name)}")
        for name in ("chat_rate", "group_window", "global_window"):
            value = getattr(self, name)
            if not (value > 0 and math.isfinite(value)):
                raise ValueError(f"{name} must be a positive number of seconds, got {value}")
        object.__setattr__(self, "methods", frozenset(self.methods))

    def counts(self, method: str) -> bool:
        """True when calls of ``method`` count as messages (case-insensitive)."""
        return method.lower() in {name.lower() for name in self.methods}


@dataclass(frozen=True)
class FloodViolation:
    """A message-making call sent to a chat while a 429 given for that chat, or for every
    chat (``scope == "global"``), still asked the bot to wait.

    ``method``, ``chat_id`` and ``time`` (its arrival, ``time.monotonic()``) describe the early
    call; ``refused_*`` the call answered 429, ``refused_at`` when that answer was given and
    ``retry_after`` the seconds it asked for; ``scope`` is the limit that refused it
    (``"chat"``, ``"group"``, ``"global"``; ``"chat"`` for a 429 injected with ``fail_next``).
    """

    method: str
    chat_id: int | str | None
    time: float
    refused_method: str
    refused_chat_id: int | str | None
    refused_at: float
    retry_after: int
    scope: str

    @property
    def waits_until(self) -> float:
        """When the wait ran out: ``refused_at + retry_after``."""
        return self.refused_at + self.retry_after

    @property
    def early_by(self) -> float:
        """How many seconds before the wait ran out the call came."""
        return self.waits_until - self.time
