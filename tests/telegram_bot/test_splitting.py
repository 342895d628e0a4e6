"""Splitting Telegram HTML under the 4,096-character limit, and escaping."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from telegram_bot.markup import Html, escape, fill, number, placeholders
from telegram_bot.splitting import TELEGRAM_LIMIT, split_html


class TagChecker(HTMLParser):
    """Collects problems: unbalanced tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.problems.append(f"unexpected </{tag}>")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def well_formed(part: str) -> bool:
    checker = TagChecker()
    checker.feed(part)
    checker.close()
    return not checker.problems and not checker.stack and not re.search(r"&(?!(amp|lt|gt|quot|#\d+);)", part)


def visible(part: str) -> str:
    checker = TagChecker()
    checker.feed(part)
    return "".join(checker.text)


def test_short_text_is_one_message_and_empty_text_none() -> None:
    assert split_html("Hallo <b>daar</b>") == ["Hallo <b>daar</b>"]
    assert split_html("   \n ") == []


def test_long_text_is_cut_at_line_breaks_first() -> None:
    lines = [f"Regel {n}: " + "woord " * 20 for n in range(200)]
    parts = split_html("\n".join(lines))
    assert len(parts) > 1 and all(len(p) <= TELEGRAM_LIMIT for p in parts)
    assert all(p.rstrip().endswith("woord") for p in parts)  # every cut is at the end of a line
    assert " ".join(" ".join(p.split()) for p in parts) == " ".join(" ".join(lines).split())


def test_tags_open_at_a_cut_are_closed_and_reopened() -> None:
    text = "<b>" + "vet " * 2000 + "</b> en <i>schuin &amp; " + "x" * 5000 + "</i>"
    parts = split_html(text, limit=1000)
    assert all(len(p) <= 1000 and well_formed(p) for p in parts)
    assert parts[1].startswith("<b>")
    assert "".join(visible(p) for p in parts).replace(" ", "") == visible(text).replace(" ", "")


def test_entities_are_never_cut() -> None:
    text = escape("<&>" * 3000)
    parts = split_html(text, limit=500)
    assert all(well_formed(p) for p in parts)
    assert "".join(visible(p) for p in parts) == "<&>" * 3000


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["", "b", "i", "code"]), st.text(min_size=0, max_size=400)),
                min_size=1, max_size=40),
       st.integers(min_value=64, max_value=900))
def test_any_escaped_text_in_tags_splits_into_valid_parts(pieces: list[tuple[str, str]], limit: int) -> None:
    text = "".join(f"<{tag}>{escape(s)}</{tag}>" if tag else escape(s) for tag, s in pieces)
    parts = split_html(text, limit)
    assert all(len(p) <= limit for p in parts)
    assert all(well_formed(p) for p in parts)
    assert "".join("".join(visible(p).split()) for p in parts) == "".join(visible(text).split())


def test_escape_and_fill() -> None:
    assert escape("<script>alert('x') & co</script>") == "&lt;script&gt;alert('x') &amp; co&lt;/script&gt;"
    assert escape(Html("<b>al goed</b>")) == "<b>al goed</b>"
    assert escape(escape("&")) == "&amp;"  # escaped once, not twice
    assert fill("<b>{name}</b>: {line}", name="A<b>", line=Html("<i>ok</i>")) == "<b>A&lt;b&gt;</b>: <i>ok</i>"
    assert placeholders("{a} en {b}") == {"a", "b"}


def test_dutch_numbers() -> None:
    assert (number(6.5), number(10.0), number(7.44), number(0)) == ("6,5", "10", "7,4", "0")
