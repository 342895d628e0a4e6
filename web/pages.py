"""The trainee's pages: sign in with a code, pick a resident, the conversation, the debrief."""

from __future__ import annotations

import json
import uuid
from functools import partial
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from oefenavond.scenario import Library, Scenario
from storage import accounts, conversations
from storage.database import Database
from storage.records import Conversation, Trainee
from storage.transcripts import read_transcript
from web.debrief import build_debrief
from web.rendering import Renderer
from web.review.texts import review_texts
from web.review.trainee_view import debrief_additions
from web.security import CSRF_FIELD, RateLimiter, check_csrf
from web.texts import load_texts

MAX_REPLY = 1000
MAX_CODE = 40
SESSION_TRAINEE = "trainee_id"
MODES = ("oefen", "toets")


class TraineePages:
    """Route handlers sharing the database, the scenario library and the renderer."""

    def __init__(
        self,
        db: Database,
        library: Library,
        renderer: Renderer,
        rasa_url: str,
        answer_timeout_ms: int,
        limiter: RateLimiter | None = None,
    ) -> None:
        self.db = db
        self.library = library
        self.render = renderer
        self.rasa_url = rasa_url
        self.answer_timeout_ms = answer_timeout_ms  # no answer by then: the chat gives the reply back
        self.limiter = limiter or RateLimiter()

    def routes(self) -> list[Route]:
        """Every trainee route."""
        return [
            Route("/", self.home, methods=["GET"]),
            Route("/inloggen", self.signin_form, methods=["GET"]),
            Route("/inloggen", self.signin, methods=["POST"]),
            Route("/uitloggen", self.signout, methods=["POST"]),
            Route("/oefenen", self.picker, methods=["GET"]),
            Route("/gesprekken", self.start, methods=["POST"]),
            Route("/gesprek/{sender_id}", self.conversation, methods=["GET"]),
            Route("/gesprek/{sender_id}/nabespreking", self.debrief, methods=["GET"]),
            Route("/api/gesprekken/{sender_id}/verloop", self.history, methods=["GET"]),
        ]

    # Helpers -------------------------------------------------------------------------------

    async def _trainee(self, request: Request) -> Trainee | None:
        trainee_id = request.session.get(SESSION_TRAINEE)
        if not isinstance(trainee_id, int):
            return None
        trainee = await run_in_threadpool(accounts.get_trainee, trainee_id, db=self.db)
        if trainee is None:
            request.session.clear()  # the trainee was deleted: sign out
        request.state.trainee = trainee
        return trainee

    async def _require(self, request: Request) -> Trainee:
        trainee = await self._trainee(request)
        if trainee is None:
            raise HTTPException(303, headers={"Location": "/inloggen"})
        return trainee

    async def _own(self, request: Request, trainee: Trainee) -> tuple[Conversation, Scenario]:
        """The conversation in the path if it is this trainee's (404 otherwise) and its scenario."""
        sender_id = request.path_params["sender_id"]
        found = await run_in_threadpool(conversations.get_conversation, sender_id, db=self.db)
        if found is None or found.trainee_id != trainee.id:
            raise HTTPException(404)
        scenario = self.library.scenarios.get(found.scenario_id)
        if scenario is None:
            raise HTTPException(404)
        return found, scenario

    # Sign in and out -----------------------------------------------------------------------

    async def home(self, request: Request) -> Response:
        """To the picker when signed in, else to sign-in."""
        trainee = await self._trainee(request)
        return RedirectResponse("/oefenen" if trainee else "/inloggen", status_code=303)

    async def signin_form(self, request: Request) -> Response:
        """The sign-in form."""
        if await self._trainee(request):
            return RedirectResponse("/oefenen", status_code=303)
        notice = (
            load_texts()["signin"]["signed_out"] if "uitgelogd" in request.query_params else None
        )
        return self.render.page(request, "signin.html", error=None, notice=notice)

    async def signin(self, request: Request) -> Response:
        """Check the code; on success start a fresh session for the trainee."""
        form = await request.form()
        check_csrf(request, form.get(CSRF_FIELD))
        texts = load_texts()["signin"]
        client = request.client.host if request.client else "?"
        code = str(form.get("code") or "")[:MAX_CODE]
        if self.limiter.blocked(client):
            return self.render.page(
                request, "signin.html", 429, error=texts["rate_limited"], notice=None
            )
        if not code.strip():
            return self.render.page(
                request, "signin.html", 400, error=texts["empty_code"], notice=None
            )
        trainee = await run_in_threadpool(accounts.trainee_by_code, code, db=self.db)
        if trainee is None:
            self.limiter.fail(client)
            return self.render.page(
                request, "signin.html", 401, error=texts["wrong_code"], notice=None
            )
        self.limiter.reset(client)
        request.session.clear()
        request.session[SESSION_TRAINEE] = trainee.id
        return RedirectResponse("/oefenen", status_code=303)

    async def signout(self, request: Request) -> Response:
        """End the session."""
        form = await request.form()
        check_csrf(request, form.get(CSRF_FIELD))
        request.session.clear()
        return RedirectResponse("/inloggen?uitgelogd=1", status_code=303)

    # Picking and starting ------------------------------------------------------------------

    async def picker(self, request: Request) -> Response:
        """A card per resident, and the choice between oefenmodus and toetsmodus."""
        await self._require(request)
        scenarios = sorted(self.library, key=lambda s: s.title)
        mode = request.query_params.get("modus")
        return self.render.page(
            request, "picker.html", scenarios=scenarios, mode=mode if mode in MODES else "oefen"
        )

    async def start(self, request: Request) -> Response:
        """Register a new conversation (so the review finds it) and open its page."""
        trainee = await self._require(request)
        form = await request.form()
        check_csrf(request, form.get(CSRF_FIELD))
        scenario_id = str(form.get("scenario") or "")
        mode = str(form.get("mode") or "oefen")
        if scenario_id not in self.library.scenarios or mode not in MODES:
            raise HTTPException(400)
        seed = str(form.get("seed") or "")
        sender_id = f"web-{uuid.uuid4().hex}"
        await run_in_threadpool(
            conversations.start_conversation,
            sender_id,
            trainee.id,
            scenario_id,
            "web",
            mode,
            db=self.db,
        )
        target = f"/gesprek/{sender_id}" + (f"?seed={seed}" if seed.isdigit() else "")
        return RedirectResponse(target, status_code=303)

    # The conversation ----------------------------------------------------------------------

    async def conversation(self, request: Request) -> Response:
        """The chat page; the browser talks to Rasa over socket.io itself (web/static/chat.js)."""
        trainee = await self._require(request)
        found, scenario = await self._own(request, trainee)
        texts = load_texts()
        start: dict[str, Any] = {"scenario_id": scenario.id, "mode": found.mode}
        seed = request.query_params.get("seed", "")
        if seed.isdigit():
            start["seed"] = seed
        config = {
            "senderId": found.sender_id,
            "traineeId": trainee.id,
            "mode": found.mode,
            "rasaUrl": self.rasa_url,
            "startMessage": "/start_scenario" + json.dumps(start, ensure_ascii=False),
            "historyUrl": f"/api/gesprekken/{found.sender_id}/verloop",
            "debriefUrl": f"/gesprek/{found.sender_id}/nabespreking",
            "residentName": scenario.resident.name,
            "maxLength": MAX_REPLY,
            "answerTimeout": self.answer_timeout_ms,
            "texts": {
                "chat": texts["chat"],
                "moves": texts["moves"],
                "lsd": texts["lsd"],
                "moods": texts["moods"],
            },
        }
        return self.render.page(
            request,
            "conversation.html",
            scenario=scenario,
            conversation=found,
            config=config,
            max_length=MAX_REPLY,
        )

    async def history(self, request: Request) -> Response:
        """What the tracker holds for this conversation, for a reloaded or reconnected page."""
        trainee = await self._trainee(request)
        if trainee is None:
            raise HTTPException(401)
        found, _ = await self._own(request, trainee)
        transcript = await run_in_threadpool(read_transcript, found.sender_id, db=self.db)
        return JSONResponse(
            {
                "started": transcript.started,
                "message_ids": sorted(transcript.message_ids),
                "entries": [entry.to_dict() for entry in transcript.entries],
            },
            headers={"Cache-Control": "no-store"},
        )

    async def debrief(self, request: Request) -> Response:
        """The end screen: scorecard, the hidden concern, every turn with feedback, tips."""
        trainee = await self._require(request)
        found, scenario = await self._own(request, trainee)
        transcript = await run_in_threadpool(read_transcript, found.sender_id, db=self.db)
        # The trainer review's part: comments, and corrected moves counted in the scorecard.
        review = await run_in_threadpool(
            partial(debrief_additions, found, scenario, transcript.state, db=self.db)
        )
        debrief = build_debrief(scenario, found.mode, review.state)
        return self.render.page(
            request,
            "debrief.html",
            scenario=scenario,
            conversation=found,
            debrief=debrief,
            review=review,
            review_texts=review_texts(),
        )
