"""Exports of the review: a transcript as PDF (the group CSV lives with the group screens)."""

from __future__ import annotations

from functools import partial

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from storage import audit
from web.review.auth import require_staff
from web.review.context import Review
from web.review.pdf import transcript_pdf
from web.review.texts import review_texts
from web.review.transcript import transcript_view, visible_conversation
from web.texts import load_texts


class Exports:
    """GET /review/gesprekken/{id}/pdf."""

    def __init__(self, review: Review) -> None:
        self.review = review

    def routes(self) -> list[Route]:
        """The export routes."""
        return [Route("/review/gesprekken/{conversation_id:int}/pdf", self.pdf, methods=["GET"])]

    async def pdf(self, request: Request) -> Response:
        """The printable transcript."""
        viewer = await require_staff(self.review, request)
        info = await visible_conversation(self.review, request, viewer)
        view = await transcript_view(self.review, info)
        title = self.review.title(info.scenario_id)
        body = await run_in_threadpool(
            partial(transcript_pdf, view, review_texts(), load_texts(), title, viewer.name)
        )
        await self.review.run(audit.record, viewer, "export_pdf", "conversation", info.id)
        return Response(
            body,
            media_type="application/pdf",
            headers={
                "Content-Disposition": f'attachment; filename="gesprek-{info.id}.pdf"',
                "Cache-Control": "no-store",
            },
        )
