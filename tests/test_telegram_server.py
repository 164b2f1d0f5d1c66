"""The Bot API test server, driven by the real python-telegram-bot over HTTP on loopback."""

from __future__ import annotations

import asyncio
import datetime as dtm
import time
from collections.abc import AsyncIterator

import httpx
import pytest
import telegram
from telegram import (
    BotCommand,
    BotCommandScopeAllPrivateChats,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.constants import ChatAction, ChatMemberStatus
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, RetryAfter
from telegram.ext import Application, CommandHandler, ContextTypes
from telegram.request import HTTPXRequest

from tests.telegram_server import FLOOD_LIMITED_METHODS, BotApiServer, FloodLimits

pytestmark = pytest.mark.integration

USER = 42
ADVISOR = 43
FORUM = -1001234567890


@pytest.fixture(autouse=True)
def _timedelta_retry_after(monkeypatch: pytest.MonkeyPatch) -> None:
    """PTB 22 warns when it builds a RetryAfter unless opted in; filterwarnings=error would
    turn that warning into the exception the bot sees instead of RetryAfter."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


@pytest.fixture
async def server() -> AsyncIterator[BotApiServer]:
    async with BotApiServer() as running:
        running.add_user(USER, "Mario", username="mario_rossi", language_code="it")
        running.add_private_chat(USER)
        running.add_user(ADVISOR, "Giulia", language_code="it")
        running.add_private_chat(ADVISOR)
        yield running
    assert not running.server_errors


@pytest.fixture
async def bot(server: BotApiServer) -> AsyncIterator[telegram.Bot]:
    async with telegram.Bot(
        server.token, base_url=server.base_url, base_file_url=server.base_file_url
    ) as client:
        yield client


def keyboard(*buttons: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(t, callback_data=d) for t, d in buttons]])


# --- identity and protocol -----------------------------------------------------------------


async def test_get_me_answers_the_bot_user(bot: telegram.Bot, server: BotApiServer) -> None:
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (server.bot_user.id, "sportello_test_bot", True)


async def test_wrong_token_is_refused_as_invalid_token(server: BotApiServer) -> None:
    # A Bot whose initialize() fails never closes its connections, so close them here.
    request = HTTPXRequest()
    client = telegram.Bot("1:wrong", base_url=server.base_url, request=request)
    with pytest.raises(InvalidToken):
        await client.get_me()
    await request.shutdown()
    assert server.calls[-1].status == 401


async def test_unknown_method_answers_404_and_json_bodies_are_accepted(
    server: BotApiServer,
) -> None:
    async with httpx.AsyncClient(base_url=f"{server.base_url}{server.token}/") as client:
        missing = await client.post("sendTelepathy", json={"chat_id": USER})
        sent = await client.post(
            "SENDMESSAGE",
            json={
                "chat_id": USER,
                "text": "ciao",
                "reply_markup": keyboard(("Sì", "y")).to_dict(),
            },
        )
        me = await client.get("getMe")
    assert (missing.status_code, missing.json()) == (
        404,
        {"ok": False, "error_code": 404, "description": "Not Found"},
    )
    assert sent.json()["result"]["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "y"
    assert me.json()["result"]["id"] == server.bot_user.id


# --- sending and reading back --------------------------------------------------------------


async def test_sent_message_is_answered_with_visible_text_and_recorded(
    bot: telegram.Bot, server: BotApiServer
) -> None:
    message = await bot.send_message(
        USER,
        "<b>Ciao</b> Mario &amp; co.",
        parse_mode="HTML",
        reply_markup=keyboard(("Sì", "yes")),
    )
    assert message.text == "Ciao Mario & co."
    assert message.entities[0].type == "bold"
    assert message.entities[0].length == 4
    assert message.from_user.id == server.bot_user.id
    assert message.chat.type == "private"
    [record] = server.messages_to(USER)
    assert record.method == "sendMessage"
    assert record.message_id == message.message_id
    assert (record.text, record.parse_mode) == ("<b>Ciao</b> Mario &amp; co.", "HTML")
    assert record.visible_text == "Ciao Mario & co."
    assert record.buttons == [{"text": "Sì", "callback_data": "yes"}]


async def test_message_ids_count_per_chat_across_user_and_bot(
    bot: telegram.Bot, server: BotApiServer
) -> None:
    first = server.user_message(USER, "ciao")["message"]["message_id"]
    answer = await bot.send_message(USER, "buongiorno")
    elsewhere = await bot.send_message(ADVISOR, "nuovo ticket")
    assert (first, answer.message_id, elsewhere.message_id) == (1, 2, 1)


async def test_reply_parameters_and_thread_are_honoured(
    bot: telegram.Bot, server: BotApiServer
) -> None:
    asked = server.user_message(USER, "Quali bandi per la Germania?")["message"]["message_id"]
    answer = await bot.send_message(USER, "Ecco", reply_to_message_id=asked)
    assert answer.reply_to_message.text == "Quali bandi per la Germania?"
    with pytest.raises(BadRequest, match="Message to be replied not found"):
        await bot.send_message(USER, "Ecco", reply_to_message_id=999)


async def test_messages_to_unknown_chats_are_refused(bot: telegram.Bot) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(-999, "ciao")


# --- getUpdates ----------------------------------------------------------------------------


async def test_long_poll_returns_an_injected_update_without_waiting_for_its_timeout(
    bot: telegram.Bot, server: BotApiServer
) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=30))
    await server.wait_for(lambda: server.calls_to("getUpdates"))
    server.user_message(USER, "/start")
    [update] = await asyncio.wait_for(poll, timeout=5)
    assert update.message.text == "/start"
    assert update.message.entities[0].type == "bot_command"
    assert update.effective_user.username == "mario_rossi"


async def test_get_updates_confirms_everything_below_the_offset(
    bot: telegram.Bot, server: BotApiServer
) -> None:
    ids = [server.user_message(USER, text)["update_id"] for text in ("uno", "due", "tre")]
    assert [u.update_id for u in await bot.get_updates()] == ids
    assert [u.update_id for u in await bot.get_updates(offset=ids[1])] == ids[1:]
    assert [u.update_id for u in await bot.get_updates(offset=ids[2], limit=1)] == ids[2:]
    assert await bot.get_updates(offset=ids[2] + 1, timeout=0) == ()
    assert server.pending_updates() == []


async def test_allowed_updates_drop_other_kinds(bot: telegram.Bot, server: BotApiServer) -> None:
    await bot.get_updates(allowed_updates=["callback_query"], timeout=0)
    server.user_message(USER, "ignorato")
    assert server.pending_updates() == []
    assert len(server.dropped_updates) == 1


async def test_get_updates_conflicts_with_a_webhook(
    bot: telegram.Bot, server: BotApiServer
) -> None:
    await bot.set_webhook("https://example.org/hook", secret_token="s3cret")
    assert (await bot.get_webhook_info()).url == "https://example.org/hook"
    with pytest.raises(Conflict):
        await bot.get_updates()
    server.user_message(USER, "in coda")
    await bot.delete_webhook(drop_pending_updates=True)
    assert await bot.get_updates() == ()


async def test_user_actions_arrive_as_updates_python_telegram_bot_can_read(
    bot: telegram.Bot, server: BotApiServer
) -> None:
    server.sticker(USER)
    server.photo(USER, caption="foto")
    server.voice(USER, duration=4)
    server.location(USER, 45.46, 9.19)
    server.document(USER, "visura.pdf", b"%PDF-1.4", "application/pdf", caption="/allega")
    said = server.user_message(USER, "ciao @sportello_test_bot")["message"]["message_id"]
    server.edited_message(USER, said, "ciao!")
    updates = await bot.get_updates()
    messages = [u.message for u in updates[:-2]]
    assert messages[0].sticker.emoji == "👍"
    assert messages[1].photo[0].file_id
    assert messages[1].caption == "foto"
    assert messages[2].voice.duration == dtm.timedelta(seconds=4)
    assert messages[3].location.latitude == 45.46
    assert messages[4].document.file_name == "visura.pdf"
    assert messages[4].caption_entities[0].type == "bot_command"
    assert updates[-2].message.entities[0].type == "mention"
    assert updates[-1].edited_message.text == "ciao!"


# --- refusals ------------------------------------------------------------------------------


async def test_429_surfaces_as_retry_after_and_an_early_retry_is_detected(
    bot: telegram.Bot, server: BotApiServer
) -> None:
    server.fail_next("sendMessage", 429, retry_after=3)
    with pytest.raises(RetryAfter) as refused:
        await bot.send_message(USER, "troppo presto")
    assert refused.value.retry_after == dtm.timedelta(seconds=3)
    assert server.calls_to("sendMessage")[0].description == "Too Many Requests: retry after 3"
    await bot.send_message(USER, "subito")
    [wait] = server.flood_waits("sendMessage")
    assert wait.retry_after == 3
    assert not wait.honoured


async def test_a_retry_after_the_wait_counts_as_honoured(
    bot: telegram.Bot, server: BotApiServer
) -> None:
    server.fail_next("sendMessage", 429, retry_after=1)
    with pytest.raises(RetryAfter):
        await bot.send_message(USER, "troppo presto")
    await asyncio.sleep(1.05)
    await bot.send_message(USER, "dopo l'attesa")
    [wait] = server.flood_waits()
    assert wait.honoured
    assert wait.retried_at is not None


async def test_injected_failures_surface_as_python_telegram_bot_errors(
    bot: telegram.Bot, server: BotApiServer
) -> None:
    server.fail_next("sendMessage", 400, "Bad Request: message is too long")
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(USER, "breve")
    server.fail_next("sendMessage", 502, count=2)
    for _ in range(2):
        with pytest.raises(telegram.error.NetworkError, match="Bad Gateway"):
            await bot.send_message(USER, "breve")
    assert (await bot.send_message(USER, "breve")).text == "breve"


async def test_blocked_user_surfaces_as_forbidden(bot: telegram.Bot, server: BotApiServer) -> None:
    server.block_user(USER)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(USER, "ciao")
    server.unblock_user(USER)
    assert (await bot.send_message(USER, "ciao")).text == "ciao"


async def test_text_over_4096_characters_is_too_long(bot: telegram.Bot) -> None:
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(USER, "a" * 4097)


async def test_html_length_counts_visible_characters_only(bot: telegram.Bot) -> None:
    visible_4096 = "<b>" + "a" * 4000 + "</b>" + "&lt;" * 96
    message = await bot.send_message(USER, visible_4096, parse_mode="HTML")
    assert len(message.text) == 4096
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(USER, visible_4096 + "!", parse_mode="HTML")


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("1 < 2", 'unsupported start tag "" at byte offset 2'),
        ("riga<br>riga", 'unsupported start tag "br" at byte offset 4'),
        ("<b>grassetto", 'can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
    ],
)
async def test_malformed_html_is_refused_as_telegram_does(
    bot: telegram.Bot, html: str, reason: str
) -> None:
    with pytest.raises(BadRequest) as refused:
        await bot.send_message(USER, html, parse_mode="HTML")
    assert refused.value.message.lower() == f"can't parse entities: {reason}"


async def test_markdown_v2_needs_reserved_characters_escaped(bot: telegram.Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)character '\.' is reserved"):
        await bot.send_message(USER, "Versione 1.0", parse_mode="MarkdownV2")
    message = await bot.send_message(USER, "*Versione* 1\\.0", parse_mode="MarkdownV2")
    assert message.text == "Versione 1.0"
    assert message.entities[0].type == "bold"


async def test_callback_data_over_64_bytes_is_refused(bot: telegram.Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(USER, "Scegli", reply_markup=keyboard(("x", "è" * 33)))
    await bot.send_message(USER, "Scegli", reply_markup=keyboard(("x", "è" * 32)))


# --- enforced flood limits -----------------------------------------------------------------

GROUP = -4242


def wait_of(refused: RetryAfter) -> float:
    """The wait a RetryAfter asks for, in seconds (a timedelta with PTB_TIMEDELTA=true)."""
    wait = refused.retry_after
    return wait.total_seconds() if isinstance(wait, dtm.timedelta) else float(wait)


def refused_calls(server: BotApiServer) -> list[tuple[str, object, int | None, str | None]]:
    """(method, chat_id, retry_after, flood_scope) of every 429 answered."""
    return [
        (c.method, c.params.get("chat_id"), c.retry_after, c.flood_scope)
        for c in server.calls
        if c.status == 429
    ]


def test_flood_limits_validate_and_count_only_message_making_methods() -> None:
    limits = FloodLimits()
    assert (limits.chat_burst, limits.chat_rate) == (3, 1.0)
    assert (limits.group_burst, limits.group_window) == (20, 60.0)
    assert (limits.global_burst, limits.global_window) == (30, 1.0)
    assert limits.methods == FLOOD_LIMITED_METHODS
    assert limits.counts("sendMessage")
    assert limits.counts("EDITMESSAGETEXT")
    assert not any(
        limits.counts(m) for m in ("sendChatAction", "answerCallbackQuery", "getChat", "getMe")
    )
    with pytest.raises(ValueError, match="chat_burst must be at least 1"):
        FloodLimits(chat_burst=0)
    with pytest.raises(ValueError, match="chat_rate must be a positive number"):
        FloodLimits(chat_rate=0.0)
    with pytest.raises(ValueError, match="group_window must be a positive number"):
        FloodLimits(group_window=-1.0)
    assert BotApiServer().flood_limits is None
    assert BotApiServer(flood_limits=limits).flood_limits is limits


async def test_flood_limits_are_off_by_default_and_can_be_switched_off(
    bot: telegram.Bot, server: BotApiServer
) -> None:
    for n in range(10):
        await bot.send_message(USER, f"messaggio {n}")
    assert refused_calls(server) == []
    server.enforce_flood_limits(FloodLimits(chat_burst=1))
    await bot.send_message(USER, "uno")
    with pytest.raises(RetryAfter):
        await bot.send_message(USER, "due")
    server.enforce_flood_limits(None)
    assert server.flood_limits is None
    await bot.send_message(USER, "di nuovo libero")
    assert len(server.messages_to(USER)) == 12


async def test_a_burst_beyond_the_chat_limit_gets_429_and_makes_no_message(
    bot: telegram.Bot, server: BotApiServer
) -> None:
    server.enforce_flood_limits(FloodLimits(chat_burst=3, chat_rate=1.0))
    for n in range(3):
        await bot.send_message(USER, f"raffica {n}")
    with pytest.raises(RetryAfter) as refused:
        await bot.send_message(USER, "uno di troppo")
    assert refused.value.retry_after == dtm.timedelta(seconds=1)
    assert refused_calls(server) == [("sendMessage", str(USER), 1, "chat")]
    assert server.calls[-1].description == "Too Many Requests: retry after 1"
    assert [m.visible_text for m in server.messages_to(USER)] == [
        "raffica 0",
        "raffica 1",
        "raffica 2",
    ]
    assert server.message(USER, 4) is None
    # The limit is per chat: another private chat still has its whole burst.
    for n in range(3):
        await bot.send_message(ADVISOR, f"altra chat {n}")
    assert server.flood_violations() == []


async def test_429_body_carries_retry_after_as_telegram_sends_it(server: BotApiServer) -> None:
    server.enforce_flood_limits(FloodLimits(chat_burst=1, chat_rate=0.5))
    async with httpx.AsyncClient(base_url=f"{server.base_url}{server.token}/") as client:
        first = await client.post("sendMessage", json={"chat_id": USER, "text": "uno"})
        second = await client.post("sendMessage", json={"chat_id": USER, "text": "due"})
    assert first.json()["ok"]
    assert (second.status_code, second.json()) == (
        429,
        {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 2",
            "parameters": {"retry_after": 2},
        },
    )
    assert len(server.messages_to(USER)) == 1


async def test_a_send_after_retry_after_succeeds_and_an_early_one_is_a_violation(
    bot: telegram.Bot, server: BotApiServer
) -> None:
    server.enforce_flood_limits(FloodLimits(chat_burst=1, chat_rate=1.0))
    assert (await bot.send_message(USER, "uno")).message_id == 1
    with pytest.raises(RetryAfter) as refused:
        await bot.send_message(USER, "due")
    assert refused.value.retry_after == dtm.timedelta(seconds=1)
    assert server.flood_violations() == []
    with pytest.raises(RetryAfter) as again:
        await bot.send_message(USER, "subito")  # before the second is up: a violation
    [violation] = server.flood_violations()
    assert (violation.method, violation.chat_id, violation.scope) == ("sendMessage", USER, "chat")
    assert (violation.refused_method, violation.refused_chat_id) == ("sendMessage", USER)
    assert violation.retry_after == 1
    assert violation.early_by > 0.5  # generous: the early call came milliseconds after

    await asyncio.sleep(wait_of(again.value) + 0.2)
    later = await bot.send_message(USER, "dopo l'attesa")
    assert later.message_id == 2  # the refused calls made no message and used no id
    assert len(server.flood_violations()) == 1
    assert [m.visible_text for m in server.messages_to(USER)] == ["uno", "dopo l'attesa"]


async def test_edits_count_and_chat_actions_callbacks_and_reads_do_not(
    bot: telegram.Bot, server: BotApiServer
) -> None:
    server.enforce_flood_limits(FloodLimits(chat_burst=1, chat_rate=0.5))
    menu = await bot.send_message(USER, "Utile?", reply_markup=keyboard(("Sì", "yes")))
    with pytest.raises(RetryAfter):
        await bot.edit_message_text("Modificato", chat_id=USER, message_id=menu.message_id)
    assert (server.message(USER, menu.message_id) or {}).get("text") == "Utile?"
    assert await bot.send_chat_action(USER, ChatAction.TYPING)
    server.press_button(USER, menu.message_id, "Sì")
    [update] = await bot.get_updates()
    assert update.callback_query is not None
    assert await bot.answer_callback_query(update.callback_query.id, text="Grazie")
    assert (await bot.get_chat(USER)).id == USER
    assert [s.method for s in server.sent] == ["sendMessage"]
    assert refused_calls(server) == [("editMessageText", str(USER), 2, "chat")]
    assert server.flood_violations() == []


async def test_group_limit_allows_a_burst_per_window_then_refuses(
    bot: telegram.Bot, server: BotApiServer
) -> None:
    server.add_group(GROUP, "Consulenti")
    # Groups follow their own window, not the private chats' bucket of 1.
    server.enforce_flood_limits(FloodLimits(chat_burst=1, group_burst=4, group_window=60.0))
    for n in range(4):
        await bot.send_message(GROUP, f"gruppo {n}")
    with pytest.raises(RetryAfter) as refused:
        await bot.send_message(GROUP, "uno di troppo")
    seconds = wait_of(refused.value)
    assert 55 <= seconds <= 60
    assert refused_calls(server) == [("sendMessage", str(GROUP), seconds, "group")]
    assert len(server.messages_to(GROUP)) == 4
    await bot.send_message(USER, "in privato si può")  # other chats are not held up
    with pytest.raises(RetryAfter):
        await bot.send_message(GROUP, "ancora")
    [violation] = server.flood_violations()
    assert (violation.chat_id, violation.scope) == (GROUP, "group")


async def test_global_limit_holds_across_chats_and_applies_to_every_chat(
    bot: telegram.Bot, server: BotApiServer
) -> None:
    users = [101, 102, 103, 104]
    for user in users:
        server.add_user(user)
        server.add_private_chat(user)
    server.enforce_flood_limits(FloodLimits(global_burst=3, global_window=1.0))
    for user in users[:3]:
        await bot.send_message(user, "avviso")
    with pytest.raises(RetryAfter) as refused:
        await bot.send_message(users[3], "avviso")
    assert refused.value.retry_after == dtm.timedelta(seconds=1)
    assert refused_calls(server) == [("sendMessage", str(users[3]), 1, "global")]
    assert server.messages_to(users[3]) == []
    # A chat that was never refused must wait as well, and not waiting is a violation.
    with pytest.raises(RetryAfter):
        await bot.send_message(USER, "avviso")
    [violation] = server.flood_violations()
    assert (violation.chat_id, violation.refused_chat_id) == (USER, users[3])
    assert violation.scope == "global"
    assert len(server.sent) == 3


async def test_injected_429_also_counts_for_violations_with_a_tolerance(
    bot: telegram.Bot, server: BotApiServer
) -> None:
    server.fail_next("sendMessage", 429, retry_after=3)
    with pytest.raises(RetryAfter):
        await bot.send_message(USER, "troppo presto")
    await bot.send_chat_action(USER, ChatAction.TYPING)  # not a message: allowed
    await bot.send_message(ADVISOR, "altra chat")  # a chat's wait holds for that chat only
    await bot.send_message(USER, "subito")
    [violation] = server.flood_violations()
    assert (violation.method, violation.chat_id, violation.retry_after) == (
        "sendMessage",
        USER,
        3,
    )
    assert 2 < violation.early_by <= 3
    assert server.flood_violations(tolerance=3.0) == []


# --- callback queries, edits, deletes ------------------------------------------------------


async def test_button_tap_reaches_the_bot_and_its_answer_is_recorded(
    bot: telegram.Bot, server: BotApiServer
) -> None:
    menu = await bot.send_message(
        USER, "Utile?", reply_markup=keyboard(("Sì", "yes"), ("No", "no"))
    )
    server.press_button(USER, menu.message_id, "No")
    [update] = await bot.get_updates()
    query = update.callback_query
    assert (query.data, query.message.message_id, query.from_user.id) == (
        "no",
        menu.message_id,
        USER,
    )
    await bot.answer_callback_query(query.id, text="Grazie")
    assert server.callback_answers[query.id]["text"] == "Grazie"
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(query.id)
    with pytest.raises(ValueError, match="no button"):
        server.callback_query(USER, menu.message_id, "maybe")


async def test_edits_replace_text_and_refuse_identical_content(
    bot: telegram.Bot, server: BotApiServer
) -> None:
    sent = await bot.send_message(USER, "Bozza", reply_markup=keyboard(("Invia", "send")))
    edited = await bot.edit_message_text("Definitiva", chat_id=USER, message_id=sent.message_id)
    assert edited.text == "Definitiva"
    assert edited.reply_markup is None
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("Definitiva", chat_id=USER, message_id=sent.message_id)
    await bot.edit_message_reply_markup(USER, sent.message_id, reply_markup=keyboard(("Ok", "ok")))
    assert (
        server.message(USER, sent.message_id)["reply_markup"]["inline_keyboard"][0][0]["text"]
        == "Ok"
    )
    assert [s.method for s in server.sent] == [
        "sendMessage",
        "editMessageText",
        "editMessageReplyMarkup",
    ]
    assert await bot.delete_message(USER, sent.message_id)
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("Tardi", chat_id=USER, message_id=sent.message_id)
    assert server.message(USER, sent.message_id) is None


async def test_copy_and_forward_carry_the_content_to_another_chat(
    bot: telegram.Bot, server: BotApiServer
) -> None:
    asked = server.user_message(USER, "Serve la visura camerale?")["message"]["message_id"]
    copied = await bot.copy_message(
        ADVISOR, USER, asked, reply_markup=keyboard(("Rispondi", "r:1"))
    )
    forwarded = await bot.forward_message(ADVISOR, USER, asked)
    assert [m.visible_text for m in server.messages_to(ADVISOR)] == [
        "Serve la visura camerale?"
    ] * 2
    assert server.messages_to(ADVISOR)[0].message_id == copied.message_id
    assert forwarded.forward_origin.sender_user.id == USER


async def test_chat_actions_pins_and_reactions_are_accepted(
    bot: telegram.Bot, server: BotApiServer
) -> None:
    message = await bot.send_message(USER, "Importante")
    assert await bot.send_chat_action(USER, ChatAction.TYPING)
    assert await bot.pin_chat_message(USER, message.message_id)
    assert await bot.set_message_reaction(USER, message.message_id, reaction="👍")
    assert server.pinned[USER] == [message.message_id]
    assert server.reactions[(USER, message.message_id)] == [{"type": "emoji", "emoji": "👍"}]


# --- files ---------------------------------------------------------------------------------


async def test_uploaded_document_downloads_byte_for_byte(
    bot: telegram.Bot, server: BotApiServer
) -> None:
    content = bytes(range(256)) * 40
    sent = await bot.send_document(
        USER, document=content, filename="bando.pdf", caption="<i>Bando</i>", parse_mode="HTML"
    )
    assert sent.document.file_name == "bando.pdf"
    assert sent.caption == "Bando"
    assert server.calls_to("sendDocument")[0].files == ["document"]
    file = await bot.get_file(sent.document.file_id)
    assert file.file_path.startswith(server.base_file_url)
    assert bytes(await file.download_as_bytearray()) == content
    again = await bot.send_photo(ADVISOR, photo=sent.document.file_id)
    assert again.photo[0].file_id == sent.document.file_id


async def test_document_from_a_user_can_be_fetched_by_the_bot(
    bot: telegram.Bot, server: BotApiServer
) -> None:
    update = server.document(
        USER, "domanda.docx", b"PK\x03\x04 docx", "application/vnd.openxmlformats"
    )
    file = await bot.get_file(update["message"]["document"]["file_id"])
    assert bytes(await file.download_as_bytearray()) == b"PK\x03\x04 docx"
    with pytest.raises(BadRequest, match="Wrong file identifier"):
        await bot.send_document(USER, document="nonexistent-file-id")


# --- chats, members, commands, topics ------------------------------------------------------


async def test_forum_topics_get_thread_ids_and_closed_topics_refuse_messages(
    bot: telegram.Bot, server: BotApiServer
) -> None:
    server.add_supergroup(FORUM, "Consulenti", is_forum=True)
    topic = await bot.create_forum_topic(FORUM, "Ticket #1 · Mario")
    assert topic.message_thread_id > 0
    assert topic.name == "Ticket #1 · Mario"
    sent = await bot.send_message(FORUM, "Domanda", message_thread_id=topic.message_thread_id)
    assert sent.message_thread_id == topic.message_thread_id
    assert sent.is_topic_message
    assert server.messages_to(FORUM)[0].message_thread_id == topic.message_thread_id
    await bot.close_forum_topic(FORUM, topic.message_thread_id)
    with pytest.raises(BadRequest, match=r"(?i)topic_closed"):
        await bot.send_message(FORUM, "Chiuso?", message_thread_id=topic.message_thread_id)
    await bot.reopen_forum_topic(FORUM, topic.message_thread_id)
    await bot.edit_forum_topic(FORUM, topic.message_thread_id, name="Ticket #1 · chiuso")
    with pytest.raises(BadRequest, match="Message thread not found"):
        await bot.send_message(FORUM, "?", message_thread_id=topic.message_thread_id + 100)


async def test_forum_topics_need_a_forum(bot: telegram.Bot, server: BotApiServer) -> None:
    server.add_group(-4242, "Gruppo")
    with pytest.raises(BadRequest, match="The chat is not a forum"):
        await bot.create_forum_topic(-4242, "Ticket")


async def test_advisor_reply_in_a_topic_arrives_threaded(
    bot: telegram.Bot, server: BotApiServer
) -> None:
    server.add_supergroup(FORUM, "Consulenti", is_forum=True, members=[ADVISOR])
    thread = server.add_forum_topic(FORUM, "Ticket #2")
    server.user_message(FORUM, "La risposta è sì", user=ADVISOR, message_thread_id=thread)
    [update] = await bot.get_updates()
    assert update.message.message_thread_id == thread
    assert update.message.chat.is_forum
    assert update.message.reply_to_message.forum_topic_created.name == "Ticket #2"


async def test_chat_member_statuses_are_configurable(
    bot: telegram.Bot, server: BotApiServer
) -> None:
    server.add_supergroup(FORUM, "Consulenti", is_forum=True, members=[ADVISOR])
    server.set_member_status(FORUM, USER, "kicked")
    server.set_member_status(FORUM, server.bot_user.id, "administrator")
    statuses = [
        (await bot.get_chat_member(FORUM, u)).status for u in (ADVISOR, USER, server.bot_user.id)
    ]
    assert statuses == [
        ChatMemberStatus.MEMBER,
        ChatMemberStatus.BANNED,
        ChatMemberStatus.ADMINISTRATOR,
    ]
    chat = await bot.get_chat(FORUM)
    assert chat.is_forum
    assert chat.title == "Consulenti"


async def test_commands_are_kept_per_scope_and_language(bot: telegram.Bot) -> None:
    await bot.set_my_commands([BotCommand("start", "Avvia"), BotCommand("aiuto", "Guida")])
    await bot.set_my_commands([BotCommand("start", "Start")], language_code="en")
    private = BotCommandScopeAllPrivateChats()
    await bot.set_my_commands([BotCommand("ticket", "Parla con un consulente")], scope=private)
    assert [c.command for c in await bot.get_my_commands()] == ["start", "aiuto"]
    assert [c.description for c in await bot.get_my_commands(language_code="en")] == ["Start"]
    assert [c.command for c in await bot.get_my_commands(scope=private)] == ["ticket"]
    await bot.delete_my_commands(scope=private)
    assert await bot.get_my_commands(scope=private) == ()
    with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Not-Valid", "x")])


# --- timing and the real Application --------------------------------------------------------


async def test_latency_and_send_times_are_observable(
    bot: telegram.Bot, server: BotApiServer
) -> None:
    server.set_latency("sendMessage", 0.2)
    started = time.monotonic()
    for text in ("uno", "due", "tre"):
        await bot.send_message(USER, text)
    assert time.monotonic() - started >= 0.6
    assert len(server.send_times(USER)) == 3
    assert server.max_sends_within(10.0, USER) == 3
    assert server.max_sends_within(0.1, USER) == 1


async def test_application_answers_a_command_over_http(server: BotApiServer) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_message.reply_html(
            f"Ciao <b>{update.effective_user.first_name}</b>"
        )

    app = (
        Application.builder()
        .token(server.token)
        .base_url(server.base_url)
        .base_file_url(server.base_file_url)
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    async with app:
        await app.start()
        await app.updater.start_polling(timeout=dtm.timedelta(seconds=5))
        server.user_message(USER, "/start")
        [reply] = await server.wait_for_messages(USER)
        await app.updater.stop()
        await app.stop()
    assert reply.visible_text == "Ciao Mario"
    await server.wait_for(lambda: not server.pending_updates())


async def test_server_in_its_own_thread_wakes_a_long_poll() -> None:
    server = BotApiServer().start_in_thread()
    try:
        async with telegram.Bot(server.token, base_url=server.base_url) as client:
            poll = asyncio.create_task(client.get_updates(timeout=30))
            await server.wait_for(lambda: server.calls_to("getUpdates"))
            server.user_message(USER, "dal thread")
            [update] = await asyncio.wait_for(poll, timeout=5)
    finally:
        server.stop_in_thread()
    assert update.message.text == "dal thread"
