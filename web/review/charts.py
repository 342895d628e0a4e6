"""Charts as inline SVG, drawn on the server: no script, no CDN, allowed by the CSP.

Every text in a chart goes through ``markupsafe.escape``; colours come from CSS classes in
review.css (presentation, not inline styles, which the Content-Security-Policy forbids).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 640
HEIGHT = 240
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 16, 36


@dataclass(frozen=True)
class Series:
    """One line: a CSS class, a legend label and a value per point (None: no value there)."""

    css: str
    label: str
    values: Sequence[float | None]


def _x(index: int, count: int) -> float:
    inner = WIDTH - LEFT - RIGHT
    return LEFT + (inner / 2 if count <= 1 else inner * index / (count - 1))


def _y(value: float, low: float, high: float) -> float:
    inner = HEIGHT - TOP - BOTTOM
    return TOP + inner * (1 - (value - low) / (high - low))


def line_chart(
    chart_id: str,
    title: str,
    description: str,
    series: Sequence[Series],
    point_labels: Sequence[str],
    low: float,
    high: float,
    ticks: Sequence[float],
    x_label: str,
) -> Markup:
    """A line chart with one line per series over the points (oldest left)."""
    count = len(point_labels)
    parts = [
        f'<svg class="chart" id="{escape(chart_id)}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>',
    ]
    for tick in ticks:
        y = _y(tick, low, high)
        label = f"{tick:g}".replace(".", ",")
        parts.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(f'<text class="tick" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(label)}</text>')
    for index in range(count):
        parts.append(
            f'<text class="tick" x="{_x(index, count):.1f}" y="{HEIGHT - BOTTOM + 16}" '
            f'text-anchor="middle">{index + 1}</text>'
        )
    parts.append(
        f'<text class="axis-label" x="{(LEFT + WIDTH - RIGHT) / 2:.0f}" y="{HEIGHT - 4}" '
        f'text-anchor="middle">{escape(x_label)}</text>'
    )
    for line in series:
        points = [
            (_x(i, count), _y(v, low, high), v) for i, v in enumerate(line.values) if v is not None
        ]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in points)
            parts.append(f'<polyline class="line {escape(line.css)}" fill="none" points="{path}"/>')
        for (x, y, value), label in zip(points, [point_labels[i] for i, v in enumerate(line.values) if v is not None],
                                         strict=True):
            shown = f"{value:.1f}".replace(".", ",")
            parts.append(
                f'<circle class="dot {escape(line.css)}" cx="{x:.1f}" cy="{y:.1f}" r="4">'
                f"<title>{escape(line.label)} {escape(shown)} · {escape(label)}</title></circle>"
            )
    parts.append("</svg>")
    legend = "".join(
        f'<li><span class="swatch {escape(line.css)}" aria-hidden="true"></span>{escape(line.label)}</li>'
        for line in series
    )
    # Safe: every text above went through escape(); numbers are formatted by us.
    return Markup("".join(parts) + f'<ul class="legend">{legend}</ul>')


BUCKETS = ((1.0, 4.0), (4.0, 5.5), (5.5, 7.0), (7.0, 8.5), (8.5, 10.01))


def bucket_counts(grades: Sequence[float]) -> list[int]:
    """How many grades fall in each of BUCKETS (1–4, 4–5.5, 5.5–7, 7–8.5, 8.5–10)."""
    return [sum(1 for g in grades if low <= g < high) for low, high in BUCKETS]


def distribution_chart(
    chart_id: str, title: str, description: str, rows: Sequence[tuple[str, Sequence[int]]], bucket_labels: Sequence[str]
) -> Markup:
    """Horizontal stacked bars: per scenario, how many conversations per grade range."""
    bar, gap, label_width = 22, 12, 270
    height = TOP + len(rows) * (bar + gap) + 8
    most = max((sum(counts) for _, counts in rows), default=0) or 1
    scale = (WIDTH - label_width - RIGHT - 30) / most
    parts = [
        f'<svg class="chart distribution" id="{escape(chart_id)}" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>',
    ]
    for row, (name, counts) in enumerate(rows):
        y = TOP + row * (bar + gap)
        short = name if len(name) <= 32 else name[:31] + "…"
        parts.append(f'<text class="tick" x="{label_width - 8}" y="{y + bar * 0.7:.1f}" text-anchor="end">'
                     f"<title>{escape(name)}</title>{escape(short)}</text>")
        x = float(label_width)
        for index, count in enumerate(counts):
            if not count:
                continue
            width = count * scale
            parts.append(
                f'<rect class="bucket-{index}" x="{x:.1f}" y="{y}" width="{width:.1f}" height="{bar}">'
                f"<title>{escape(name)}: {escape(bucket_labels[index])}: {count}</title></rect>"
            )
            x += width
        parts.append(f'<text class="tick" x="{x + 6:.1f}" y="{y + bar * 0.7:.1f}">{sum(counts)}</text>')
    parts.append("</svg>")
    legend = "".join(
        f'<li><span class="swatch bucket-{i}" aria-hidden="true"></span>{escape(label)}</li>'
        for i, label in enumerate(bucket_labels)
    )
    # Safe: every text above went through escape().
    return Markup("".join(parts) + f'<ul class="legend">{legend}</ul>')
