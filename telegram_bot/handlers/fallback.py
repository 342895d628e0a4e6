"""Short friendly answers to what the bot cannot use: non-text, edits, unknown commands."""

from __future__ import annotations

from telegram import Message, Update

from telegram_bot.delivery import send
from telegram_bot.markup import fill
from telegram_bot.services import Context, services

KINDS = (
    "sticker", "photo", "voice", "audio", "video", "video_note", "animation", "document",
    "location", "contact", "poll", "dice",
)
"""Message attributes checked in this order; ``animation`` messages carry a ``document`` too."""


def kind_of(message: Message) -> str:
    """What the message holds, as a key of texts.kinds."""
    if message.animation:
        return "animation"
    return next((kind for kind in KINDS if getattr(message, kind, None)), "other")


async def not_text(update: Update, context: Context) -> None:
    """Stickers, photos, voice, files and the like: ask for text."""
    message = update.effective_message
    if message is None:
        return
    texts = services(context).texts
    kind = texts.kinds.get(kind_of(message), texts.kinds["other"])
    await send(context.bot, message.chat_id, fill(texts.not_text, kind=kind))


async def edited(update: Update, context: Context) -> None:
    """An edited message cannot be assessed again."""
    if update.effective_chat:
        await send(context.bot, update.effective_chat.id, fill(services(context).texts.edited))


async def unknown_command(update: Update, context: Context) -> None:
    """A command the bot does not have."""
    if update.effective_chat:
        await send(context.bot, update.effective_chat.id, fill(services(context).texts.unknown_command))


async def old_button(update: Update, context: Context) -> None:
    """A button the bot does not know (from an old message): just stop the spinner."""
    if update.callback_query is not None:
        await update.callback_query.answer()
