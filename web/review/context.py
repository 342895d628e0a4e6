"""What every review screen shares: the database, the scenarios, the renderer, and page helpers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse

from oefenavond.scenario import Library
from storage.database import Database
from web.rendering import Renderer
from web.review import formatting
from web.review.texts import review_texts

T = TypeVar("T")


@dataclass
class Review:
    """The review's shared services."""

    db: Database
    library: Library
    render: Renderer

    def __post_init__(self) -> None:
        filters = self.render.env.filters
        filters.setdefault("when", formatting.when)
        filters.setdefault("day", formatting.day)
        filters.setdefault("nl", formatting.decimal)
        filters.setdefault("signed", formatting.signed)
        filters.setdefault("move_names", formatting.move_names)

    async def run(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Call a blocking (database) function in the thread pool with this database."""
        return await run_in_threadpool(partial(function, *args, db=self.db, **kwargs))

    def page(self, request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        """A review page: the texts as ``r``, the signed-in viewer as ``viewer``."""
        context.setdefault("viewer", getattr(request.state, "viewer", None))
        context.setdefault("notice", None)
        context.setdefault("section", "")
        return self.render.page(request, template, status_code, r=review_texts(), **context)

    def title(self, scenario_id: str) -> str:
        """A scenario's title for lists and headings."""
        return formatting.scenario_title(self.library, scenario_id, review_texts()["common"]["unknown_scenario"])
