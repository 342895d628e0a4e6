"""Sending to Telegram: HTML split under the length limit, and "typing…" while Rasa thinks."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from telegram import Bot, InlineKeyboardMarkup, LinkPreviewOptions, Message
from telegram.constants import ChatAction, ParseMode
from telegram.error import TelegramError

from telegram_bot.markup import Html
from telegram_bot.splitting import split_html

logger = logging.getLogger(__name__)
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
TYPING_EVERY = 4.0
"""Seconds between two "typing…" actions (Telegram shows one for five seconds)."""


async def send(
    bot: Bot, chat_id: int, text: Html, keyboard: InlineKeyboardMarkup | None = None
) -> Message | None:
    """Send ``text`` as one or more HTML messages; a keyboard goes with the last. The last one."""
    last: Message | None = None
    parts = split_html(text)
    for index, part in enumerate(parts):
        last = await bot.send_message(
            chat_id,
            part,
            parse_mode=ParseMode.HTML,
            reply_markup=keyboard if index == len(parts) - 1 else None,
            link_preview_options=NO_PREVIEW,
        )
    return last


@contextlib.asynccontextmanager
async def typing(bot: Bot, chat_id: int) -> AsyncIterator[None]:
    """Show "typing…" in the chat until the block ends (failures to show it are only logged)."""

    async def show() -> None:
        try:
            await bot.send_chat_action(chat_id, ChatAction.TYPING)
        except TelegramError as error:
            logger.info("could not show typing in chat %s: %s", chat_id, error)

    async def keep_typing() -> None:
        while True:
            await asyncio.sleep(TYPING_EVERY)
            await show()

    await show()
    task = asyncio.create_task(keep_typing())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
