"""The software's own Dutch messages (content/messages.yml)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pydantic

from oefenavond.content import load_model

MESSAGES_PATH = Path(__file__).resolve().parent / "content" / "messages.yml"


class Messages(pydantic.BaseModel, extra=pydantic.Extra.forbid):
    """Every message the software says to a trainee in its own voice."""

    no_scenario: str
    unknown_scenario: str
    ended: str
    unscorable: str
    service_down: str
    actions_down: str


@cache
def load_messages(path: Path = MESSAGES_PATH) -> Messages:
    """The shipped messages, loaded once."""
    return load_model(path, Messages)
