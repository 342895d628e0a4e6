"""/help and /privacy: what the bot does and what it stores."""

from __future__ import annotations

from telegram import Update

from telegram_bot.delivery import send
from telegram_bot.markup import fill
from telegram_bot.services import Context, services


async def help_command(update: Update, context: Context) -> None:
    """What the bot can do."""
    if update.effective_chat:
        await send(context.bot, update.effective_chat.id, fill(services(context).texts.help))


async def privacy(update: Update, context: Context) -> None:
    """What is stored, and how to erase it."""
    if update.effective_chat:
        await send(context.bot, update.effective_chat.id, fill(services(context).texts.privacy))
