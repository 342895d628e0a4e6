"""Plain, immutable records the storage API returns (no database session attached)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Trainer:
    """A trainer or admin."""

    id: int
    username: str
    display_name: str
    role: str
    created_at: datetime


@dataclass(frozen=True)
class Group:
    """A group of trainees and the trainer who owns it."""

    id: int
    name: str
    trainer_id: int
    created_at: datetime


@dataclass(frozen=True)
class Trainee:
    """A trainee; the personal code is never kept, only its hash."""

    id: int
    name: str
    group_id: int
    created_at: datetime


@dataclass(frozen=True)
class Conversation:
    """One practice conversation; ``sender_id`` is the Rasa conversation id."""

    id: int
    sender_id: str
    trainee_id: int
    scenario_id: str
    channel: str
    mode: str
    started_at: datetime
