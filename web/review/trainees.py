"""A trainee's progress (LSD and grade over their conversations, as charts and a table), a new
personal code, and deleting the trainee with everything of theirs after a confirmation.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from storage import accounts, audit, conversations
from storage.conversation_list import ListedConversation, conversations_of
from storage.records import Group
from storage.scope import TraineeInfo, Viewer, trainee_for
from web.review.auth import require_staff
from web.review.charts import Series, line_chart
from web.review.context import Review
from web.review.conversation_list import refresh_scope
from web.review.formatting import day
from web.review.texts import review_texts
from web.security import CSRF_FIELD, check_csrf
from web.texts import load_texts


async def visible_trainee(review: Review, request: Request, viewer: Viewer) -> TraineeInfo:
    """The trainee in the path if the viewer may see them; 404 otherwise."""
    found = await review.run(trainee_for, viewer, request.path_params["trainee_id"])
    if found is None:
        raise HTTPException(404)
    return found


def progress_charts(review: Review, rows: list[ListedConversation]) -> tuple[object, object]:
    """The LSD chart and the grade chart over the conversations with at least one reply."""
    texts, ui = review_texts(), load_texts()
    graded = [row for row in rows if row.grade is not None]
    labels = [
        texts["chart"]["conversation"].format(
            number=i + 1, scenario=review.title(row.info.scenario_id), date=day(row.info.started_at)
        )
        for i, row in enumerate(graded)
    ]
    description = texts["trainee"]["chart_desc"]
    lsd = line_chart(
        "lsd-grafiek",
        texts["trainee"]["lsd_chart"],
        description,
        [
            Series("luisteren", ui["lsd"]["luisteren"], [row.luisteren for row in graded]),
            Series("samenvatten", ui["lsd"]["samenvatten"], [row.samenvatten for row in graded]),
            Series("doorvragen", ui["lsd"]["doorvragen"], [row.doorvragen for row in graded]),
        ],
        labels,
        0,
        3,
        [0, 1, 2, 3],
        texts["chart"]["x_axis"],
    )
    grade = line_chart(
        "cijfer-grafiek",
        texts["trainee"]["grade_chart"],
        description,
        [Series("cijfer", texts["chart"]["grade"], [row.grade for row in graded])],
        labels,
        1,
        10,
        [1, 4, 5.5, 7, 8.5, 10],
        texts["chart"]["x_axis"],
    )
    return lsd, grade


class TraineeScreens:
    """/review/deelnemers/{id}: progress, a new code, deletion."""

    def __init__(self, review: Review) -> None:
        self.review = review

    def routes(self) -> list[Route]:
        """The trainee routes."""
        base = "/review/deelnemers/{trainee_id:int}"
        return [
            Route(base, self.show, methods=["GET"]),
            Route(f"{base}/nieuwe-code", self.new_code, methods=["POST"]),
            Route(f"{base}/verwijderen", self.confirm, methods=["GET"]),
            Route(f"{base}/verwijderen", self.delete, methods=["POST"]),
        ]

    async def _rows(self, viewer: Viewer, trainee: TraineeInfo) -> list[ListedConversation]:
        await refresh_scope(self.review, viewer)
        return await self.review.run(conversations_of, viewer, trainee_id=trainee.id)

    async def show(self, request: Request) -> Response:
        """Charts of LSD and grade over the conversations, and the conversations themselves."""
        viewer = await require_staff(self.review, request)
        trainee = await visible_trainee(self.review, request, viewer)
        rows = await self._rows(viewer, trainee)
        await self.review.run(audit.record, viewer, "view_progress", "trainee", trainee.id)
        lsd_chart, grade_chart = progress_charts(self.review, rows) if rows else (None, None)
        return self.review.page(
            request,
            "review/trainee.html",
            section="groepen",
            trainee=trainee,
            rows=rows,
            lsd_chart=lsd_chart,
            grade_chart=grade_chart,
            title=self.review.title,
        )

    async def new_code(self, request: Request) -> Response:
        """A new personal code (the old one stops working), shown this once."""
        viewer = await require_staff(self.review, request)
        trainee = await visible_trainee(self.review, request, viewer)
        form = await request.form()
        check_csrf(request, form.get(CSRF_FIELD))
        code = await self.review.run(accounts.reset_code, trainee.id)
        await self.review.run(audit.record, viewer, "reset_code", "trainee", trainee.id)
        group = Group(trainee.group_id, trainee.group_name, trainee.trainer_id, trainee.created_at)
        return self.review.page(
            request, "review/code.html", section="groepen", name=trainee.name, code=code,
            trainee_id=trainee.id, group=group,
        )

    async def confirm(self, request: Request, error: str | None = None, status_code: int = 200) -> Response:
        """What deleting removes, and the confirmation form."""
        viewer = await require_staff(self.review, request)
        trainee = await visible_trainee(self.review, request, viewer)
        rows = await self.review.run(conversations_of, viewer, trainee_id=trainee.id)
        return self.review.page(
            request, "review/delete.html", status_code, section="groepen", trainee=trainee, count=len(rows),
            error=error,
        )

    async def delete(self, request: Request) -> Response:
        """Delete the trainee when their name was typed as confirmation."""
        viewer = await require_staff(self.review, request)
        trainee = await visible_trainee(self.review, request, viewer)
        form = await request.form()
        check_csrf(request, form.get(CSRF_FIELD))
        if str(form.get("confirm") or "").strip() != trainee.name.strip():
            return await self.confirm(request, review_texts()["delete"]["mismatch"], 400)
        erased = await self.review.run(conversations.delete_trainee, trainee.id)
        await self.review.run(
            audit.record, viewer, "delete_trainee", "trainee", trainee.id,
            f"groep {trainee.group_id}: {erased.conversations} gesprekken, {erased.events} tracker-events",
        )
        notice = review_texts()["delete"]["done"].format(
            name=trainee.name, conversations=erased.conversations, events=erased.events
        )
        return self.review.page(
            request, "review/deleted.html", section="groepen", notice=notice, group_id=trainee.group_id
        )
