"""Dutch feedback texts (content/feedback.yml), typed."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pydantic

from oefenavond.content import load_model
from oefenavond.moves.labels import MOVES

FEEDBACK_PATH = Path(__file__).resolve().parent / "content" / "feedback.yml"


class FeedbackTexts(pydantic.BaseModel, extra=pydantic.Extra.forbid):
    """Praise fragments per move, critiques per problem, and the guidance's tips."""

    praise: dict[str, str]
    critique: dict[str, str]
    neutral: str
    tips: dict[str, str]

    @pydantic.validator("praise")
    def _moves_only(cls, value: dict[str, str]) -> dict[str, str]:  # noqa: N805
        unknown = [k for k in value if k not in MOVES]
        if unknown:
            raise ValueError(f"unknown move(s) {unknown}")
        return value


@cache
def load_feedback(path: Path = FEEDBACK_PATH) -> FeedbackTexts:
    """The shipped feedback texts, loaded once."""
    return load_model(path, FeedbackTexts)
