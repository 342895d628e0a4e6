"""The audit log page, for admins: who viewed, exported, changed or deleted what."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from storage import audit
from web.review.auth import require_admin
from web.review.context import Review

PER_PAGE = 50


class AuditLog:
    """GET /review/audit."""

    def __init__(self, review: Review) -> None:
        self.review = review

    def routes(self) -> list[Route]:
        """The audit page's route."""
        return [Route("/review/audit", self.show, methods=["GET"])]

    async def show(self, request: Request) -> Response:
        """A page of the log, newest first, optionally of one action."""
        viewer = await require_admin(self.review, request)
        action = request.query_params.get("handeling", "")
        action = action if action in audit.ACTIONS else ""
        raw_page = request.query_params.get("pagina", "1")
        page = int(raw_page) if raw_page.isdigit() and int(raw_page) > 0 else 1
        found = await self.review.run(audit.entries, action=action or None, page=page, per_page=PER_PAGE)
        pages = max(1, -(-found.total // PER_PAGE))
        await self.review.run(audit.record, viewer, "view_audit", "audit")

        def link(number: int) -> str:
            query = {"handeling": action, "pagina": number} if action else {"pagina": number}
            return "/review/audit?" + urlencode(query)

        return self.review.page(
            request,
            "review/audit.html",
            section="audit",
            found=found,
            actions=audit.ACTIONS,
            action=action,
            page=page,
            pages=pages,
            previous_link=link(page - 1) if page > 1 else None,
            next_link=link(page + 1) if page < pages else None,
        )
