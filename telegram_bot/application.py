"""Build the python-telegram-bot Application: Bot API address, ordering, flood retries, handlers."""

from __future__ import annotations

import logging
from pathlib import Path

from telegram import BotCommand, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, Defaults, PersistenceInput, PicklePersistence

from oefenavond.scenario import Library
from oefenavond.settings import Settings
from storage.database import Database
from telegram_bot.accounts import StorageAccounts
from telegram_bot.flood import FloodRetry
from telegram_bot.handlers import register
from telegram_bot.ordering import PerUserOrder
from telegram_bot.rasa_client import RasaClient
from telegram_bot.services import Services, install
from telegram_bot.texts import Texts, load_texts

logger = logging.getLogger(__name__)
COMMAND_ORDER = ("drill", "gesprek", "stop", "score", "help", "privacy", "verwijder", "start")


def file_url(base_url: str) -> str:
    """The Bot API's file URL beside ``base_url``: ``…/bot`` -> ``…/file/bot``."""
    head, _, tail = base_url.rstrip("/").rpartition("/")
    return f"{head}/file/{tail}" if head else f"{base_url}/file"


def commands(texts: Texts) -> list[BotCommand]:
    """The command menu, with the Dutch descriptions."""
    order = [c for c in COMMAND_ORDER if c in texts.commands] + [
        c for c in texts.commands if c not in COMMAND_ORDER
    ]
    return [BotCommand(command, texts.commands[command]) for command in order]


async def _post_init(application: Application) -> None:  # type: ignore[type-arg]
    """Register the command menu with Telegram."""
    me = application.bot.bot
    logger.info("bot @%s ready", me.username)
    await application.bot.set_my_commands(commands(services_of(application).texts))


async def _post_shutdown(application: Application) -> None:  # type: ignore[type-arg]
    await services_of(application).rasa.close()


def services_of(application: Application) -> Services:  # type: ignore[type-arg]
    """The services installed in an application."""
    found = application.bot_data.get("services")
    if not isinstance(found, Services):
        raise TypeError("no services installed")
    return found


def build_application(
    settings: Settings,
    svc: Services | None = None,
    state_file: Path | None = None,
) -> Application:  # type: ignore[type-arg]
    """The application for these settings (or with ``svc`` given: for tests)."""
    if not settings.telegram_bot_token:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    if svc is None:
        library = Library.load(settings.scenario_dir)
        for problem in library.problems:
            logger.error("scenario refused: %s", problem)
        svc = Services(
            texts=load_texts(),
            library=library,
            rasa=RasaClient(settings.rasa_base_url, settings.rasa_api_token),
            accounts=StorageAccounts(Database(settings.database_url)),
        )
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token)
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .concurrent_updates(PerUserOrder())
        .rate_limiter(FloodRetry())
        .job_queue(None)  # no scheduled jobs (and PTB's job-queue extra conflicts with Rasa's pins)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    if settings.telegram_api_base_url:
        base_url = settings.telegram_api_base_url.rstrip("/")
        builder = builder.base_url(base_url).base_file_url(file_url(base_url))
    if state_file is not None:
        state_file.parent.mkdir(parents=True, exist_ok=True)
        builder = builder.persistence(
            PicklePersistence(
                state_file,
                store_data=PersistenceInput(bot_data=False, chat_data=False, callback_data=False),
            )
        )
    application = builder.build()
    install(application.bot_data, svc)
    register(application)
    return application
