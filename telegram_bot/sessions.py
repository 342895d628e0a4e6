"""The conversation a Telegram user is having, kept as plain data in PTB's ``user_data``.

Plain data (not objects) so the state survives a restart through PTB's persistence file and a
code change cannot make an old file unreadable.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

KEY = "session"
DRILL, GESPREK = "drill", "gesprek"


@dataclass
class Session:
    """One running conversation: a drill or a full /gesprek."""

    kind: str
    sender_id: str
    scenario_id: str
    mode: str = "oefen"
    rounds: int = 3
    """For a drill: how many replies it takes; for a gesprek: unused."""
    turns: list[dict[str, Any]] = field(default_factory=list)
    """Per answered reply: its score and LSD sub-scores."""
    pending: list[str] = field(default_factory=list)
    """Messages for Rasa not delivered yet (Rasa down): sent first, in order, on the next try."""
    opened: bool = False

    @property
    def done(self) -> bool:
        """True when a drill has had all its rounds."""
        return self.kind == DRILL and len(self.turns) >= self.rounds

    def to_dict(self) -> dict[str, Any]:
        """Plain data for user_data."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Session:
        """Inverse of to_dict; unknown keys (from another version) are ignored."""
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        return cls(**known)


def load(user_data: dict[Any, Any] | None) -> Session | None:
    """The user's running session, or None."""
    data = (user_data or {}).get(KEY)
    if not isinstance(data, dict):
        return None
    try:
        return Session.from_dict(data)
    except TypeError:
        return None


def save(user_data: dict[Any, Any] | None, session: Session | None) -> None:
    """Store the session, or forget it (None)."""
    if user_data is None:
        return
    if session is None:
        user_data.pop(KEY, None)
    else:
        user_data[KEY] = session.to_dict()
