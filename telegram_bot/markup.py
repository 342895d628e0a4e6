"""Telegram HTML: escaping, filling text templates, Dutch numbers.

Every message goes out with ``ParseMode.HTML``. Templates (texts.yml) are trusted markup; whatever
is filled into them (a trainee's reply, a resident's line, a name) is escaped unless it is already
:class:`Html` built by this module.
"""

from __future__ import annotations

import html
import string
from typing import Any


class Html(str):
    """A string that is already valid Telegram HTML (so it is not escaped again)."""

    __slots__ = ()


def escape(value: object) -> Html:
    """``value`` as text that Telegram shows literally: <, > and & escaped (quotes need not be)."""
    if isinstance(value, Html):
        return value
    return Html(html.escape(str(value), quote=False))


def fill(template: str, **values: Any) -> Html:
    """The template with every ``{name}`` replaced by the escaped value."""
    return Html(template.format_map({name: escape(value) for name, value in values.items()}))


def join(parts: list[Html], separator: str = "\n") -> Html:
    """Join markup pieces (the separator is trusted)."""
    return Html(separator.join(parts))


def placeholders(template: str) -> set[str]:
    """The ``{name}`` placeholders of a template."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def number(value: float, digits: int = 1) -> str:
    """A Dutch number: ``6,5``; whole numbers without decimals (``10``)."""
    rounded = round(float(value), digits)
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.{digits}f}".replace(".", ",")
