"""Jinja2 templates (autoescaped, strict) with the UI texts available as ``t``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse

from web.markup import simple_markdown
from web.security import CSRF_FIELD, csrf_token
from web.texts import fill, load_texts

TEMPLATES = Path(__file__).resolve().parent / "templates"


def environment() -> jinja2.Environment:
    """The template environment: HTML autoescaping on, a missing text is an error."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["fill"] = fill
    env.filters["markdown"] = simple_markdown
    env.filters["percent"] = lambda value: f"{round(float(value) * 100)}"
    env.filters["decimal"] = lambda value, places=1: f"{float(value):.{places}f}".replace(".", ",")
    return env


class Renderer:
    """Renders a template with the request, the texts, the CSRF token and the signed-in trainee."""

    def __init__(self) -> None:
        self.env = environment()

    def page(
        self, request: Request, template: str, status_code: int = 200, **context: Any
    ) -> HTMLResponse:
        """An HTML response of ``template``."""
        context.setdefault("trainee", getattr(request.state, "trainee", None))
        html = self.env.get_template(template).render(
            request=request,
            t=load_texts(),
            csrf_field=CSRF_FIELD,
            csrf=csrf_token(request) if "session" in request.scope else "",
            **context,
        )
        return HTMLResponse(html, status_code=status_code, headers={"Cache-Control": "no-store"})
