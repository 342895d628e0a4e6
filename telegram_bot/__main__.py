"""``python -m telegram_bot``: run the bot, by long polling or (TELEGRAM_WEBHOOK_URL) by webhook."""

from __future__ import annotations

import asyncio
import logging
import sys

import sqlalchemy as sa
from telegram import Update

from oefenavond.settings import Settings, SettingsError
from storage import migrate
from storage.database import Database
from telegram_bot.application import build_application
from telegram_bot.startup import wait_for_telegram
from telegram_bot.webhook import serve_webhook

logger = logging.getLogger("telegram_bot")


def main() -> int:
    """Read the settings, bring the database schema up to date, and run until stopped."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its request log would show the token
    try:
        settings = Settings.from_env()
    except SettingsError as error:
        print(f"configuration error: {error}", file=sys.stderr)
        return 2
    if not settings.telegram_bot_token:
        print("TELEGRAM_BOT_TOKEN is not set: the Telegram bot does not start", file=sys.stderr)
        return 2
    try:
        migrate.upgrade(Database(settings.database_url))
    except sa.exc.SQLAlchemyError as error:
        print(f"database {settings.database_dialect} not usable: {error}", file=sys.stderr)
        return 1
    application = build_application(settings, state_file=settings.telegram_state_file)
    if not wait_for_telegram(application.bot):
        print("TELEGRAM_BOT_TOKEN was refused by the Bot API: check the token", file=sys.stderr)
        return 2
    if settings.telegram_webhook_url:
        asyncio.run(serve_webhook(application, settings))
    else:
        logger.info("long polling %s", settings.telegram_api_base_url or "api.telegram.org")
        application.run_polling(
            allowed_updates=Update.ALL_TYPES, drop_pending_updates=False, bootstrap_retries=-1
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
