"""The one error handler: log the failure, tell the trainee something went wrong, never crash."""

from __future__ import annotations

import contextlib
import logging

from telegram import Update
from telegram.error import NetworkError, TelegramError

from telegram_bot.delivery import send
from telegram_bot.markup import fill
from telegram_bot.services import Context, services

logger = logging.getLogger(__name__)


async def on_error(update: object, context: Context) -> None:
    """Called by PTB for any exception in a handler or while fetching updates."""
    error = context.error
    if not isinstance(update, Update):
        # Fetching updates failed (Telegram unreachable, ...): PTB retries by itself.
        level = logging.WARNING if isinstance(error, NetworkError) else logging.ERROR
        logger.log(level, "error outside an update: %r", error)
        return
    logger.error("update %s failed", update.update_id, exc_info=error)
    chat = update.effective_chat
    if chat is None:
        return
    if update.callback_query is not None:
        with contextlib.suppress(TelegramError):  # answered already, or too old to answer
            await update.callback_query.answer()
    try:
        await send(context.bot, chat.id, fill(services(context).texts.error))
    except TelegramError as failure:
        logger.warning("could not tell chat %s about the error: %s", chat.id, failure)
