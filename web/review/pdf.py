"""A transcript as a printable PDF for a coaching conversation (reportlab).

Everything from the tracker or from people (replies, names, comments) goes through
``xml.sax.saxutils.escape`` before it becomes a reportlab Paragraph, whose text is a small markup
language: a reply like ``<b>`` or ``<font>`` stays text. Long unbroken strings are split.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from web.review.formatting import decimal, move_names, when
from web.review.view import TranscriptView, TurnView

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
LONG_WORD = 40
"""Unbroken runs longer than this get break opportunities, so a page never overflows."""


@cache
def fonts() -> tuple[str, str]:
    """DejaVu Sans (all of Unicode that Dutch names need) when installed, else Helvetica."""
    try:
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONT_DIR / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    except (TTFError, OSError):
        return "Helvetica", "Helvetica-Bold"
    return "DejaVuSans", "DejaVuSans-Bold"


def _breakable(word: str) -> str:
    """A zero-width space every LONG_WORD characters, where reportlab may then break the line."""
    return "\u200b".join(word[i : i + LONG_WORD] for i in range(0, len(word), LONG_WORD)) or word


def text(value: object) -> str:
    """Paragraph markup for plain text: escaped, newlines kept, very long words breakable."""
    words = [_breakable(word) for word in str(value).split(" ")]
    return escape(" ".join(words)).replace("\n", "<br/>")


def _styles(regular: str, bold: str) -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontName=regular, fontSize=9.5, leading=12.5)
    return {
        "title": ParagraphStyle("title", parent=base["Title"], fontName=bold, fontSize=16, leading=20),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], fontName=bold, fontSize=12, leading=15, spaceBefore=8),
        "h3": ParagraphStyle("h3", parent=base["Heading3"], fontName=bold, fontSize=10.5, leading=13, spaceBefore=6),
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8.5, leading=11, textColor=colors.HexColor("#4a5560")),
        "missed": ParagraphStyle("missed", parent=body, textColor=colors.HexColor("#7a3e00")),
    }


class _Story:
    """The flowables of one transcript PDF, section by section."""

    def __init__(self, view: TranscriptView, texts: Mapping[str, Any], ui: Mapping[str, Any], font: tuple[str, str]):
        self.view, self.texts, self.ui = view, texts, ui
        self.tr, self.common = texts["transcript"], texts["common"]
        self.style = _styles(*font)
        self.resident = view.scenario.resident.name if view.scenario else self.tr["resident"]
        self.items: list[Any] = []

    def para(self, value: object, style: str = "body", markup: str = "") -> None:
        """A paragraph of escaped text, with optional leading markup of our own."""
        self.items.append(Paragraph(markup + text(value), self.style[style]))

    def header(self, title: str) -> None:
        """Title and the facts table."""
        tr, common, info, view = self.tr, self.common, self.view.info, self.view
        self.para(self.texts["pdf"]["title"], "title")
        self.para(tr["title"].format(name=info.trainee_name, scenario=title), "h2")
        facts = [
            (tr["trainee"], info.trainee_name),
            (tr["group"], info.group_name),
            (tr["started"], when(info.started_at)),
            (tr["channel"], common["channels"].get(info.channel, info.channel)),
            (tr["mode"], common["modes"].get(info.mode, info.mode)),
            (tr["outcome"], common["outcomes"].get(view.scored.outcome, view.scored.outcome)),
        ]
        if view.scored.scorecard is not None:
            facts.append((tr["grade"], decimal(view.scored.scorecard.grade)))
        table = Table(
            [[Paragraph(text(k), self.style["small"]), Paragraph(text(v), self.style["body"])] for k, v in facts],
            colWidths=[35 * mm, 135 * mm],
        )
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
        self.items += [table, Spacer(1, 4 * mm)]

    def scorecard(self) -> None:
        """Grade, LSD, explanation and tips."""
        tr, card, scored = self.tr, self.view.scored.scorecard, self.view.scored
        if card is None:
            return
        self.para(tr["scorecard"], "h2")
        if scored.corrected_turns:
            note = tr["corrected_turns"].format(count=scored.corrected_turns)
            self.para(note + " " + tr["original_grade"].format(grade=decimal(scored.original_grade)), "small")
        lsd = ", ".join(f"{self.ui['lsd'][k]} {decimal(v)}" for k, v in card.lsd.items())
        self.para(f"{tr['lsd']}: {lsd}")
        for line in card.explanation:
            self.para(line)
        self.para(tr["tips"], "h3")
        for tip in card.tips:
            self.para(f"• {tip}")

    def concern(self) -> None:
        """Where the hidden concern came out, and the trainer's comments on the conversation."""
        tr, view = self.tr, self.view
        self.para(tr["concern_heading"], "h2")
        found = view.concern.found_turn
        self.para(tr["concern_found"].format(turn=found) if found else tr["concern_missed"])
        if view.scenario is not None:
            self.para(f"{tr['hidden']}: {view.scenario.hidden_concern}")
        if view.comments:
            self.para(tr["comments_heading"], "h2")
            for comment in view.comments:
                self.para(f"{comment.author_name}: {comment.text}")

    def turns(self) -> None:
        """The opening and every turn, each kept together on a page where it fits."""
        tr = self.tr
        self.para(tr["turns_heading"], "h2")
        if self.view.opening:
            self.para(self.view.opening, markup=f"<b>{text(tr['opening'])} · {text(self.resident)}:</b> ")
        for turn in self.view.turns:
            before = len(self.items)
            self._turn(turn)
            block, self.items = self.items[before:], self.items[:before]
            self.items.append(KeepTogether(block))

    def _turn(self, turn: TurnView) -> None:
        tr, ui, record = self.tr, self.ui, turn.record
        heading = f"{tr['turn'].format(turn=turn.turn)} · {tr['score'].format(score=decimal(record['score']))}"
        self.para(heading + (f" · {tr['corrected_badge']}" if turn.correction else ""), "h3")
        self.para(turn.reply, markup=f"<b>{text(tr['reply'])}:</b> ")
        self.para(turn.resident_line, markup=f"<b>{text(self.resident)}:</b> ")
        moves = ", ".join(
            f"{ui['moves'].get(m['label'], m['label'])} ({round(float(m['confidence']) * 100)}%)" for m in turn.moves
        )
        self.para(f"{tr['moves']}: {moves or tr['no_moves']}", "small")
        if turn.correction:
            found = move_names(turn.correction.original_moves, ui["moves"]) or tr["no_moves"]
            self.para(tr["model_found"].format(moves=found), "small")
        lsd = " · ".join(f"{ui['lsd'][k]} {v}/3" for k, v in record["lsd"].items())
        mood = ui["moods"].get(turn.mood, turn.mood)
        state = tr["state"].format(emotion=turn.emotion, mood=mood, trust=turn.trust, stage=turn.stage)
        self.para(f"LSD: {lsd} · {tr['after']}: {state}", "small")
        self.para(f"{tr['feedback_corrected' if turn.correction else 'feedback']}: {record['feedback']}")
        if record.get("better_reply"):
            self.para(f"{tr['better']}: {record['better_reply']}")
        for line in turn.missed:
            self.para(f"{tr['missed_heading']}: {line}", "missed")
        for comment in turn.comments:
            self.para(f"{comment.author_name}: {comment.text}", "small")


def transcript_pdf(
    view: TranscriptView,
    texts: Mapping[str, Any],
    ui: Mapping[str, Any],
    title: str,
    author: str,
    *,
    compress: bool = True,
    font: tuple[str, str] | None = None,
) -> bytes:
    """The PDF of one transcript; ``texts`` are the review's, ``ui`` the web app's texts."""
    regular, bold = font or fonts()
    story = _Story(view, texts, ui, (regular, bold))
    story.header(title)
    story.scorecard()
    story.concern()
    story.turns()
    generated = texts["pdf"]["generated"].format(date=when(datetime.now(timezone.utc)), name=author)

    def footer(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(regular, 7.5)
        canvas.setFillColor(colors.HexColor("#4a5560"))
        canvas.drawString(18 * mm, 10 * mm, generated)
        canvas.drawRightString(192 * mm, 10 * mm, texts["pdf"]["page"].format(page=document.page))
        canvas.restoreState()

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=texts["pdf"]["title"],
        author=author,
        pageCompression=1 if compress else 0,
    )
    document.build(story.items, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
