"""texts.yml: every text is valid Telegram HTML and every placeholder gets filled."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from telegram_bot.application import commands
from telegram_bot.markup import fill, placeholders
from telegram_bot.texts import load_texts

ALLOWED = {"b", "i", "u", "s", "code", "pre", "a", "blockquote", "tg-spoiler"}


class TelegramHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED:
            self.problems.append(f"<{tag}> is not supported by Telegram")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.problems.append(f"</{tag}> does not close the open tag")

    def handle_entityref(self, name: str) -> None:
        if name not in ("lt", "gt", "amp", "quot"):
            self.problems.append(f"&{name}; is not supported by Telegram")


def all_texts() -> list[tuple[str, str]]:
    texts = load_texts()
    found = []
    for name, value in texts.dict().items():
        if isinstance(value, dict):
            found += [(f"{name}.{key}", str(item)) for key, item in value.items()]
        else:
            found.append((name, str(value)))
    return found


@pytest.mark.parametrize(("name", "text"), all_texts())
def test_every_text_is_telegram_html(name: str, text: str) -> None:
    filled = fill(text, **{p: "x<y>&z" for p in placeholders(text)})
    parser = TelegramHtml()
    parser.feed(filled)
    parser.close()
    assert not parser.problems and not parser.stack, f"{name}: {parser.problems or parser.stack}"
    assert not re.search(r"<(?![a-z/])|&(?![a-z]+;|#\d+;)", filled), f"{name}: a bare < or &"
    assert len(filled) < 4096


def test_the_command_menu_has_every_command_with_a_dutch_description() -> None:
    menu = {c.command: c.description for c in commands(load_texts())}
    assert set(menu) == {"start", "drill", "gesprek", "stop", "score", "help", "privacy", "verwijder"}
    assert list(menu)[:2] == ["drill", "gesprek"]
