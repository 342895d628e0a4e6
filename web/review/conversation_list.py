"""The conversation list: filters (trainee, group, scenario, channel, dates, grade, hidden concern),
sorting and paging, over the cached summaries (refreshed for what changed first).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from storage import summaries
from storage.conversation_list import SORTS, Filters, list_conversations, scenario_ids
from storage.models import CHANNELS
from storage.scope import Viewer, groups_for, trainees_for, visible_trainee_ids
from web.review.auth import require_staff
from web.review.context import Review
from web.review.formatting import LOCAL
from web.review.scoring import summarizer
from web.review.texts import review_texts

FIELDS = ("deelnemer", "groep", "scenario", "kanaal", "van", "tot", "cijfer_min", "cijfer_max", "vraag",
          "sorteer", "richting", "pagina")


def _int(value: str) -> int:
    if not value.isdigit():
        raise ValueError(value)
    return int(value)


def _grade(value: str) -> float:
    grade = float(value.replace(",", "."))
    if not 1 <= grade <= 10:
        raise ValueError(value)
    return grade


def _day(value: str) -> datetime:
    return datetime.combine(date.fromisoformat(value), time(0), tzinfo=LOCAL)


def parse_filters(query: Mapping[str, str]) -> tuple[Filters, list[str]]:
    """Filters from the query string, and the names of the fields that could not be read."""
    values: dict[str, Any] = {}
    invalid: list[str] = []
    readers = {
        "deelnemer": ("trainee_id", _int),
        "groep": ("group_id", _int),
        "cijfer_min": ("grade_min", _grade),
        "cijfer_max": ("grade_max", _grade),
        "van": ("started_from", _day),
        "tot": ("started_before", lambda v: _day(v) + timedelta(days=1)),
        "pagina": ("page", _int),
    }
    for field, (name, read) in readers.items():
        raw = query.get(field, "").strip()
        if not raw:
            continue
        try:
            values[name] = read(raw)
        except ValueError:
            invalid.append(field)
    scenario = query.get("scenario", "").strip()
    if scenario:
        values["scenario_id"] = scenario[:100]
    channel = query.get("kanaal", "")
    if channel in CHANNELS:
        values["channel"] = channel
    elif channel:
        invalid.append("kanaal")
    concern = query.get("vraag", "")
    if concern in ("ja", "nee"):
        values["concern"] = concern == "ja"
    elif concern:
        invalid.append("vraag")
    sort = query.get("sorteer", "datum")
    values["sort"] = sort if sort in SORTS else "datum"
    values["descending"] = query.get("richting", "af") != "op"
    return Filters(**values), invalid


def page_link(query: Mapping[str, str], page: int) -> str:
    """The list URL with the same filters on another page."""
    kept = {key: value for key, value in query.items() if key in FIELDS and key != "pagina" and value}
    kept["pagina"] = str(page)
    return "/review/gesprekken?" + urlencode(kept)


async def refresh_scope(review: Review, viewer: Viewer) -> None:
    """Recompute the summaries of the viewer's conversations that changed."""
    await review.run(summaries.refresh, summarizer(review.library), trainee_ids=visible_trainee_ids(viewer))


class ConversationList:
    """GET /review/gesprekken."""

    def __init__(self, review: Review) -> None:
        self.review = review

    def routes(self) -> list[Route]:
        """The list's route."""
        return [Route("/review/gesprekken", self.show, methods=["GET"])]

    async def show(self, request: Request) -> Response:
        """The filtered, sorted page of conversations."""
        viewer = await require_staff(self.review, request)
        query = {key: request.query_params.get(key, "") for key in FIELDS}
        filters, invalid = parse_filters(query)
        await refresh_scope(self.review, viewer)
        found = await self.review.run(list_conversations, viewer, filters)
        trainees = await self.review.run(trainees_for, viewer)
        groups = await self.review.run(groups_for, viewer)
        scenarios = await self.review.run(scenario_ids, viewer)
        known = {s.id for s in self.review.library} | set(scenarios)
        texts = review_texts()["list"]
        notice = texts["invalid"].format(fields=", ".join(invalid)) if invalid else None
        return self.review.page(
            request,
            "review/list.html",
            section="gesprekken",
            found=found,
            query=query,
            trainees=trainees,
            groups=groups,
            scenarios=sorted(known, key=self.review.title),
            title=self.review.title,
            sorts=SORTS,
            channels=CHANNELS,
            previous_link=page_link(query, found.page - 1) if found.page > 1 else None,
            next_link=page_link(query, found.page + 1) if found.page < found.pages else None,
            notice=notice,
        )
