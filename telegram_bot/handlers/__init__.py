"""The handlers, one module per step, and the order in which they are registered."""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from telegram_bot.conversation import RETRY
from telegram_bot.handlers import access, drill, erase, errors, fallback, gesprek, info, link, replies, score, stop

ACCESS_GROUP = -1
"""The allowlist runs first, in its own group, and stops updates of unknown users."""


def register(application: Application) -> None:  # type: ignore[type-arg]
    """Add every handler and the error handler to ``application``."""
    application.add_handler(TypeHandler(Update, access.gate), group=ACCESS_GROUP)
    application.add_handlers(
        [
            CommandHandler("start", link.start),
            CommandHandler("help", info.help_command),
            CommandHandler("privacy", info.privacy),
            CommandHandler("drill", drill.drill),
            CommandHandler("gesprek", gesprek.gesprek),
            CommandHandler("stop", stop.stop),
            CommandHandler("score", score.score),
            CommandHandler("verwijder", erase.ask),
            CallbackQueryHandler(gesprek.chose_scenario, pattern=rf"^{gesprek.SCENARIO}:"),
            CallbackQueryHandler(gesprek.chose_mode, pattern=rf"^{gesprek.MODE}:"),
            CallbackQueryHandler(erase.confirmed, pattern=rf"^{erase.PREFIX}:"),
            CallbackQueryHandler(replies.retry, pattern=rf"^{RETRY}$"),
            CallbackQueryHandler(fallback.old_button),
            MessageHandler(filters.UpdateType.EDITED, fallback.edited),
            MessageHandler(filters.COMMAND, fallback.unknown_command),
            MessageHandler(filters.TEXT, replies.reply),
            MessageHandler(filters.ALL, fallback.not_text),
        ]
    )
    application.add_error_handler(errors.on_error)
