"""What trainees see of the review: their own conversations (/mijn-gesprekken), and in their debrief
the trainer's comments and the scorecard with the trainer's corrections counted.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from oefenavond.corrected import correct_records
from oefenavond.scenario import Scenario
from storage import accounts
from storage.comments import Comment, comment_counts, comments_for
from storage.conversation_list import Filters, list_conversations
from storage.corrections import corrected_moves
from storage.database import Database
from storage.records import Conversation
from storage.scope import Viewer
from web.review.auth import SESSION_TRAINEE
from web.review.context import Review
from web.review.conversation_list import refresh_scope

PER_PAGE = 100


@dataclass(frozen=True)
class DebriefAdditions:
    """The review's part of a trainee's debrief."""

    state: dict[str, Any] | None
    comments: list[Comment] = field(default_factory=list)
    turn_comments: dict[int, list[Comment]] = field(default_factory=dict)
    corrected_turns: frozenset[int] = frozenset()


def debrief_additions(
    conversation: Conversation, scenario: Scenario, state: dict[str, Any] | None, *, db: Database
) -> DebriefAdditions:
    """The state with corrected records (so the debrief's scorecard and feedback follow them) and the comments."""
    found = comments_for(conversation.id, db=db)
    per_turn: dict[int, list[Comment]] = defaultdict(list)
    for comment in found:
        if comment.turn is not None:
            per_turn[comment.turn].append(comment)
    corrections = corrected_moves(conversation.id, db=db)
    if state is not None and corrections and isinstance(state.get("records"), list):
        records = correct_records(state["records"], corrections, scenario, seed=int(state["seed"]))
        state = {**state, "records": records}
    return DebriefAdditions(
        state=state,
        comments=[c for c in found if c.turn is None],
        turn_comments=dict(per_turn),
        corrected_turns=frozenset(corrections),
    )


class MyConversations:
    """GET /mijn-gesprekken: the signed-in trainee's conversations with links to their debriefs."""

    def __init__(self, review: Review) -> None:
        self.review = review

    def routes(self) -> list[Route]:
        """The trainee's list route."""
        return [Route("/mijn-gesprekken", self.show, methods=["GET"])]

    async def show(self, request: Request) -> Response:
        """Newest first, with grade and the number of trainer comments."""
        trainee_id = request.session.get(SESSION_TRAINEE)
        trainee = await self.review.run(accounts.get_trainee, trainee_id) if isinstance(trainee_id, int) else None
        if trainee is None:
            raise HTTPException(303, headers={"Location": "/inloggen"})
        request.state.trainee = trainee
        viewer = Viewer.of_trainee(trainee)
        await refresh_scope(self.review, viewer)
        found = await self.review.run(list_conversations, viewer, Filters(per_page=PER_PAGE))
        counts = await self.review.run(comment_counts, [row.info.id for row in found.rows])
        return self.render(request, found.rows, counts)

    def render(self, request: Request, rows: list[Any], counts: dict[int, int]) -> Response:
        """The page (in the trainee's layout)."""
        return self.review.page(request, "review/mine.html", rows=rows, counts=counts, title=self.review.title)
