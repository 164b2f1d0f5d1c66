"""What Telegram knows and what users do: users, chats, messages, files, topics and updates.

:class:`TelegramWorld` holds the state behind the Bot API and the test-side helpers that make
users act (write, tap a button, send a document), each of which queues an update with the next
``update_id``. Message ids are counted per chat and shared by users and the bot, as in Telegram.
Every helper takes the world's lock, so tests may call them from any thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import threading
import time
import uuid
from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Any

from .entities import detect_entities
from .objects import Chat, SentMessage, StoredFile, User, chat_member

__all__ = ["DEFAULT_ALLOWED_UPDATES", "TelegramWorld"]

JSONDict = dict[str, Any]
UserRef = User | int | None

# Telegram delivers every update type except these unless allowed_updates names them.
_OPT_IN_UPDATES = {"chat_member", "message_reaction", "message_reaction_count"}
DEFAULT_ALLOWED_UPDATES = (
    "message edited_message channel_post edited_channel_post business_connection "
    "business_message edited_business_message deleted_business_messages inline_query "
    "chosen_inline_result callback_query shipping_query pre_checkout_query purchased_paid_media "
    "poll poll_answer my_chat_member chat_join_request chat_boost removed_chat_boost"
).split()
_FILE_KINDS = {"documents": "", "photos": ".jpg", "voice": ".oga", "stickers": ".webp"}
DEFAULT_TOPIC_COLOR = 7322096


class TelegramWorld:
    """The state of a small Telegram, and the users acting in it."""

    def __init__(self, bot_user: User) -> None:
        self.bot_user = bot_user
        self._lock = threading.RLock()
        self.users: dict[int, User] = {bot_user.id: bot_user}
        self.chats: dict[int, Chat] = {}
        self.messages: dict[tuple[int, int], JSONDict] = {}
        self.files: dict[str, StoredFile] = {}
        self.topics: dict[int, dict[int, JSONDict]] = {}
        self.members: dict[int, dict[int, JSONDict]] = {}
        self.sent: list[SentMessage] = []
        self.callback_answers: dict[str, JSONDict] = {}
        self.pinned: dict[int, list[int]] = {}
        self.reactions: dict[tuple[int, int], list[JSONDict]] = {}
        self.commands: dict[tuple[str, str], list[JSONDict]] = {}
        self.webhook: JSONDict = {}
        self.blocked: set[int] = set()
        self.allowed_updates: list[str] | None = None
        self.dropped_updates: list[JSONDict] = []
        self.callback_queries: dict[str, JSONDict] = {}
        self._last_message_id: dict[int, int] = {}
        self._updates: list[JSONDict] = []
        self._next_update_id = 1
        self._file_count = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread: int | None = None
        self._changed = asyncio.Event()

    # --- users and chats -------------------------------------------------------------------

    def add_user(
        self,
        user_id: int,
        first_name: str | None = None,
        *,
        username: str | None = None,
        language_code: str | None = "it",
        last_name: str | None = None,
    ) -> User:
        """Register a user (ids are positive).

        Their private chat opens when they first write, or with :meth:`add_private_chat`; until
        then the bot cannot write to them (403), as in Telegram.
        """
        if user_id <= 0:
            raise ValueError(f"user ids are positive, got {user_id}")
        user = User(user_id, first_name or f"Utente {user_id}", username, language_code, last_name)
        with self._lock:
            self.users[user_id] = user
        return user

    def add_private_chat(self, user: User | int) -> Chat:
        """Open the private chat with ``user`` (they have started the bot); no update is sent."""
        with self._lock:
            user = self._user(user)
            chat = Chat(
                user.id,
                "private",
                username=user.username,
                first_name=user.first_name,
                last_name=user.last_name,
            )
            self.chats.setdefault(user.id, chat)
            return self.chats[user.id]

    def add_group(
        self, chat_id: int, title: str = "Gruppo", *, members: Iterable[User | int] = ()
    ) -> Chat:
        """Register a basic group (negative id) with the bot and ``members`` in it."""
        return self._add_chat(Chat(chat_id, "group", title=title), members)

    def add_supergroup(
        self,
        chat_id: int,
        title: str = "Supergruppo",
        *,
        is_forum: bool = False,
        username: str | None = None,
        members: Iterable[User | int] = (),
    ) -> Chat:
        """Register a supergroup (ids look like -100…); ``is_forum`` enables topics."""
        chat = Chat(chat_id, "supergroup", title=title, username=username, is_forum=is_forum)
        return self._add_chat(chat, members)

    def _add_chat(self, chat: Chat, members: Iterable[User | int]) -> Chat:
        if chat.id >= 0:
            raise ValueError(f"group and supergroup ids are negative, got {chat.id}")
        with self._lock:
            self.chats[chat.id] = chat
            for member in members:
                self.members.setdefault(chat.id, {})[self._user(member).id] = {"status": "member"}
        return chat

    def add_forum_topic(
        self,
        chat_id: int,
        name: str,
        *,
        icon_color: int = DEFAULT_TOPIC_COLOR,
        creator: UserRef = None,
    ) -> int:
        """Create a topic in a forum supergroup (as an admin would); return its thread id."""
        with self._lock:
            chat = self.chats.get(chat_id)
            if chat is None or not chat.is_forum:
                raise ValueError(f"chat {chat_id} is not a registered forum supergroup")
            sender = self._user(creator) if creator is not None else self.bot_user
            return self.create_topic(chat, name, icon_color, None, sender)["message_thread_id"]

    def set_member_status(
        self, chat_id: int, user: User | int, status: str, **fields: Any
    ) -> None:
        """What getChatMember answers for ``user`` in ``chat_id`` (creator, administrator,
        member, restricted, left, kicked); ``fields`` override the ChatMember's fields."""
        chat_member(self.bot_user, status)  # validates the status
        with self._lock:
            user_id = user if isinstance(user, int) else user.id
            self.members.setdefault(chat_id, {})[user_id] = {"status": status, **fields}

    def member(self, chat_id: int, user_id: int) -> JSONDict:
        """The ``ChatMember`` getChatMember returns."""
        with self._lock:
            user = self.users.get(user_id) or User(user_id, f"Utente {user_id}")
            chat = self.chats.get(chat_id)
            default = (
                "member" if chat and chat.type == "private" and chat.id == user_id else "left"
            )
            if user_id == self.bot_user.id and chat is not None:
                default = "member"
            entry = dict(self.members.get(chat_id, {}).get(user_id, {"status": default}))
            return chat_member(user, entry.pop("status"), **entry)

    # --- what users do ---------------------------------------------------------------------

    def user_message(
        self,
        chat_id: int,
        text: str,
        *,
        user: UserRef = None,
        message_thread_id: int | None = None,
        reply_to: int | None = None,
        entities: list[JSONDict] | None = None,
    ) -> JSONDict:
        """A user writes ``text``; /commands, @mentions and URLs get entities unless given."""
        found = detect_entities(text) if entities is None else entities
        extra = {"entities": found} if found else {}
        return self._user_sends(chat_id, user, message_thread_id, reply_to, text=text, **extra)

    def document(
        self,
        chat_id: int,
        file_name: str,
        content: bytes,
        mime_type: str = "application/octet-stream",
        caption: str | None = None,
        *,
        user: UserRef = None,
        message_thread_id: int | None = None,
    ) -> JSONDict:
        """A user sends a file; getFile and the file URL then serve ``content``."""
        stored = self.store_file(
            content, kind="documents", file_name=file_name, mime_type=mime_type
        )
        return self._user_sends(
            chat_id,
            user,
            message_thread_id,
            None,
            document=stored.as_document(),
            **_caption(caption),
        )

    def photo(
        self,
        chat_id: int,
        content: bytes = b"\xff\xd8\xff\xe0 photo",
        caption: str | None = None,
        *,
        user: UserRef = None,
        message_thread_id: int | None = None,
    ) -> JSONDict:
        """A user sends a photo."""
        stored = self.store_file(content, kind="photos", mime_type="image/jpeg")
        return self._user_sends(
            chat_id, user, message_thread_id, None, photo=stored.as_photo(), **_caption(caption)
        )

    def voice(
        self,
        chat_id: int,
        content: bytes = b"OggS voice",
        *,
        duration: int = 3,
        user: UserRef = None,
        message_thread_id: int | None = None,
    ) -> JSONDict:
        """A user sends a voice note."""
        stored = self.store_file(content, kind="voice", mime_type="audio/ogg")
        voice = {**stored.as_file(), "duration": duration, "mime_type": "audio/ogg"}
        return self._user_sends(chat_id, user, message_thread_id, None, voice=voice)

    def sticker(
        self,
        chat_id: int,
        emoji: str = "👍",
        *,
        user: UserRef = None,
        message_thread_id: int | None = None,
    ) -> JSONDict:
        """A user sends a sticker."""
        stored = self.store_file(b"RIFF sticker", kind="stickers", mime_type="image/webp")
        sticker = {
            **stored.as_file(),
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return self._user_sends(chat_id, user, message_thread_id, None, sticker=sticker)

    def location(
        self,
        chat_id: int,
        latitude: float,
        longitude: float,
        *,
        user: UserRef = None,
        message_thread_id: int | None = None,
    ) -> JSONDict:
        """A user shares a location."""
        location = {"latitude": latitude, "longitude": longitude}
        return self._user_sends(chat_id, user, message_thread_id, None, location=location)

    def edited_message(self, chat_id: int, message_id: int, text: str) -> JSONDict:
        """The author of a user message edits its text."""
        with self._lock:
            original = self.messages.get((chat_id, message_id))
            if original is None or original.get("from", {}).get("id") == self.bot_user.id:
                raise ValueError(f"no user message {message_id} in chat {chat_id}")
            found = detect_entities(text)
            edited = {k: v for k, v in original.items() if k != "entities"}
            edited.update(
                text=text, edit_date=int(time.time()), **({"entities": found} if found else {})
            )
            self.messages[(chat_id, message_id)] = edited
            return self._push({"edited_message": edited})

    def callback_query(
        self,
        chat_id: int,
        message_id: int,
        data: str,
        *,
        user: UserRef = None,
        check_button: bool = True,
    ) -> JSONDict:
        """A user taps the inline button carrying ``data`` under the bot's message.

        With ``check_button`` (the default) the message must show a button with that data, as
        nobody can tap a button that is not there.
        """
        with self._lock:
            message = self.messages.get((chat_id, message_id))
            if message is None:
                raise ValueError(f"no message {message_id} in chat {chat_id}")
            offered = [b.get("callback_data") for b in _buttons(message)]
            if check_button and data not in offered:
                raise ValueError(f"message {message_id} has no button {data!r}; it has {offered}")
            chat = self.chats[chat_id]
            sender = self._sender(chat, user)
            query: JSONDict = {
                "id": uuid.uuid4().hex[:16],
                "from": sender.to_dict(),
                "message": copy.deepcopy(message),
                "chat_instance": str(abs(chat_id) * 7919),
                "data": data,
            }
            self.callback_queries[query["id"]] = query
            return self._push({"callback_query": query})

    def press_button(
        self, chat_id: int, message_id: int, label: str, *, user: UserRef = None
    ) -> JSONDict:
        """A user taps the inline button whose text is ``label``."""
        with self._lock:
            message = self.messages.get((chat_id, message_id)) or {}
            for button in _buttons(message):
                if button.get("text") == label and "callback_data" in button:
                    return self.callback_query(
                        chat_id, message_id, button["callback_data"], user=user
                    )
            labels = [b.get("text") for b in _buttons(message)]
            raise ValueError(
                f"message {message_id} in chat {chat_id} has no button {label!r}: {labels}"
            )

    def inject(self, update: JSONDict) -> JSONDict:
        """Queue a raw update (any ``update_id`` in it is replaced by the next one)."""
        return self._push({k: v for k, v in update.items() if k != "update_id"})

    # --- inspection ------------------------------------------------------------------------

    def message(self, chat_id: int, message_id: int) -> JSONDict | None:
        """The message as it stands now (edited, or None once deleted)."""
        with self._lock:
            found = self.messages.get((chat_id, message_id))
            return copy.deepcopy(found) if found else None

    def pending_updates(self) -> list[JSONDict]:
        """Updates queued and not yet confirmed by a getUpdates offset."""
        with self._lock:
            return copy.deepcopy(self._updates)

    def messages_to(self, chat_id: int) -> list[SentMessage]:
        """Messages the bot sent, copied or forwarded to ``chat_id`` (edits left out), in order."""
        with self._lock:
            return [
                s for s in self.sent if s.chat_id == chat_id and not s.method.startswith("edit")
            ]

    # --- used by the Bot API methods -------------------------------------------------------

    def store_file(
        self,
        content: bytes,
        *,
        kind: str,
        file_name: str | None = None,
        mime_type: str | None = None,
    ) -> StoredFile:
        with self._lock:
            self._file_count += 1
            n = self._file_count
            suffix = PurePosixPath(file_name).suffix if file_name else _FILE_KINDS.get(kind, "")
            stored = StoredFile(
                file_id=f"BQACAgQAAxkB{n:06d}{uuid.uuid4().hex[:8]}",
                file_unique_id=f"AgAD{n:06d}",
                content=content,
                file_path=f"{kind}/file_{n}{suffix}",
                file_name=file_name,
                mime_type=mime_type,
            )
            self.files[stored.file_id] = stored
            return stored

    def new_message(
        self,
        chat: Chat,
        sender: User,
        *,
        thread_id: int | None = None,
        reply_to: JSONDict | None = None,
        **content: Any,
    ) -> JSONDict:
        """Store a new message with the chat's next message id."""
        with self._lock:
            message_id = self._last_message_id.get(chat.id, 0) + 1
            self._last_message_id[chat.id] = message_id
            message: JSONDict = {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": chat.to_dict(),
                "from": sender.to_dict(),
            }
            if chat.is_forum and thread_id is not None:
                message.update(message_thread_id=thread_id, is_topic_message=True)
                reply_to = reply_to or self.messages.get((chat.id, thread_id))
            if reply_to is not None:
                message["reply_to_message"] = {
                    k: v for k, v in reply_to.items() if k != "reply_to_message"
                }
            message.update(content)
            self.messages[(chat.id, message_id)] = message
            return message

    def create_topic(
        self,
        chat: Chat,
        name: str,
        icon_color: int,
        icon_custom_emoji_id: str | None,
        sender: User,
    ) -> JSONDict:
        """Create a forum topic: its thread id is the id of its creation service message."""
        with self._lock:
            created = {"name": name, "icon_color": icon_color}
            if icon_custom_emoji_id:
                created["icon_custom_emoji_id"] = icon_custom_emoji_id
            message = self.new_message(chat, sender, forum_topic_created=created)
            thread_id = message["message_id"]
            message.update(message_thread_id=thread_id, is_topic_message=True)
            topic = {"message_thread_id": thread_id, **created}
            self.topics.setdefault(chat.id, {})[thread_id] = {**topic, "is_closed": False}
            return topic

    def take_updates(self, offset: int | None, limit: int) -> list[JSONDict]:
        """Forget updates confirmed by ``offset`` and return up to ``limit`` pending ones."""
        with self._lock:
            if offset is not None and offset < 0:
                self._updates = self._updates[offset:]
            elif offset is not None:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            return copy.deepcopy(self._updates[:limit])

    def drop_pending_updates(self) -> None:
        with self._lock:
            self._updates.clear()

    # --- internals -------------------------------------------------------------------------

    def _user(self, user: User | int) -> User:
        if isinstance(user, User):
            self.users.setdefault(user.id, user)
            return user
        return self.users.get(user) or self.add_user(user)

    def _sender(self, chat: Chat, user: UserRef) -> User:
        if chat.type == "private":
            sender = self._user(user if user is not None else chat.id)
            if sender.id != chat.id:
                raise ValueError(f"user {sender.id} cannot write in the private chat of {chat.id}")
            return sender
        if user is None:
            raise ValueError(f"say who writes in chat {chat.id}: pass user=")
        sender = self._user(user)
        self.members.setdefault(chat.id, {}).setdefault(sender.id, {"status": "member"})
        return sender

    def _user_sends(
        self,
        chat_id: int,
        user: UserRef,
        thread_id: int | None,
        reply_to: int | None,
        **content: Any,
    ) -> JSONDict:
        with self._lock:
            chat = self.chats.get(chat_id)
            if chat is None and chat_id > 0:
                chat = self.add_private_chat(user if user is not None else chat_id)
            if chat is None:
                raise ValueError(
                    f"chat {chat_id} is unknown: add_group() or add_supergroup() first"
                )
            sender = self._sender(chat, user)
            if (
                thread_id is not None
                and chat.is_forum
                and thread_id not in self.topics.get(chat.id, {})
            ):
                raise ValueError(f"chat {chat_id} has no topic {thread_id}")
            replied = None
            if reply_to is not None:
                replied = self.messages.get((chat.id, reply_to))
                if replied is None:
                    raise ValueError(f"no message {reply_to} in chat {chat_id} to reply to")
            message = self.new_message(
                chat, sender, thread_id=thread_id, reply_to=replied, **content
            )
            return self._push({"message": message})

    def _push(self, body: JSONDict) -> JSONDict:
        with self._lock:
            update = copy.deepcopy({"update_id": self._next_update_id, **body})
            self._next_update_id += 1
            kind = next(iter(body))
            allowed = self.allowed_updates or DEFAULT_ALLOWED_UPDATES
            if kind not in allowed and (kind in _OPT_IN_UPDATES or self.allowed_updates):
                self.dropped_updates.append(update)
                return copy.deepcopy(update)
            self._updates.append(update)
        self._notify()
        return copy.deepcopy(update)

    def _attach_loop(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop, self._loop_thread = loop, threading.get_ident()
        self._changed = asyncio.Event()

    def _notify(self) -> None:
        """Wake long polls and pauses, from any thread."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        if threading.get_ident() == self._loop_thread:
            self._broadcast()
        else:
            # the loop may close between the check and the call: nobody is left to wake then
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self._broadcast)

    def _broadcast(self) -> None:
        event, self._changed = self._changed, asyncio.Event()
        event.set()

    async def _wait_for_change(self, seconds: float) -> None:
        """Return when something changes (see :meth:`_notify`) or after ``seconds``."""
        if seconds <= 0:
            return
        event = self._changed
        try:
            async with asyncio.timeout(seconds):
                await event.wait()
        except TimeoutError:
            pass


def _caption(caption: str | None) -> JSONDict:
    if caption is None:
        return {}
    found = detect_entities(caption)
    return {"caption": caption, **({"caption_entities": found} if found else {})}


def _buttons(message: JSONDict) -> list[JSONDict]:
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [button for row in rows for button in row]
