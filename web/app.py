"""The Starlette app: middleware, routes, static files, the error handler, migrations at start."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit

import sqlalchemy as sa
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from oefenavond.scenario import Library
from oefenavond.settings import PROJECT_DIR, Settings
from storage import migrate
from storage.database import Database
from web.errors import error_handler
from web.pages import TraineePages
from web.rendering import Renderer
from web.review.routes import review_routes
from web.security import SecurityHeaders, content_security_policy

logger = logging.getLogger(__name__)
STATIC = Path(__file__).resolve().parent / "static"
SOCKET_IO_CLIENT = PROJECT_DIR / "node_modules" / "socket.io-client" / "dist" / "socket.io.min.js"
SESSION_COOKIE = "oefenavond_sessie"
SESSION_MAX_AGE = 12 * 3600


class ConfigurationError(RuntimeError):
    """The web app cannot start with these settings."""


def rasa_sources(rasa_url: str) -> list[str]:
    """The origins the browser may open socket.io connections to: http(s) and ws(s) of Rasa."""
    parts = urlsplit(rasa_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    socket = ("wss" if parts.scheme == "https" else "ws") + f"://{parts.netloc}"
    return [origin, socket]


def create_app(
    settings: Settings,
    db: Database | None = None,
    migrate_on_start: bool = True,
    library: Library | None = None,
) -> Starlette:
    """The web app for ``settings``; ``db`` and ``library`` default to what settings name."""
    if not settings.web_secret_key:
        raise ConfigurationError("WEB_SECRET_KEY is not set: the web app needs it to sign sessions")
    database = db or Database(settings.database_url)
    if library is None:
        library = Library.load(settings.scenario_dir)
    for problem in library.problems:
        logger.error("scenario refused: %s", problem)
    renderer = Renderer()
    pages = TraineePages(database, library, renderer, settings.rasa_browser_url,
                         answer_timeout_ms=settings.chat_answer_seconds * 1000)

    async def health(request: Request) -> Response:
        reachable = await run_in_threadpool(database.reachable)
        return JSONResponse(
            {"status": "ok" if reachable else "database unreachable"},
            status_code=200 if reachable else 503,
        )

    async def socket_io_client(request: Request) -> Response:
        if not SOCKET_IO_CLIENT.exists():
            logger.error("%s is missing: run `npm ci` (make run does)", SOCKET_IO_CLIENT)
            raise HTTPException(404)
        return FileResponse(SOCKET_IO_CLIENT, media_type="text/javascript")

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if migrate_on_start:
            await run_in_threadpool(migrate.upgrade, database)
        if not SOCKET_IO_CLIENT.exists():
            logger.warning("socket.io client missing at %s: run `npm ci`", SOCKET_IO_CLIENT)
        yield
        database.dispose()

    handler = error_handler(renderer)
    app = Starlette(
        routes=[
            Route("/health", health, methods=["GET"]),
            Route("/static/vendor/socket.io.min.js", socket_io_client, methods=["GET"]),
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
            *pages.routes(),
            *review_routes(database, library, renderer),
        ],
        middleware=[
            Middleware(
                SecurityHeaders,
                csp=content_security_policy(rasa_sources(settings.rasa_browser_url)),
                https=settings.web_https,
            ),
            Middleware(
                SessionMiddleware,
                secret_key=settings.web_secret_key,
                session_cookie=SESSION_COOKIE,
                max_age=SESSION_MAX_AGE,
                same_site="lax",
                https_only=settings.web_https,
            ),
        ],
        exception_handlers={
            HTTPException: handler,
            sa.exc.SQLAlchemyError: handler,
            Exception: handler,
        },
        lifespan=lifespan,
    )
    app.state.db = database
    app.state.library = library
    return app
