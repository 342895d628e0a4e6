"""The transcript screen: every turn with its assessment, missed moments, the scorecard, the hidden
concern; trainers' comments (per turn and per conversation) and corrections of a reply's moves.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from oefenavond.moves.labels import MOVES, TEFLON
from oefenavond.moves.text import split_segments
from storage import audit, comments, corrections
from storage.comments import MAX_COMMENT, CommentError
from storage.scope import ConversationInfo, Viewer, conversation_for
from web.review.auth import require_staff
from web.review.context import Review
from web.review.texts import review_texts
from web.review.view import TranscriptView, load_view
from web.security import CSRF_FIELD, check_csrf

NOTICES = {
    "correctie": "correct_saved",
    "ingetrokken": "correct_undone",
    "opmerking": "comment_saved",
    "verwijderd": "comment_deleted",
}


async def visible_conversation(review: Review, request: Request, viewer: Viewer) -> ConversationInfo:
    """The conversation in the path if the viewer may see it; 404 otherwise."""
    found = await review.run(conversation_for, viewer, request.path_params["conversation_id"])
    if found is None:
        raise HTTPException(404)
    return found


async def transcript_view(review: Review, info: ConversationInfo) -> TranscriptView:
    """The transcript view of a conversation (tracker plus review data)."""
    return await review.run(load_view, review.library, info)


class TranscriptScreen:
    """GET the transcript; POST comments and corrections."""

    def __init__(self, review: Review) -> None:
        self.review = review

    def routes(self) -> list[Route]:
        """The transcript's routes."""
        base = "/review/gesprekken/{conversation_id:int}"
        return [
            Route(base, self.show, methods=["GET"]),
            Route(f"{base}/opmerkingen", self.comment, methods=["POST"]),
            Route(f"{base}/opmerkingen/{{comment_id:int}}/verwijderen", self.delete_comment, methods=["POST"]),
            Route(f"{base}/correcties", self.correct, methods=["POST"]),
            Route(f"{base}/correcties/{{turn:int}}/intrekken", self.undo, methods=["POST"]),
        ]

    async def show(self, request: Request, error: str | None = None, status_code: int = 200) -> Response:
        """The transcript with scorecard, comments and correction forms."""
        viewer = await require_staff(self.review, request)
        info = await visible_conversation(self.review, request, viewer)
        view = await transcript_view(self.review, info)
        await self.review.run(audit.record, viewer, "view_transcript", "conversation", info.id)
        texts = review_texts()["transcript"]
        key = request.query_params.get("gedaan", "")
        turn = request.query_params.get("beurt", "")
        notice = texts[NOTICES[key]].format(turn=turn if turn.isdigit() else "") if key in NOTICES else None
        return self.review.page(
            request,
            "review/transcript.html",
            status_code,
            section="gesprekken",
            view=view,
            title=self.review.title,
            moves=MOVES,
            teflon=TEFLON,
            notice=notice,
            error=error,
            max_comment=MAX_COMMENT,
        )

    def _back(self, info: ConversationInfo, done: str, turn: int | None = None) -> Response:
        anchor = f"#beurt-{turn}" if turn else "#opmerkingen"
        extra = f"&beurt={turn}" if turn else ""
        return RedirectResponse(f"/review/gesprekken/{info.id}?gedaan={done}{extra}{anchor}", status_code=303)

    async def comment(self, request: Request) -> Response:
        """Add a comment to the conversation or to one of its turns."""
        viewer = await require_staff(self.review, request)
        info = await visible_conversation(self.review, request, viewer)
        form = await request.form()
        check_csrf(request, form.get(CSRF_FIELD))
        raw_turn = str(form.get("turn") or "")
        turn = int(raw_turn) if raw_turn.isdigit() else None
        text = str(form.get("text") or "")
        texts = review_texts()["transcript"]
        if not text.strip():
            return await self.show(request, texts["comment_empty"], 400)
        if len(text.strip()) > MAX_COMMENT:
            return await self.show(request, texts["comment_too_long"].format(max=MAX_COMMENT), 400)
        try:
            await self.review.run(comments.add_comment, info.id, viewer, text, turn)
        except CommentError as error:
            raise HTTPException(400) from error
        await self.review.run(audit.record, viewer, "comment", "conversation", info.id, f"beurt {turn}" if turn else "")
        return self._back(info, "opmerking", turn)

    async def delete_comment(self, request: Request) -> Response:
        """Delete a comment (its author or an admin)."""
        viewer = await require_staff(self.review, request)
        info = await visible_conversation(self.review, request, viewer)
        form = await request.form()
        check_csrf(request, form.get(CSRF_FIELD))
        comment_id = request.path_params["comment_id"]
        if not await self.review.run(comments.delete_comment, info.id, comment_id, viewer):
            raise HTTPException(404)
        detail = f"opmerking {comment_id}"
        await self.review.run(audit.record, viewer, "delete_comment", "conversation", info.id, detail)
        return self._back(info, "verwijderd")

    async def correct(self, request: Request) -> Response:
        """Store the corrected moves of one reply, per segment."""
        viewer = await require_staff(self.review, request)
        info = await visible_conversation(self.review, request, viewer)
        form = await request.form()
        check_csrf(request, form.get(CSRF_FIELD))
        raw_turn = str(form.get("turn") or "")
        view = await transcript_view(self.review, info)
        turn = next((t for t in view.turns if raw_turn.isdigit() and t.turn == int(raw_turn)), None)
        if turn is None:
            raise HTTPException(400)
        pieces = split_segments(turn.reply)
        if not pieces:
            raise HTTPException(400)
        segments = []
        for number, piece in enumerate(pieces, 1):
            labels = [str(value) for value in form.getlist(f"segment-{number}")]
            if any(label not in MOVES for label in labels):
                raise HTTPException(400)
            segments.append((piece, labels))
        original = turn.record.get("original_moves") or [m["label"] for m in turn.record.get("moves", [])]
        await self.review.run(
            corrections.save_correction, info.id, turn.turn, turn.reply, segments, list(original), viewer
        )
        chosen = sorted({label for _, labels in segments for label in labels})
        await self.review.run(
            audit.record, viewer, "correct", "conversation", info.id, f"beurt {turn.turn}: {', '.join(chosen) or '-'}"
        )
        return self._back(info, "correctie", turn.turn)

    async def undo(self, request: Request) -> Response:
        """Withdraw the correction of one turn."""
        viewer = await require_staff(self.review, request)
        info = await visible_conversation(self.review, request, viewer)
        form = await request.form()
        check_csrf(request, form.get(CSRF_FIELD))
        turn = request.path_params["turn"]
        if not await self.review.run(corrections.remove_correction, info.id, turn):
            raise HTTPException(404)
        await self.review.run(audit.record, viewer, "undo_correction", "conversation", info.id, f"beurt {turn}")
        return self._back(info, "ingetrokken", turn)
