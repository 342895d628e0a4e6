"""What every handler needs, created once per process and kept in ``application.bot_data``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from telegram.ext import ContextTypes

from oefenavond.scenario import Library
from telegram_bot.accounts import Accounts
from telegram_bot.attempts import Attempts
from telegram_bot.rasa_client import Conversations
from telegram_bot.texts import Texts

KEY = "services"
DRILL_ROUNDS = 3
MAX_REPLY_CHARS = 1000
"""Longer messages are not sent to Rasa: a reply at a meeting table is a few sentences."""

Context = ContextTypes.DEFAULT_TYPE


@dataclass
class Services:
    """Texts, scenarios, Rasa and the accounts."""

    texts: Texts
    library: Library
    rasa: Conversations
    accounts: Accounts
    attempts: Attempts = field(default_factory=Attempts)
    drill_rounds: int = DRILL_ROUNDS
    max_reply_chars: int = MAX_REPLY_CHARS


def install(bot_data: dict[Any, Any], services: Services) -> None:
    """Make the services available to the handlers."""
    bot_data[KEY] = services


def services(context: Context) -> Services:
    """The services of this application."""
    found = context.bot_data[KEY]
    if not isinstance(found, Services):
        raise TypeError("the application was built without telegram_bot.services.install")
    return found
