"""Who may see what: an admin everything, a trainer their own groups, a trainee their own conversations.

Every review query goes through :func:`visible_trainee_ids`, so the rule lives in one place. An
object outside the viewer's scope is reported as absent (None), never as forbidden.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.sql import Select

from storage.database import Database, resolve
from storage.models import ConversationRow, GroupRow, TraineeRow, TrainerRow
from storage.records import Group, Trainee, Trainer

ADMIN = "admin"
TRAINER = "trainer"
TRAINEE = "trainee"


@dataclass(frozen=True)
class Viewer:
    """The signed-in person: ``role`` admin, trainer or trainee, and their id in that table."""

    role: str
    id: int
    name: str

    @classmethod
    def of_trainer(cls, trainer: Trainer) -> Viewer:
        """A trainer or admin."""
        return cls(ADMIN if trainer.role == ADMIN else TRAINER, trainer.id, trainer.display_name)

    @classmethod
    def of_trainee(cls, trainee: Trainee) -> Viewer:
        """A trainee."""
        return cls(TRAINEE, trainee.id, trainee.name)

    @property
    def is_admin(self) -> bool:
        """True for an admin."""
        return self.role == ADMIN

    @property
    def is_staff(self) -> bool:
        """True for a trainer or an admin."""
        return self.role in (ADMIN, TRAINER)


@dataclass(frozen=True)
class ConversationInfo:
    """A conversation with the names the review shows beside it."""

    id: int
    sender_id: str
    trainee_id: int
    trainee_name: str
    group_id: int
    group_name: str
    trainer_id: int
    scenario_id: str
    channel: str
    mode: str
    started_at: datetime


@dataclass(frozen=True)
class TraineeInfo:
    """A trainee with their group's name and owner."""

    id: int
    name: str
    group_id: int
    group_name: str
    trainer_id: int
    created_at: datetime


def visible_trainee_ids(viewer: Viewer) -> Select:
    """A subquery of the trainee ids ``viewer`` may see."""
    if viewer.is_admin:
        return sa.select(TraineeRow.id)
    if viewer.role == TRAINER:
        return (
            sa.select(TraineeRow.id)
            .join(GroupRow, GroupRow.id == TraineeRow.group_id)
            .where(GroupRow.trainer_id == viewer.id)
        )
    if viewer.role == TRAINEE:
        return sa.select(TraineeRow.id).where(TraineeRow.id == viewer.id)
    return sa.select(TraineeRow.id).where(sa.false())


def conversation_columns() -> Select:
    """Conversations joined with their trainee and group (no scope applied)."""
    return (
        sa.select(
            ConversationRow.id,
            ConversationRow.sender_id,
            ConversationRow.trainee_id,
            TraineeRow.name.label("trainee_name"),
            GroupRow.id.label("group_id"),
            GroupRow.name.label("group_name"),
            GroupRow.trainer_id,
            ConversationRow.scenario_id,
            ConversationRow.channel,
            ConversationRow.mode,
            ConversationRow.started_at,
        )
        .join(TraineeRow, TraineeRow.id == ConversationRow.trainee_id)
        .join(GroupRow, GroupRow.id == TraineeRow.group_id)
    )


def conversation_info(row: sa.engine.Row) -> ConversationInfo:
    """A ConversationInfo from a row of :func:`conversation_columns`."""
    return ConversationInfo(
        id=row.id,
        sender_id=row.sender_id,
        trainee_id=row.trainee_id,
        trainee_name=row.trainee_name,
        group_id=row.group_id,
        group_name=row.group_name,
        trainer_id=row.trainer_id,
        scenario_id=row.scenario_id,
        channel=row.channel,
        mode=row.mode,
        started_at=row.started_at,
    )


def conversation_for(viewer: Viewer, conversation_id: int, *, db: Database | None = None) -> ConversationInfo | None:
    """The conversation if ``viewer`` may see it, else None."""
    query = conversation_columns().where(
        ConversationRow.id == conversation_id,
        ConversationRow.trainee_id.in_(visible_trainee_ids(viewer)),
    )
    with resolve(db).session() as session:
        row = session.execute(query).first()
        return conversation_info(row) if row else None


def _trainee_query() -> Select:
    return sa.select(
        TraineeRow.id,
        TraineeRow.name,
        TraineeRow.group_id,
        GroupRow.name.label("group_name"),
        GroupRow.trainer_id,
        TraineeRow.created_at,
    ).join(GroupRow, GroupRow.id == TraineeRow.group_id)


def _trainee_info(row: sa.engine.Row) -> TraineeInfo:
    return TraineeInfo(
        id=row.id,
        name=row.name,
        group_id=row.group_id,
        group_name=row.group_name,
        trainer_id=row.trainer_id,
        created_at=row.created_at,
    )


def trainee_for(viewer: Viewer, trainee_id: int, *, db: Database | None = None) -> TraineeInfo | None:
    """The trainee if ``viewer`` may see them, else None."""
    query = _trainee_query().where(TraineeRow.id == trainee_id, TraineeRow.id.in_(visible_trainee_ids(viewer)))
    with resolve(db).session() as session:
        row = session.execute(query).first()
        return _trainee_info(row) if row else None


def trainees_for(viewer: Viewer, group_id: int | None = None, *, db: Database | None = None) -> list[TraineeInfo]:
    """Every trainee ``viewer`` may see (optionally of one group), by name."""
    query = _trainee_query().where(TraineeRow.id.in_(visible_trainee_ids(viewer)))
    if group_id is not None:
        query = query.where(TraineeRow.group_id == group_id)
    with resolve(db).session() as session:
        rows = session.execute(query.order_by(TraineeRow.name, TraineeRow.id)).all()
        return [_trainee_info(row) for row in rows]


def group_for(viewer: Viewer, group_id: int, *, db: Database | None = None) -> Group | None:
    """The group if ``viewer`` may manage it (its trainer, or an admin), else None."""
    if not viewer.is_staff:
        return None
    with resolve(db).session() as session:
        row = session.get(GroupRow, group_id)
        if row is None or not (viewer.is_admin or row.trainer_id == viewer.id):
            return None
        return Group(id=row.id, name=row.name, trainer_id=row.trainer_id, created_at=row.created_at)


def groups_for(viewer: Viewer, *, db: Database | None = None) -> list[Group]:
    """The groups ``viewer`` may manage, by name."""
    if not viewer.is_staff:
        return []
    query = sa.select(GroupRow).order_by(GroupRow.name, GroupRow.id)
    if not viewer.is_admin:
        query = query.where(GroupRow.trainer_id == viewer.id)
    with resolve(db).session() as session:
        return [
            Group(id=row.id, name=row.name, trainer_id=row.trainer_id, created_at=row.created_at)
            for row in session.execute(query).scalars()
        ]


def trainer_names(*, db: Database | None = None) -> dict[int, str]:
    """Every trainer's display name by id (for an admin's overview)."""
    with resolve(db).session() as session:
        return dict(session.execute(sa.select(TrainerRow.id, TrainerRow.display_name)).all())  # type: ignore[arg-type]
