"""Groups: the list and a new group; a group with its trainees, a new trainee (code shown once),
the grade distribution per scenario and the results as CSV.
"""

from __future__ import annotations

from collections import defaultdict
from statistics import mean

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from storage import accounts, audit
from storage.accounts import AccountError
from storage.conversation_list import ListedConversation, conversations_of
from storage.records import Group
from storage.scope import Viewer, group_for, groups_for, trainees_for
from web.review.auth import require_staff
from web.review.charts import bucket_counts, distribution_chart
from web.review.context import Review
from web.review.conversation_list import refresh_scope
from web.review.csv_export import results_csv
from web.review.texts import review_texts
from web.security import CSRF_FIELD, check_csrf

MAX_NAME = 200


def _figures(rows: list[ListedConversation]) -> dict[str, object]:
    """A trainee's number of conversations, average grade and last practice."""
    grades = [row.grade for row in rows if row.grade is not None]
    return {
        "count": len(rows),
        "average": mean(grades) if grades else None,
        "last": max((row.info.started_at for row in rows), default=None),
    }


async def managed_group(review: Review, request: Request, viewer: Viewer) -> Group:
    """The group in the path if the viewer may manage it; 404 otherwise."""
    found = await review.run(group_for, viewer, request.path_params["group_id"])
    if found is None:
        raise HTTPException(404)
    return found


class GroupScreens:
    """/review/groepen and /review/groepen/{id}."""

    def __init__(self, review: Review) -> None:
        self.review = review

    def routes(self) -> list[Route]:
        """The group routes."""
        return [
            Route("/review/groepen", self.index, methods=["GET"]),
            Route("/review/groepen", self.create, methods=["POST"]),
            Route("/review/groepen/{group_id:int}", self.show, methods=["GET"]),
            Route("/review/groepen/{group_id:int}/deelnemers", self.add_trainee, methods=["POST"]),
            Route("/review/groepen/{group_id:int}/resultaten.csv", self.csv, methods=["GET"]),
        ]

    async def index(self, request: Request, error: str | None = None, status_code: int = 200) -> Response:
        """The viewer's groups and the form for a new one."""
        viewer = await require_staff(self.review, request)
        groups = await self.review.run(groups_for, viewer)
        trainees = await self.review.run(trainees_for, viewer)
        counts: dict[int, int] = defaultdict(int)
        for trainee in trainees:
            counts[trainee.group_id] += 1
        trainers = await self.review.run(accounts.list_trainers) if viewer.is_admin else []
        return self.review.page(
            request,
            "review/groups.html",
            status_code,
            section="groepen",
            groups=groups,
            counts=counts,
            trainers=trainers,
            owners={t.id: t.display_name for t in trainers},
            error=error,
        )

    async def create(self, request: Request) -> Response:
        """Create a group owned by the viewer (an admin may pick another trainer)."""
        viewer = await require_staff(self.review, request)
        form = await request.form()
        check_csrf(request, form.get(CSRF_FIELD))
        name = str(form.get("name") or "").strip()[:MAX_NAME]
        if not name:
            return await self.index(request, review_texts()["groups"]["name_needed"], 400)
        owner = viewer.id
        raw_owner = str(form.get("owner") or "")
        if viewer.is_admin and raw_owner.isdigit():
            owner = int(raw_owner)
        try:
            group = await self.review.run(accounts.create_group, name, owner)
        except AccountError as error:
            raise HTTPException(400) from error
        await self.review.run(audit.record, viewer, "create_group", "group", group.id)
        return RedirectResponse(f"/review/groepen/{group.id}?nieuw=1", status_code=303)

    async def _rows(self, viewer: Viewer, group: Group) -> list[ListedConversation]:
        await refresh_scope(self.review, viewer)
        return await self.review.run(conversations_of, viewer, group_id=group.id)

    async def show(self, request: Request, error: str | None = None, status_code: int = 200) -> Response:
        """The group: trainees with their figures, a new trainee, the distribution per scenario."""
        viewer = await require_staff(self.review, request)
        group = await managed_group(self.review, request, viewer)
        trainees = await self.review.run(trainees_for, viewer, group.id)
        rows = await self._rows(viewer, group)
        await self.review.run(audit.record, viewer, "view_group", "group", group.id)
        texts = review_texts()
        per_trainee: dict[int, list[ListedConversation]] = defaultdict(list)
        per_scenario: dict[str, list[float]] = defaultdict(list)
        for row in rows:
            per_trainee[row.info.trainee_id].append(row)
            if row.grade is not None:
                per_scenario[row.info.scenario_id].append(row.grade)
        summary = {trainee.id: _figures(per_trainee[trainee.id]) for trainee in trainees}
        scenarios = sorted(per_scenario, key=self.review.title)
        chart = distribution_chart(
            "verdeling",
            texts["group"]["distribution"],
            texts["group"]["distribution_intro"],
            [(self.review.title(s), bucket_counts(per_scenario[s])) for s in scenarios],
            texts["chart"]["buckets"],
        ) if scenarios else None
        stats = [
            {
                "title": self.review.title(s),
                "count": len(per_scenario[s]),
                "mean": mean(per_scenario[s]),
                "low": min(per_scenario[s]),
                "high": max(per_scenario[s]),
            }
            for s in scenarios
        ]
        notice = texts["groups"]["created"].format(name=group.name) if "nieuw" in request.query_params else None
        return self.review.page(
            request,
            "review/group.html",
            status_code,
            section="groepen",
            group=group,
            trainees=trainees,
            summary=summary,
            chart=chart,
            stats=stats,
            error=error,
            notice=notice,
        )

    async def add_trainee(self, request: Request) -> Response:
        """Create a trainee and show their personal code, this once."""
        viewer = await require_staff(self.review, request)
        group = await managed_group(self.review, request, viewer)
        form = await request.form()
        check_csrf(request, form.get(CSRF_FIELD))
        name = str(form.get("name") or "").strip()[:MAX_NAME]
        if not name:
            return await self.show(request, review_texts()["group"]["name_needed"], 400)
        trainee, code = await self.review.run(accounts.create_trainee, name, group.id)
        await self.review.run(audit.record, viewer, "create_trainee", "trainee", trainee.id, f"groep {group.id}")
        return self.review.page(
            request, "review/code.html", 201, section="groepen", name=trainee.name, code=code,
            trainee_id=trainee.id, group=group,
        )

    async def csv(self, request: Request) -> Response:
        """The group's results, one line per conversation."""
        viewer = await require_staff(self.review, request)
        group = await managed_group(self.review, request, viewer)
        rows = await self._rows(viewer, group)
        await self.review.run(audit.record, viewer, "export_csv", "group", group.id, f"{len(rows)} gesprekken")
        body = results_csv(rows, self.review.title, review_texts())
        return Response(
            "\ufeff" + body,
            media_type="text/csv; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="groep-{group.id}-resultaten.csv"',
                "Cache-Control": "no-store",
            },
        )
