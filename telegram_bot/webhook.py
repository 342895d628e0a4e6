"""Webhook mode: Telegram POSTs updates to TELEGRAM_WEBHOOK_URL instead of the bot polling.

A small aiohttp server (no extra dependency) listens on OEFENAVOND_HOST:TELEGRAM_WEBHOOK_PORT at
the URL's path, behind the reverse proxy that terminates HTTPS. Telegram signs every request with
the secret token given to setWebhook; requests without it are refused.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import signal
from urllib.parse import urlsplit

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from oefenavond.settings import Settings

logger = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def webhook_secret(token: str) -> str:
    """A secret for setWebhook derived from the bot token (A-Z, a-z, 0-9 only, as Telegram needs)."""
    return hashlib.sha256(f"oefenavond-webhook:{token}".encode()).hexdigest()


def webhook_app(application: Application, path: str, secret: str) -> web.Application:  # type: ignore[type-arg]
    """The aiohttp app: POST ``path`` takes an update, GET /health says the bot is up."""

    async def receive(request: web.Request) -> web.Response:
        if request.headers.get(SECRET_HEADER) != secret:
            return web.Response(status=403)
        try:
            data = await request.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            return web.Response(status=400)
        update = Update.de_json(data, application.bot)
        if update is None:
            return web.Response(status=400)
        await application.update_queue.put(update)
        return web.Response()

    async def health(request: web.Request) -> web.Response:
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post(path, receive)
    app.router.add_get("/health", health)
    return app


async def serve_webhook(application: Application, settings: Settings) -> None:  # type: ignore[type-arg]
    """Run the application in webhook mode until SIGINT or SIGTERM."""
    url = settings.telegram_webhook_url or ""
    token = settings.telegram_bot_token or ""
    secret = webhook_secret(token)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    runner = web.AppRunner(webhook_app(application, urlsplit(url).path or "/", secret))
    async with application:
        if application.post_init is not None:  # run_polling would call it; here we must
            await application.post_init(application)
        await application.start()
        await runner.setup()
        site = web.TCPSite(runner, settings.host, settings.telegram_webhook_port)
        await site.start()
        await application.bot.set_webhook(url, secret_token=secret, allowed_updates=Update.ALL_TYPES)
        logger.info("webhook mode: %s -> %s:%s", url, settings.host, settings.telegram_webhook_port)
        try:
            await stopping.wait()
        finally:
            await runner.cleanup()
            await application.stop()
            if application.post_shutdown is not None:
                await application.post_shutdown(application)
