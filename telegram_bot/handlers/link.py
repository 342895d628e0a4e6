"""/start <code>: link this Telegram account to a trainee with their personal code."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from telegram_bot import sessions
from telegram_bot.accounts import remember
from telegram_bot.delivery import send
from telegram_bot.markup import fill
from telegram_bot.services import Context, services

logger = logging.getLogger(__name__)


async def start(update: Update, context: Context) -> None:
    """Link with the code after /start; without one, welcome (or say who is linked)."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    svc = services(context)
    texts = svc.texts
    code = "".join(context.args or [])
    current = (context.user_data or {}).get("account")
    if not code:
        if current:
            await send(context.bot, message.chat_id, fill(texts.already_linked, name=current["name"]))
        else:
            await send(context.bot, message.chat_id, fill(texts.welcome_unlinked))
        return
    if svc.attempts.blocked(user.id):
        await send(context.bot, message.chat_id, fill(texts.too_many_attempts))
        return
    found = await svc.accounts.link(code, user.id)
    if found is None:
        svc.attempts.failed(user.id)
        await send(context.bot, message.chat_id, fill(texts.unknown_code))
        return
    svc.attempts.succeeded(user.id)
    remember(context.user_data, found)
    sessions.save(context.user_data, None)  # a running conversation belonged to the old link
    try:
        await message.delete()  # the code should not stay readable in the chat
    except TelegramError as error:
        logger.info("could not delete the message with the code: %s", error)
    await send(context.bot, message.chat_id, fill(texts.linked, name=found.name))
