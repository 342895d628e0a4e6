"""The allowlist: only private chats of linked trainees are served (runs before every handler)."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop

from telegram_bot import sessions
from telegram_bot.accounts import remember
from telegram_bot.delivery import send
from telegram_bot.markup import fill
from telegram_bot.services import Context, services

OPEN_COMMANDS = ("/start",)
"""What an unknown user may send: linking with a code."""


def _is_open(update: Update) -> bool:
    message = update.message
    if message is None or not message.text:
        return False
    command = message.text.split(maxsplit=1)[0].split("@", 1)[0].lower()
    return command in OPEN_COMMANDS


async def gate(update: Update, context: Context) -> None:
    """Let a linked trainee through; answer anyone else politely and stop the update here.

    Fails closed: when the check itself fails (the database is down, a bug), the error goes to
    the central error handler and the update stops here, instead of reaching the handlers.
    """
    try:
        admitted = await _admit(update, context)
    except ApplicationHandlerStop:
        raise
    except Exception as error:  # whatever went wrong, nobody gets in unchecked
        await context.application.process_error(update, error)
        raise ApplicationHandlerStop from error
    if not admitted:
        raise ApplicationHandlerStop


async def _admit(update: Update, context: Context) -> bool:
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None or chat.type != ChatType.PRIVATE or user.is_bot:
        return False  # groups, channels, inline queries: not served, not answered
    svc = services(context)
    found = await svc.accounts.linked(user.id)
    remember(context.user_data, found)
    if found is None:
        sessions.save(context.user_data, None)  # unlinked meanwhile: the conversation is not theirs
    if found is not None or _is_open(update):
        return True
    if update.callback_query is not None:
        await update.callback_query.answer(svc.texts.not_allowed_short, show_alert=True)
    else:
        await send(context.bot, chat.id, fill(svc.texts.not_allowed))
    return False
