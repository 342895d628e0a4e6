"""The audit log: who viewed, exported, changed or deleted what. Written by the review and the CLI.

Entries name the actor (a trainer, an admin or a shell user) and the target by kind and id; they
never copy what a trainee wrote, so erasing a trainee leaves no personal text behind here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from storage.database import Database, resolve
from storage.models import AuditRow
from storage.scope import Viewer

ACTIONS = (
    "login",
    "logout",
    "view_list",
    "view_transcript",
    "view_progress",
    "view_group",
    "view_corrections",
    "view_audit",
    "export_pdf",
    "export_csv",
    "export_corrections",
    "comment",
    "delete_comment",
    "correct",
    "undo_correction",
    "create_group",
    "create_trainee",
    "reset_code",
    "delete_trainee",
    "create_trainer",
    "set_password",
    "set_role",
)
DETAIL_LENGTH = 500


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log."""

    id: int
    at: datetime
    actor_kind: str
    actor_id: int | None
    actor_name: str
    action: str
    target_kind: str
    target_id: str | None
    detail: str


@dataclass(frozen=True)
class AuditPage:
    """A page of entries, newest first, and how many there are in all."""

    entries: list[AuditEntry]
    total: int


def record(
    actor: Viewer | str,
    action: str,
    target_kind: str,
    target_id: object = None,
    detail: str = "",
    *,
    db: Database | None = None,
) -> None:
    """Append an entry; ``actor`` is the signed-in viewer or the name of a shell user."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if isinstance(actor, Viewer):
        kind, actor_id, name = actor.role, actor.id, actor.name
    else:
        kind, actor_id, name = "shell", None, actor
    with resolve(db).session() as session:
        session.add(
            AuditRow(
                actor_kind=kind,
                actor_id=actor_id,
                actor_name=name[:200],
                action=action,
                target_kind=target_kind,
                target_id=None if target_id is None else str(target_id)[:100],
                detail=detail[:DETAIL_LENGTH],
            )
        )


def entries(
    *, action: str | None = None, page: int = 1, per_page: int = 50, db: Database | None = None
) -> AuditPage:
    """A page of the log, newest first, optionally of one action."""
    query = sa.select(AuditRow)
    count = sa.select(sa.func.count()).select_from(AuditRow)
    if action:
        query = query.where(AuditRow.action == action)
        count = count.where(AuditRow.action == action)
    query = query.order_by(AuditRow.id.desc()).limit(per_page).offset((max(1, page) - 1) * per_page)
    with resolve(db).session() as session:
        rows = session.execute(query).scalars().all()
        total = int(session.execute(count).scalar_one())
        return AuditPage(
            entries=[
                AuditEntry(
                    id=row.id,
                    at=row.at,
                    actor_kind=row.actor_kind,
                    actor_id=row.actor_id,
                    actor_name=row.actor_name,
                    action=row.action,
                    target_kind=row.target_kind,
                    target_id=row.target_id,
                    detail=row.detail,
                )
                for row in rows
            ],
            total=total,
        )
