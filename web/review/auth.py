"""Trainer and admin sign-in with a password, the session, and the access rules of every screen.

The session is the web app's signed cookie; the review keeps the trainer's id under its own key
and reads the account on every request, so a changed role or a removed account counts at once.
Failed sign-ins are limited per username and address in the database (storage.login_attempts).
"""

from __future__ import annotations

from functools import cache

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from storage import accounts, audit, login_attempts
from storage.credentials import hash_secret, verify_secret
from storage.scope import Viewer
from web.review.context import Review
from web.review.texts import review_texts
from web.security import CSRF_FIELD, check_csrf

SESSION_REVIEWER = "reviewer_id"
SESSION_TRAINEE = "trainee_id"
LOGIN_PATH = "/review/inloggen"
HOME_PATH = "/review/gesprekken"
MAX_USERNAME = 80
MAX_PASSWORD = 256


@cache
def _dummy_hash() -> str:
    """A hash to verify against for unknown usernames, so they take as long as known ones."""
    return hash_secret("geen-account")


def client_address(request: Request) -> str:
    """The client's address (the web app runs behind no proxy that rewrites it)."""
    return request.client.host if request.client else "?"


async def current_viewer(review: Review, request: Request) -> Viewer | None:
    """The signed-in trainer or admin, or None."""
    trainer_id = request.session.get(SESSION_REVIEWER)
    if not isinstance(trainer_id, int):
        return None
    trainer = await review.run(accounts.get_trainer, trainer_id)
    if trainer is None:
        request.session.pop(SESSION_REVIEWER, None)
        return None
    viewer = Viewer.of_trainer(trainer)
    request.state.viewer = viewer
    return viewer


async def require_staff(review: Review, request: Request) -> Viewer:
    """The signed-in trainer or admin; otherwise to sign-in (anonymous) or 403 (a trainee)."""
    viewer = await current_viewer(review, request)
    if viewer is not None:
        return viewer
    if isinstance(request.session.get(SESSION_TRAINEE), int):
        raise HTTPException(403)
    raise HTTPException(303, headers={"Location": LOGIN_PATH})


async def require_admin(review: Review, request: Request) -> Viewer:
    """The signed-in admin; a trainer gets 403."""
    viewer = await require_staff(review, request)
    if not viewer.is_admin:
        raise HTTPException(403)
    return viewer


class SignIn:
    """The sign-in form, signing in and out."""

    def __init__(self, review: Review) -> None:
        self.review = review

    def routes(self) -> list[Route]:
        """Sign-in routes."""
        return [
            Route("/review", self.home, methods=["GET"]),
            Route(LOGIN_PATH, self.form, methods=["GET"]),
            Route(LOGIN_PATH, self.sign_in, methods=["POST"]),
            Route("/review/uitloggen", self.sign_out, methods=["POST"]),
        ]

    async def home(self, request: Request) -> Response:
        """To the list when signed in, else to sign-in."""
        viewer = await current_viewer(self.review, request)
        return RedirectResponse(HOME_PATH if viewer else LOGIN_PATH, status_code=303)

    async def form(self, request: Request) -> Response:
        """The sign-in form."""
        if await current_viewer(self.review, request):
            return RedirectResponse(HOME_PATH, status_code=303)
        texts = review_texts()["login"]
        notice = texts["signed_out"] if "uitgelogd" in request.query_params else None
        return self.review.page(request, "review/login.html", error=None, notice=notice, username="")

    async def sign_in(self, request: Request) -> Response:
        """Check username and password (rate-limited); on success a fresh session."""
        form = await request.form()
        check_csrf(request, form.get(CSRF_FIELD))
        texts = review_texts()["login"]
        username = str(form.get("username") or "").strip()[:MAX_USERNAME]
        password = str(form.get("password") or "")[:MAX_PASSWORD]
        address = client_address(request)

        def refuse(status: int, message: str) -> Response:
            return self.review.page(request, "review/login.html", status, error=message, username=username)

        if not username or not password:
            return refuse(400, texts["empty"])
        if await self.review.run(login_attempts.blocked, username, address):
            return refuse(429, texts["rate_limited"])
        trainer = await self.review.run(accounts.authenticate_trainer, username, password)
        if trainer is None:
            if await self.review.run(accounts.trainer_by_username, username) is None:
                # An unknown name costs an argon2 verification too: timing does not tell names apart.
                await run_in_threadpool(verify_secret, _dummy_hash(), password)
            await self.review.run(login_attempts.record, username, address, False)
            return refuse(401, texts["wrong"])
        await self.review.run(login_attempts.record, username, address, True)
        request.session.clear()
        request.session[SESSION_REVIEWER] = trainer.id
        viewer = Viewer.of_trainer(trainer)
        await self.review.run(audit.record, viewer, "login", "trainer", trainer.id, address)
        return RedirectResponse(HOME_PATH, status_code=303)

    async def sign_out(self, request: Request) -> Response:
        """End the session."""
        form = await request.form()
        check_csrf(request, form.get(CSRF_FIELD))
        viewer = await current_viewer(self.review, request)
        if viewer is not None:
            await self.review.run(audit.record, viewer, "logout", "trainer", viewer.id)
        request.session.clear()
        return RedirectResponse(f"{LOGIN_PATH}?uitgelogd=1", status_code=303)
