"""One central error handler: a Dutch page (or JSON under /api/) for every error."""

from __future__ import annotations

import logging

import sqlalchemy as sa
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from web.rendering import Renderer
from web.texts import load_texts

logger = logging.getLogger(__name__)
REDIRECTS = (301, 302, 303, 307, 308)


def error_handler(renderer: Renderer):  # type: ignore[no-untyped-def]
    """The handler for HTTPException, database errors and anything unexpected."""

    async def handle(request: Request, exc: Exception) -> Response:
        if isinstance(exc, HTTPException):
            status = exc.status_code
            if status in REDIRECTS and exc.headers and "Location" in exc.headers:
                return RedirectResponse(exc.headers["Location"], status_code=status)
        elif isinstance(exc, sa.exc.SQLAlchemyError):
            logger.error("database error on %s: %s", request.url.path, exc)
            status = 503
        else:
            logger.exception("unexpected error on %s", request.url.path, exc_info=exc)
            status = 500
        messages = load_texts()["errors"]
        message = messages.get(str(status)) or messages["500" if status >= 500 else "400"]
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message}, status_code=status)
        return renderer.page(request, "error.html", status, status=status, message=message)

    return handle
