"""Split Telegram HTML into messages under Telegram's 4,096-character limit.

Cuts prefer a line break, then a space; a word longer than a quarter of the limit is cut inside.
A cut never falls inside a tag or an entity (``&amp;``), and tags open at a cut are closed at the
end of one message and opened again at the start of the next, so every part is valid on its own.
"""

from __future__ import annotations

import re

TELEGRAM_LIMIT = 4096
"""Telegram's maximum length of one message's text."""

_UNIT = re.compile(r"<[^<>]*>|&#?\w+;|\s+|[^<&\s]+|[<&]")
_TAG_NAME = re.compile(r"</?\s*([A-Za-z][\w-]*)")

Stack = tuple[tuple[str, str], ...]
"""The open tags at a point: (name, opening tag) from outermost to innermost."""


def split_html(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """``text`` as a list of well-formed messages of at most ``limit`` characters, none empty."""
    if limit < 64:
        raise ValueError("limit must leave room for tags (at least 64)")
    if len(text) <= limit:
        return [text] if text.strip() else []
    units = _units(text, limit // 4)
    parts: list[str] = []
    stack: Stack = ()
    while units:
        part, units, stack = _take(units, stack, limit)
        if _visible(part):
            parts.append(part)
    return parts


def _units(text: str, longest: int) -> list[str]:
    """Tags, entities, runs of whitespace and words (long words cut into pieces)."""
    units: list[str] = []
    for unit in _UNIT.findall(text):
        if unit[0] in "<&" or unit.isspace():
            units.append(unit)
        else:
            units.extend(unit[i : i + longest] for i in range(0, len(unit), longest))
    return units


def _apply(stack: Stack, unit: str) -> Stack:
    """The open tags after ``unit``."""
    if not unit.startswith("<") or unit.endswith("/>"):
        return stack
    match = _TAG_NAME.match(unit)
    if match is None:
        return stack
    name = match.group(1).lower()
    if unit.startswith("</"):
        for index in range(len(stack) - 1, -1, -1):
            if stack[index][0] == name:
                return stack[:index] + stack[index + 1 :]
        return stack
    return (*stack, (name, unit))


def _closing(stack: Stack) -> str:
    return "".join(f"</{name}>" for name, _ in reversed(stack))


def _take(units: list[str], stack: Stack, limit: int) -> tuple[str, list[str], Stack]:
    """One message from the start of ``units``: (message, the units left, tags open at the cut)."""
    opening = "".join(tag for _, tag in stack)
    size = len(opening)
    line_break: tuple[int, Stack, int] | None = None  # (cut before unit, open tags, size so far)
    space: tuple[int, Stack, int] | None = None
    for index, unit in enumerate(units):
        after = _apply(stack, unit)
        if index and size + len(unit) + len(_closing(after)) > limit:
            if line_break and (line_break[2] * 2 >= limit or space is None):
                cut, stack, _ = line_break
            elif space:
                cut, stack, _ = space
            else:
                cut = index
            body = "".join(units[:cut]).rstrip()
            rest = units[cut:]
            while rest and rest[0].isspace():
                rest = rest[1:]
            return opening + body + _closing(stack), rest, stack
        stack = after
        size += len(unit)
        if unit.isspace():
            if "\n" in unit:
                line_break = (index + 1, stack, size)
            space = (index + 1, stack, size)
    return opening + "".join(units) + _closing(stack), [], ()


def _visible(part: str) -> bool:
    """True when a message shows something (not only tags and whitespace)."""
    return bool(re.sub(r"<[^<>]*>", "", part).strip())
