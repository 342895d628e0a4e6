"""The debrief texts' Markdown subset: headings, lists, bold, and nothing else."""

from __future__ import annotations

from web.markup import simple_markdown


def test_headings_lists_bold_and_paragraphs() -> None:
    html = simple_markdown("## Wat helpt\n\n- **Benoemen.** Niet\n  wegpraten.\n- Doorvragen\n\nEen **vet** woord.")
    assert html == (
        "<h3>Wat helpt</h3><ul><li><strong>Benoemen.</strong> Niet wegpraten.</li><li>Doorvragen</li></ul>"
        "<p>Een <strong>vet</strong> woord.</p>"
    )


def test_everything_else_is_escaped() -> None:
    html = simple_markdown('<script>alert(1)</script> **<img src=x onerror="x()">**')
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "<strong>&lt;img" in html
