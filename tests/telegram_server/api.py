"""The Bot API methods the server implements, over a :class:`TelegramWorld`.

Each method takes the request's :class:`Params` and returns the ``result`` to answer, or raises
:class:`ApiError` with the code and description Telegram uses for that refusal. Methods are
looked up case-insensitively, as Telegram does. getUpdates waits, so the server runs it
itself through :meth:`BotApi.poll_updates`; every other method is synchronous and runs under
the world's lock.
"""

from __future__ import annotations

import copy
import json
import re
import time
from collections.abc import Callable
from typing import Any

from .entities import (
    EntityParseError,
    FormattedText,
    parse_html,
    parse_markdown,
    parse_markdown_v2,
)
from .objects import ApiError, Chat, Params, SentMessage, StoredFile, Upload, bad_request
from .world import DEFAULT_TOPIC_COLOR, TelegramWorld

__all__ = ["METHODS", "BotApi"]

JSONDict = dict[str, Any]

METHODS = (
    "getMe getUpdates setWebhook deleteWebhook getWebhookInfo setMyCommands getMyCommands "
    "deleteMyCommands sendMessage editMessageText editMessageReplyMarkup deleteMessage "
    "sendChatAction answerCallbackQuery sendDocument sendPhoto copyMessage forwardMessage "
    "getChat getChatMember getFile createForumTopic editForumTopic closeForumTopic "
    "reopenForumTopic pinChatMessage setMessageReaction"
).split()

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
MAX_DOWNLOAD = 20 * 1024 * 1024
CHAT_ACTIONS = (
    "typing upload_photo record_video upload_video record_voice upload_voice upload_document "
    "choose_sticker find_location record_video_note upload_video_note"
).split()
_BUTTON_ACTIONS = (
    "url callback_data web_app login_url switch_inline_query switch_inline_query_current_chat "
    "switch_inline_query_chosen_chat copy_text callback_game pay"
).split()
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_PARSERS: dict[str, Callable[[str], FormattedText]] = {
    "html": parse_html,
    "markdownv2": parse_markdown_v2,
    "markdown": parse_markdown,
}
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class BotApi:
    """Bot API methods; ``world.sent`` records every message they create or edit."""

    def __init__(self, world: TelegramWorld) -> None:
        self.world = world
        self._methods = {name.lower(): (name, getattr(self, _snake(name))) for name in METHODS}

    def resolve(self, name: str) -> tuple[str, Callable[[Params], Any]] | None:
        """The canonical method name and its implementation, or None if unknown."""
        return self._methods.get(name.lower())

    # --- updates and webhook ----------------------------------------------------------------

    def get_me(self, p: Params) -> JSONDict:
        return {
            **self.world.bot_user.to_dict(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def get_updates(self, p: Params) -> list[JSONDict]:
        """Short poll; the server's long poll calls :meth:`poll_updates` repeatedly instead."""
        return self.poll_updates(p)

    def poll_updates(self, p: Params) -> list[JSONDict]:
        if self.world.webhook.get("url"):
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        allowed = p.json("allowed_updates")
        if allowed is not None:
            self.world.allowed_updates = list(allowed)
        limit = min(max(p.integer("limit") or 100, 1), 100)
        return self.world.take_updates(p.integer("offset"), limit)

    def set_webhook(self, p: Params) -> bool:
        url = p.text("url") or ""
        if url and not url.startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        if p.flag("drop_pending_updates"):
            self.world.drop_pending_updates()
        allowed = p.json("allowed_updates")
        if allowed is not None:
            self.world.allowed_updates = list(allowed)
        self.world.webhook = {
            "url": url,
            "secret_token": p.text("secret_token"),
            "max_connections": p.integer("max_connections") or 40,
            "allowed_updates": allowed,
            "set_at": time.monotonic(),
        }
        return True

    def delete_webhook(self, p: Params) -> bool:
        if p.flag("drop_pending_updates"):
            self.world.drop_pending_updates()
        self.world.webhook = {}
        return True

    def get_webhook_info(self, p: Params) -> JSONDict:
        hook = self.world.webhook
        info: JSONDict = {
            "url": hook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self.world.pending_updates()),
        }
        if hook.get("url"):
            info["max_connections"] = hook["max_connections"]
            if hook.get("allowed_updates") is not None:
                info["allowed_updates"] = hook["allowed_updates"]
        return info

    # --- commands ---------------------------------------------------------------------------

    def _command_key(self, p: Params) -> tuple[str, str]:
        scope = p.json("scope") or {"type": "default"}
        language = p.text("language_code") or ""
        if language and not re.fullmatch(r"[a-z]{2}", language):
            raise bad_request("invalid language code specified")
        return _canonical(scope), language

    def set_my_commands(self, p: Params) -> bool:
        commands = p.json("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise bad_request("commands must be an array of at most 100 BotCommand")
        for command in commands:
            if not _COMMAND.fullmatch(str(command.get("command", "")).lstrip("/")):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        self.world.commands[self._command_key(p)] = [
            {"command": c["command"].lstrip("/"), "description": c["description"]}
            for c in commands
        ]
        return True

    def get_my_commands(self, p: Params) -> list[JSONDict]:
        return copy.deepcopy(self.world.commands.get(self._command_key(p), []))

    def delete_my_commands(self, p: Params) -> bool:
        self.world.commands.pop(self._command_key(p), None)
        return True

    # --- sending ----------------------------------------------------------------------------

    def send_message(self, p: Params) -> JSONDict:
        chat = self._target(p)
        formatted = self._formatted(p, "text", "entities", MAX_TEXT, "message is too long")
        content: JSONDict = {"text": formatted.text}
        if formatted.entities:
            content["entities"] = formatted.entities
        preview = p.json("link_preview_options")
        if preview:
            content["link_preview_options"] = preview
        return self._send("sendMessage", chat, p, p.text("text"), content)

    def send_document(self, p: Params) -> JSONDict:
        chat = self._target(p)
        stored = self._file(p, "document", "documents")
        content = {"document": stored.as_document(), **self._caption(p)}
        return self._send("sendDocument", chat, p, p.text("caption"), content)

    def send_photo(self, p: Params) -> JSONDict:
        chat = self._target(p)
        stored = self._file(p, "photo", "photos")
        content = {"photo": stored.as_photo(), **self._caption(p)}
        return self._send("sendPhoto", chat, p, p.text("caption"), content)

    def copy_message(self, p: Params) -> JSONDict:
        chat = self._target(p)
        source = self._source(p, "message to copy not found")
        content = {k: v for k, v in source.items() if k in _CONTENT_KEYS}
        if "caption" in p:
            content = {
                k: v for k, v in content.items() if k not in ("caption", "caption_entities")
            }
            content.update(self._caption(p))
        message = self._send("copyMessage", chat, p, _text_of(content), content)
        return {"message_id": message["message_id"]}

    def forward_message(self, p: Params) -> JSONDict:
        chat = self._target(p)
        source = self._source(p, "message to forward not found")
        content = {k: v for k, v in source.items() if k in _CONTENT_KEYS}
        content["forward_origin"] = {
            "type": "user",
            "sender_user": source["from"],
            "date": source["date"],
        }
        return self._send("forwardMessage", chat, p, _text_of(content), content, markup=False)

    def send_chat_action(self, p: Params) -> bool:
        chat = self._target(p)
        self._thread(chat, p)
        if p.text("action") not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    # --- editing ----------------------------------------------------------------------------

    def edit_message_text(self, p: Params) -> JSONDict:
        chat, current = self._editable(p)
        if "text" not in current:
            raise bad_request("there is no text in the message to edit")
        formatted = self._formatted(p, "text", "entities", MAX_TEXT, "MESSAGE_TOO_LONG")
        markup = self._markup(p)
        edited = {k: v for k, v in current.items() if k not in ("entities", "reply_markup")}
        edited["text"] = formatted.text
        if formatted.entities:
            edited["entities"] = formatted.entities
        if markup is not None and "inline_keyboard" in markup:
            edited["reply_markup"] = markup
        return self._store_edit("editMessageText", chat, p, current, edited, p.text("text"))

    def edit_message_reply_markup(self, p: Params) -> JSONDict:
        chat, current = self._editable(p)
        markup = self._markup(p)
        edited = {k: v for k, v in current.items() if k != "reply_markup"}
        if markup is not None and markup.get("inline_keyboard"):
            edited["reply_markup"] = markup
        return self._store_edit("editMessageReplyMarkup", chat, p, current, edited, None)

    def delete_message(self, p: Params) -> bool:
        chat = self._chat(p.chat_ref())
        message_id = p.integer("message_id", required=True)
        if self.world.messages.pop((chat.id, message_id or 0), None) is None:
            raise bad_request("message to delete not found")
        return True

    def answer_callback_query(self, p: Params) -> bool:
        query_id = p.text("callback_query_id") or ""
        if query_id not in self.world.callback_queries or query_id in self.world.callback_answers:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        if len(p.text("text") or "") > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        self.world.callback_answers[query_id] = {
            "text": p.text("text"),
            "show_alert": p.flag("show_alert"),
            "url": p.text("url"),
            "cache_time": p.integer("cache_time"),
            "time": time.monotonic(),
        }
        return True

    def pin_chat_message(self, p: Params) -> bool:
        chat = self._chat(p.chat_ref())
        message_id = p.integer("message_id", required=True) or 0
        if (chat.id, message_id) not in self.world.messages:
            raise bad_request("message to pin not found")
        self.world.pinned.setdefault(chat.id, []).append(message_id)
        return True

    def set_message_reaction(self, p: Params) -> bool:
        chat = self._chat(p.chat_ref())
        message_id = p.integer("message_id", required=True) or 0
        if (chat.id, message_id) not in self.world.messages:
            raise bad_request("MESSAGE_ID_INVALID")
        reaction = p.json("reaction") or []
        if not isinstance(reaction, list) or any(
            r.get("type") not in ("emoji", "custom_emoji", "paid") for r in reaction
        ):
            raise bad_request("REACTION_INVALID")
        self.world.reactions[(chat.id, message_id)] = reaction
        return True

    # --- chats, members, files --------------------------------------------------------------

    def get_chat(self, p: Params) -> JSONDict:
        return self._chat(p.chat_ref()).full_info()

    def get_chat_member(self, p: Params) -> JSONDict:
        chat = self._chat(p.chat_ref())
        user_id = p.integer("user_id", required=True) or 0
        if user_id not in self.world.users:
            raise bad_request("user not found")
        return self.world.member(chat.id, user_id)

    def get_file(self, p: Params) -> JSONDict:
        stored = self.world.files.get(p.text("file_id") or "")
        if stored is None:
            raise bad_request("invalid file_id")
        if len(stored.content) > MAX_DOWNLOAD:
            raise bad_request("file is too big")
        return {**stored.as_file(), "file_path": stored.file_path}

    # --- forum topics -----------------------------------------------------------------------

    def create_forum_topic(self, p: Params) -> JSONDict:
        chat = self._chat(p.chat_ref())
        if not chat.is_forum:
            raise bad_request("the chat is not a forum")
        name = p.text("name") or ""
        if not 1 <= len(name) <= 128:
            raise bad_request("TOPIC_TITLE_EMPTY" if not name else "TOPIC_TITLE_TOO_LONG")
        color = p.integer("icon_color") or DEFAULT_TOPIC_COLOR
        return self.world.create_topic(
            chat, name, color, p.text("icon_custom_emoji_id"), self.world.bot_user
        )

    def edit_forum_topic(self, p: Params) -> bool:
        topic = self._topic(p)
        changes = {k: p.text(k) for k in ("name", "icon_custom_emoji_id") if k in p}
        if not changes or all(topic.get(k) == v for k, v in changes.items()):
            raise bad_request("TOPIC_NOT_MODIFIED")
        topic.update(changes)
        return True

    def close_forum_topic(self, p: Params) -> bool:
        return self._set_topic_closed(p, closed=True)

    def reopen_forum_topic(self, p: Params) -> bool:
        return self._set_topic_closed(p, closed=False)

    def _set_topic_closed(self, p: Params, *, closed: bool) -> bool:
        topic = self._topic(p)
        if topic["is_closed"] == closed:
            raise bad_request("TOPIC_NOT_MODIFIED")
        topic["is_closed"] = closed
        return True

    def _topic(self, p: Params) -> JSONDict:
        chat = self._chat(p.chat_ref())
        if not chat.is_forum:
            raise bad_request("the chat is not a forum")
        thread_id = p.integer("message_thread_id", required=True) or 0
        topic = self.world.topics.get(chat.id, {}).get(thread_id)
        if topic is None:
            raise bad_request("TOPIC_ID_INVALID")
        return topic

    # --- shared rules -----------------------------------------------------------------------

    def _chat(self, ref: int | str) -> Chat:
        """A chat the bot knows, by id or @username."""
        if isinstance(ref, str):
            chat = next((c for c in self.world.chats.values() if f"@{c.username}" == ref), None)
        else:
            chat = self.world.chats.get(ref)
        if chat is None:
            if isinstance(ref, int) and ref in self.world.users:
                raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
            raise bad_request("chat not found")
        return chat

    def _target(self, p: Params, name: str = "chat_id") -> Chat:
        """The chat a message goes to: known, not blocking the bot, with the bot in it."""
        chat = self._chat(p.chat_ref(name))
        if chat.id in self.world.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        status = self.world.members.get(chat.id, {}).get(self.world.bot_user.id, {}).get("status")
        if status == "kicked":
            raise ApiError(403, f"Forbidden: bot was kicked from the {chat.type} chat")
        if status == "left":
            raise ApiError(403, f"Forbidden: bot is not a member of the {chat.type} chat")
        return chat

    def _thread(self, chat: Chat, p: Params) -> int | None:
        thread_id = p.integer("message_thread_id")
        if thread_id is None or not chat.is_forum:
            return thread_id
        topic = self.world.topics.get(chat.id, {}).get(thread_id)
        if topic is None:
            raise bad_request("message thread not found")
        if topic["is_closed"]:
            raise bad_request("TOPIC_CLOSED")
        return thread_id

    def _formatted(
        self, p: Params, key: str, entities_key: str, limit: int, too_long: str
    ) -> FormattedText:
        raw = p.text(key)
        if not raw:
            raise bad_request("message text is empty")
        return self._parse(p, raw, entities_key, limit, too_long, "message text is empty")

    def _caption(self, p: Params) -> JSONDict:
        raw = p.text("caption")
        if not raw:
            return {}
        formatted = self._parse(
            p, raw, "caption_entities", MAX_CAPTION, "message caption is too long", None
        )
        if not formatted.text:
            return {}
        content: JSONDict = {"caption": formatted.text}
        if formatted.entities:
            content["caption_entities"] = formatted.entities
        return content

    def _parse(
        self, p: Params, raw: str, entities_key: str, limit: int, too_long: str, empty: str | None
    ) -> FormattedText:
        entities = p.json(entities_key)
        mode = (p.text("parse_mode") or "").lower()
        if entities is not None:
            formatted = FormattedText(raw, list(entities))
        elif mode:
            parser = _PARSERS.get(mode)
            if parser is None:
                raise bad_request(f"unsupported parse_mode {p.text('parse_mode')!r}")
            try:
                formatted = parser(raw)
            except EntityParseError as exc:
                raise bad_request(f"can't parse entities: {exc}") from None
        else:
            formatted = FormattedText(raw)
        formatted = formatted.stripped()
        if not formatted.text and empty:
            raise bad_request(empty)
        if len(formatted.text) > limit:
            raise bad_request(too_long)
        return formatted

    def _markup(self, p: Params) -> JSONDict | None:
        markup = p.json("reply_markup")
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise bad_request("can't parse reply keyboard markup JSON object")
        rows = markup.get("inline_keyboard")
        if rows is None:
            return markup
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise bad_request(
                'field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays'
            )
        for button in (b for row in rows for b in row):
            if not button.get("text"):
                raise bad_request('can\'t find field "text"')
            if not any(key in button for key in _BUTTON_ACTIONS):
                raise bad_request("text buttons are unallowed in the inline keyboard")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA:
                raise bad_request("BUTTON_DATA_INVALID")
            url = button.get("url")
            if url is not None and not re.match(r"(https?|tg)://\S+$", str(url)):
                raise bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")
        return markup

    def _reply_target(self, chat: Chat, p: Params) -> JSONDict | None:
        parameters = p.json("reply_parameters")
        if parameters:
            message_id = parameters.get("message_id")
            allow = bool(parameters.get("allow_sending_without_reply"))
            source_chat = (
                self._chat(parameters["chat_id"]).id if "chat_id" in parameters else chat.id
            )
        else:
            message_id = p.integer("reply_to_message_id")
            allow, source_chat = p.flag("allow_sending_without_reply"), chat.id
        if message_id is None:
            return None
        replied = self.world.messages.get((source_chat, int(message_id)))
        if replied is None and not allow:
            raise bad_request("message to be replied not found")
        return replied

    def _file(self, p: Params, name: str, kind: str) -> StoredFile:
        value = p.upload(name)
        if isinstance(value, Upload):
            return self.world.store_file(
                value.content, kind=kind, file_name=value.filename, mime_type=value.content_type
            )
        stored = self.world.files.get(value or "")
        if stored is None:
            raise bad_request("wrong file identifier/HTTP URL specified")
        return stored

    def _source(self, p: Params, missing: str) -> JSONDict:
        source_chat = self._chat(p.chat_ref("from_chat_id"))
        message_id = p.integer("message_id", required=True) or 0
        source = self.world.messages.get((source_chat.id, message_id))
        if source is None:
            raise bad_request(missing)
        return source

    def _editable(self, p: Params) -> tuple[Chat, JSONDict]:
        if "inline_message_id" in p:
            raise bad_request("inline messages are not supported by this test server")
        chat = self._chat(p.chat_ref())
        message_id = p.integer("message_id", required=True) or 0
        current = self.world.messages.get((chat.id, message_id))
        if current is None:
            raise bad_request("message to edit not found")
        if current.get("from", {}).get("id") != self.world.bot_user.id:
            raise bad_request("message can't be edited")
        return chat, current

    def _send(
        self,
        method: str,
        chat: Chat,
        p: Params,
        text: str | None,
        content: JSONDict,
        *,
        markup: bool = True,
    ) -> JSONDict:
        thread_id = self._thread(chat, p)
        reply_to = self._reply_target(chat, p)
        reply_markup = self._markup(p) if markup else None
        if reply_markup is not None and "inline_keyboard" in reply_markup:
            content = {**content, "reply_markup": reply_markup}
        if p.flag("protect_content"):
            content = {**content, "has_protected_content": True}
        message = self.world.new_message(
            chat, self.world.bot_user, thread_id=thread_id, reply_to=reply_to, **content
        )
        self._record(method, chat, p, text, reply_markup, message)
        return message

    def _store_edit(
        self,
        method: str,
        chat: Chat,
        p: Params,
        current: JSONDict,
        edited: JSONDict,
        text: str | None,
    ) -> JSONDict:
        if _comparable(edited) == _comparable(current):
            raise bad_request(NOT_MODIFIED)
        edited["edit_date"] = int(time.time())
        self.world.messages[(chat.id, current["message_id"])] = edited
        self._record(method, chat, p, text, edited.get("reply_markup"), edited)
        return edited

    def _record(
        self,
        method: str,
        chat: Chat,
        p: Params,
        text: str | None,
        reply_markup: JSONDict | None,
        message: JSONDict,
    ) -> None:
        self.world.sent.append(
            SentMessage(
                method=method,
                chat_id=chat.id,
                message_id=message["message_id"],
                text=text,
                parse_mode=p.text("parse_mode"),
                reply_markup=copy.deepcopy(reply_markup),
                message_thread_id=p.integer("message_thread_id"),
                time=time.monotonic(),
                message=copy.deepcopy(message),
                params=dict(p.values),
            )
        )


_CONTENT_KEYS = (
    "text entities caption caption_entities document photo voice sticker location "
    "link_preview_options"
).split()


def _text_of(content: JSONDict) -> str | None:
    return content.get("text", content.get("caption"))


def _comparable(message: JSONDict) -> tuple[Any, ...]:
    return tuple(message.get(k) for k in ("text", "entities", "caption", "reply_markup"))


def _canonical(scope: Any) -> str:
    return json.dumps(scope, sort_keys=True)
