"""A tiny, safe Markdown subset for the scenarios' debrief texts: ## headings, - lists, **bold**.

Everything is HTML-escaped first; only these three constructs become markup.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)


def _inline(text: str) -> str:
    return BOLD.sub(r"<strong>\1</strong>", str(escape(" ".join(text.split()))))


def simple_markdown(text: str) -> Markup:
    """HTML for ``text``: blocks split on blank lines; '## ' → h3, '- ' items → ul, else p."""
    html: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = block.strip().splitlines()
        if not lines:
            continue
        if lines[0].startswith("## "):
            html.append(f"<h3>{_inline(lines[0][3:])}</h3>")
            lines = lines[1:]
            if not lines:
                continue
        if lines[0].lstrip().startswith("- "):
            items: list[str] = []
            for line in lines:
                if line.lstrip().startswith("- "):
                    items.append(line.lstrip()[2:])
                elif items:
                    items[-1] += " " + line.strip()
            html.append("<ul>" + "".join(f"<li>{_inline(item)}</li>" for item in items) + "</ul>")
        else:
            html.append(f"<p>{_inline(' '.join(lines))}</p>")
    # Safe: every piece of text above went through escape().
    return Markup("".join(html))
