"""The review's Dutch texts, loaded from web/content/review.yml (content is data)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from web.texts import read_texts

REVIEW_TEXTS = Path(__file__).resolve().parent.parent / "content" / "review.yml"
REQUIRED = ("nav", "login", "common", "list", "transcript", "moments", "groups", "group", "code", "trainee",
            "delete", "report", "audit", "mine", "debrief", "pdf", "csv", "chart")


@cache
def review_texts(path: Path = REVIEW_TEXTS) -> dict[str, Any]:
    """All review texts as nested dicts; raises TextsError naming what is missing."""
    return read_texts(path, REQUIRED)
