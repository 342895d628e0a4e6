"""The transcript as PDF: a real PDF, every turn, and hostile text kept as text."""

from __future__ import annotations

import re
import zlib

from storage.comments import add_comment
from storage.scope import Viewer, conversation_for
from tests.review.conftest import HOSTILE, World
from web.review.pdf import transcript_pdf
from web.review.texts import review_texts
from web.review.view import load_view
from web.texts import load_texts


def test_pdf_download(world: World) -> None:
    response = world.login("anna").get(f"/review/gesprekken/{world.ids['c_good']}/pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == f'attachment; filename="gesprek-{world.ids["c_good"]}.pdf"'
    body = response.content
    assert body.startswith(b"%PDF-") and body.rstrip().endswith(b"%%EOF")
    assert len(re.findall(rb"/Type /Page\b", body)) >= 2


def _pdf_text(body: bytes) -> str:
    """The text-showing strings of an uncompressed PDF (enough to look for words)."""
    return " ".join(part.decode("latin-1") for part in re.findall(rb"\((.*?)\) Tj", body))


def test_pdf_holds_every_turn_and_keeps_markup_as_text(world: World) -> None:
    anna = Viewer("trainer", world.ids["anna"], "Anna Trainer")
    info = conversation_for(anna, world.ids["c_hostile"], db=world.db)
    assert info is not None
    add_comment(info.id, anna, "<b>vet</b> & <font size=40>groot</font>", db=world.db)
    view = load_view(world.app.state.library, info, db=world.db)
    body = transcript_pdf(view, review_texts(), load_texts(), "Bos", "Anna", compress=False,
                          font=("Helvetica", "Helvetica-Bold"))
    text = _pdf_text(body).replace("\\(", "(").replace("\\)", ")")
    assert "Beurt 1" in text and f"Beurt {len(view.turns)}" in text
    squeezed = re.sub(r"\s+", "", text)  # reportlab places words one by one
    assert "<script>alert" in squeezed  # shown as the characters the trainee typed
    assert "<b>vet</b>&<fontsize=40>groot</font>" in squeezed
    assert max(len(run) for run in re.findall(r"A+", text)) <= 40  # the long word, broken over lines


def test_pdf_with_dejavu_renders_names_outside_latin_1(world: World) -> None:
    anna = Viewer("trainer", world.ids["anna"], "Anna Trainer")
    info = conversation_for(anna, world.ids["c_good"], db=world.db)
    assert info is not None
    add_comment(info.id, anna, "Şükrü en Łukasz: prima ✓ " + HOSTILE, db=world.db)
    view = load_view(world.app.state.library, info, db=world.db)
    body = transcript_pdf(view, review_texts(), load_texts(), "Ilse", "Anna")
    assert body.startswith(b"%PDF-") and zlib is not None
