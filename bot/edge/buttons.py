"""Buttons under the bot's messages, one handler per callback-data prefix (`BUTTONS`):
feedback and its reasons, examples, options, language, deletion, the advisor."""

from __future__ import annotations

import contextlib

from telegram import CallbackQuery, Update, User
from telegram.error import BadRequest

from bot.context import BotContext
from bot.edge.handlers import answer_text, language_of
from bot.edge.rendering import reason_keyboard
from bot.texts import FEEDBACK_REASONS, examples, text
from bot.tickets import user_side


def _button(update: Update) -> tuple[CallbackQuery, User, str] | None:
    """The tapped button's query, who tapped it, and its data after the prefix."""
    query, user = update.callback_query, update.effective_user
    if query is None or query.data is None or user is None:
        return None
    return query, user, query.data.partition(":")[2]


async def on_feedback_button(update: Update, context: BotContext) -> None:
    """👍 / 👎 under an answer (`fb:`); a thumbs down asks why."""
    if (button := _button(update)) is None:
        return
    query, user, rest = button
    lang = await language_of(context, user)
    answer_id, _, vote = rest.partition(":")
    ok = await context.state.record_feedback(int(answer_id), user.id, vote == "up")
    await query.answer(text(lang, "thanks_feedback") if ok else None)
    if ok and vote == "down" and query.message is not None:
        await context.bot.send_message(
            query.message.chat.id,
            text(lang, "ask_reason"),
            reply_markup=reason_keyboard(int(answer_id), lang),
        )


async def on_reason_button(update: Update, context: BotContext) -> None:
    """Why an answer did not help (`fbr:`)."""
    if (button := _button(update)) is None:
        return
    query, user, rest = button
    lang = await language_of(context, user)
    answer_id, _, reason = rest.partition(":")
    if reason in FEEDBACK_REASONS:
        await context.state.record_feedback(int(answer_id), user.id, False, reason)
    await query.answer(text(lang, "thanks_feedback"))
    with contextlib.suppress(BadRequest):
        await query.edit_message_text(text(lang, "thanks_feedback"))


async def on_example_button(update: Update, context: BotContext) -> None:
    """An example question from `/start` or `/help` (`ex:`), answered as if typed."""
    if (button := _button(update)) is None:
        return
    query, user, rest = button
    await language_of(context, user)
    ex_lang, _, index = rest.partition(":")
    options = examples(ex_lang)
    await query.answer()
    if index.isdigit() and int(index) < len(options):
        await answer_text(update, context, options[int(index)])


async def on_option_button(update: Update, context: BotContext) -> None:
    """One of the options the bot offered to narrow a question down (`clar:`)."""
    if (button := _button(update)) is None:
        return
    query, user, rest = button
    await language_of(context, user)
    answer_id, _, index = rest.partition(":")
    record = await context.state.get_answer(int(answer_id))
    await query.answer()
    if record is not None and record.user_id == user.id and index.isdigit():
        options = list(record.sources or [])
        if int(index) < len(options):
            await answer_text(update, context, f"{record.question} — {options[int(index)]}")


async def on_language_button(update: Update, context: BotContext) -> None:
    """Italiano / English (`lang:`)."""
    if (button := _button(update)) is None:
        return
    query, user, rest = button
    await language_of(context, user)
    chosen = "en" if rest == "en" else "it"
    await context.state.set_language(user.id, chosen)
    await query.answer()
    with contextlib.suppress(BadRequest):
        await query.edit_message_text(text(chosen, "language_set"))


async def on_delete_button(update: Update, context: BotContext) -> None:
    """The confirmation of `/cancella` (`del:`): forget the user everywhere, or not."""
    if (button := _button(update)) is None:
        return
    query, user, rest = button
    lang = await language_of(context, user)
    await query.answer()
    if rest == "yes":
        report = await context.services.privacy.delete_user(user.id)
        done = text(
            lang,
            "deleted",
            turns=report.turns,
            answers=report.answers,
            feedback=report.feedback,
        )
    else:
        done = text(lang, "delete_cancelled")
    with contextlib.suppress(BadRequest):
        await query.edit_message_text(done)


async def on_advisor_button(update: Update, context: BotContext) -> None:
    """ "Parla con un consulente" under an answer (`adv:`)."""
    if (button := _button(update)) is None:
        return
    query, user, rest = button
    await language_of(context, user)
    await query.answer()
    await user_side.request_advisor(
        update, context, answer_id=int(rest) if rest.isdigit() else None
    )


async def on_other_button(update: Update, context: BotContext) -> None:
    """A button no handler knows (an old keyboard): stop the client's spinner."""
    if (button := _button(update)) is None:
        return
    query, user, _ = button
    await language_of(context, user)
    await query.answer()


#: Callback-data prefixes and their handlers, registered with `CallbackQueryHandler(pattern=)`.
BUTTONS = (
    ("fb", on_feedback_button),
    ("fbr", on_reason_button),
    ("ex", on_example_button),
    ("clar", on_option_button),
    ("lang", on_language_button),
    ("del", on_delete_button),
    ("adv", on_advisor_button),
)
