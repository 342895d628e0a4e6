"""Trainers, groups, trainees and their personal codes; Telegram links to trainees.

The API the web app, the Telegram bot and the trainer review call. Every function takes an optional
``db``; without it the database named by ``DATABASE_URL`` is used.
"""

from __future__ import annotations

import sqlalchemy as sa

from storage.credentials import (
    code_lookup,
    hash_secret,
    needs_rehash,
    new_code,
    normalise_code,
    verify_secret,
)
from storage.database import Database, resolve
from storage.models import ROLES, GroupRow, TelegramLinkRow, TraineeRow, TrainerRow
from storage.records import Group, Trainee, Trainer

MAX_CODE_ATTEMPTS = 20


class AccountError(ValueError):
    """An account operation that cannot be done (unknown id, duplicate username, bad role)."""


def _trainer(row: TrainerRow) -> Trainer:
    return Trainer(
        id=row.id,
        username=row.username,
        display_name=row.display_name,
        role=row.role,
        created_at=row.created_at,
    )


def _group(row: GroupRow) -> Group:
    return Group(id=row.id, name=row.name, trainer_id=row.trainer_id, created_at=row.created_at)


def _trainee(row: TraineeRow) -> Trainee:
    return Trainee(id=row.id, name=row.name, group_id=row.group_id, created_at=row.created_at)


# Trainers --------------------------------------------------------------------------------


def create_trainer(
    username: str,
    display_name: str,
    password: str,
    role: str = "trainer",
    *,
    db: Database | None = None,
) -> Trainer:
    """Create a trainer (or admin) with an argon2-hashed password."""
    username = username.strip()
    if not username:
        raise AccountError("a trainer needs a username")
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    if not password:
        raise AccountError("a trainer needs a password")
    with resolve(db).session() as session:
        if session.execute(sa.select(TrainerRow.id).filter_by(username=username)).first():
            raise AccountError(f"username {username!r} is taken")
        row = TrainerRow(
            username=username,
            display_name=display_name.strip() or username,
            password_hash=hash_secret(password),
            role=role,
        )
        session.add(row)
        session.flush()
        return _trainer(row)


def trainer_by_username(username: str, *, db: Database | None = None) -> Trainer | None:
    """The trainer with this username, or None."""
    with resolve(db).session() as session:
        row = session.execute(sa.select(TrainerRow).filter_by(username=username.strip())).scalar()
        return _trainer(row) if row else None


def authenticate_trainer(
    username: str, password: str, *, db: Database | None = None
) -> Trainer | None:
    """The trainer when the password matches, else None (rehashes an outdated hash on success)."""
    with resolve(db).session() as session:
        row = session.execute(sa.select(TrainerRow).filter_by(username=username.strip())).scalar()
        if row is None or not verify_secret(row.password_hash, password):
            return None
        if needs_rehash(row.password_hash):
            row.password_hash = hash_secret(password)
        return _trainer(row)


def get_trainer(trainer_id: int, *, db: Database | None = None) -> Trainer | None:
    """The trainer with this id, or None."""
    with resolve(db).session() as session:
        row = session.get(TrainerRow, trainer_id)
        return _trainer(row) if row else None


def set_trainer_role(trainer_id: int, role: str, *, db: Database | None = None) -> None:
    """Make a trainer an admin, or an admin a trainer."""
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    with resolve(db).session() as session:
        row = session.get(TrainerRow, trainer_id)
        if row is None:
            raise AccountError(f"no trainer with id {trainer_id}")
        row.role = role


def set_trainer_password(trainer_id: int, password: str, *, db: Database | None = None) -> None:
    """Replace a trainer's password."""
    if not password:
        raise AccountError("a trainer needs a password")
    with resolve(db).session() as session:
        row = session.get(TrainerRow, trainer_id)
        if row is None:
            raise AccountError(f"no trainer with id {trainer_id}")
        row.password_hash = hash_secret(password)


def list_trainers(*, db: Database | None = None) -> list[Trainer]:
    """All trainers by username."""
    with resolve(db).session() as session:
        rows = session.execute(sa.select(TrainerRow).order_by(TrainerRow.username)).scalars()
        return [_trainer(row) for row in rows]


# Groups ----------------------------------------------------------------------------------


def create_group(name: str, trainer_id: int, *, db: Database | None = None) -> Group:
    """Create a group owned by a trainer."""
    name = name.strip()
    if not name:
        raise AccountError("a group needs a name")
    with resolve(db).session() as session:
        if session.get(TrainerRow, trainer_id) is None:
            raise AccountError(f"no trainer with id {trainer_id}")
        row = GroupRow(name=name, trainer_id=trainer_id)
        session.add(row)
        session.flush()
        return _group(row)


def get_group(group_id: int, *, db: Database | None = None) -> Group | None:
    """The group with this id, or None."""
    with resolve(db).session() as session:
        row = session.get(GroupRow, group_id)
        return _group(row) if row else None


def list_groups(trainer_id: int | None = None, *, db: Database | None = None) -> list[Group]:
    """All groups, or one trainer's, by name."""
    query = sa.select(GroupRow).order_by(GroupRow.name, GroupRow.id)
    if trainer_id is not None:
        query = query.filter_by(trainer_id=trainer_id)
    with resolve(db).session() as session:
        return [_group(row) for row in session.execute(query).scalars()]


# Trainees and codes ----------------------------------------------------------------------


def create_trainee(name: str, group_id: int, *, db: Database | None = None) -> tuple[Trainee, str]:
    """Create a trainee and return it with its personal code: the only time the code is readable."""
    name = name.strip()
    if not name:
        raise AccountError("a trainee needs a name")
    database = resolve(db)
    with database.session() as session:
        if session.get(GroupRow, group_id) is None:
            raise AccountError(f"no group with id {group_id}")
        code = _unused_code(session)
        row = TraineeRow(
            name=name, group_id=group_id, code_hash=hash_secret(code), code_lookup=code_lookup(code)
        )
        session.add(row)
        session.flush()
        return _trainee(row), code


def reset_code(trainee_id: int, *, db: Database | None = None) -> str:
    """Give a trainee a new personal code (the old one stops working) and return it."""
    with resolve(db).session() as session:
        row = session.get(TraineeRow, trainee_id)
        if row is None:
            raise AccountError(f"no trainee with id {trainee_id}")
        code = _unused_code(session)
        row.code_hash = hash_secret(code)
        row.code_lookup = code_lookup(code)
        return code


def _unused_code(session: sa.orm.Session) -> str:
    for _ in range(MAX_CODE_ATTEMPTS):
        code = new_code()
        if _match(session, code) is None:
            return code
    raise AccountError("could not find an unused code")  # pragma: no cover - 40 bits of randomness


def _match(session: sa.orm.Session, code: str) -> TraineeRow | None:
    normalised = normalise_code(code)
    if not normalised:
        return None
    candidates = session.execute(
        sa.select(TraineeRow).filter_by(code_lookup=code_lookup(normalised))
    ).scalars()
    row: TraineeRow
    for row in candidates:
        if verify_secret(row.code_hash, normalised):
            return row
    return None


def trainee_by_code(code: str, *, db: Database | None = None) -> Trainee | None:
    """The trainee whose personal code this is (case, spaces and dashes ignored), or None."""
    with resolve(db).session() as session:
        row = _match(session, code)
        return _trainee(row) if row else None


def get_trainee(trainee_id: int, *, db: Database | None = None) -> Trainee | None:
    """The trainee with this id, or None."""
    with resolve(db).session() as session:
        row = session.get(TraineeRow, trainee_id)
        return _trainee(row) if row else None


def list_trainees(group_id: int | None = None, *, db: Database | None = None) -> list[Trainee]:
    """All trainees, or one group's, by name."""
    query = sa.select(TraineeRow).order_by(TraineeRow.name, TraineeRow.id)
    if group_id is not None:
        query = query.filter_by(group_id=group_id)
    with resolve(db).session() as session:
        return [_trainee(row) for row in session.execute(query).scalars()]


# Telegram --------------------------------------------------------------------------------


def link_telegram(trainee_id: int, telegram_user_id: int, *, db: Database | None = None) -> None:
    """Link a Telegram account to a trainee; a Telegram account links to one trainee at a time."""
    with resolve(db).session() as session:
        if session.get(TraineeRow, trainee_id) is None:
            raise AccountError(f"no trainee with id {trainee_id}")
        row = session.get(TelegramLinkRow, telegram_user_id)
        if row is None:
            session.add(TelegramLinkRow(telegram_user_id=telegram_user_id, trainee_id=trainee_id))
        else:
            row.trainee_id = trainee_id


def unlink_telegram(telegram_user_id: int, *, db: Database | None = None) -> bool:
    """Remove a Telegram link; True when there was one."""
    with resolve(db).session() as session:
        result = session.execute(
            sa.delete(TelegramLinkRow).filter_by(telegram_user_id=telegram_user_id)
        )
        return bool(result.rowcount)


def trainee_by_telegram(telegram_user_id: int, *, db: Database | None = None) -> Trainee | None:
    """The trainee linked to this Telegram account, or None."""
    with resolve(db).session() as session:
        row = session.execute(
            sa.select(TraineeRow)
            .join(TelegramLinkRow, TelegramLinkRow.trainee_id == TraineeRow.id)
            .filter(TelegramLinkRow.telegram_user_id == telegram_user_id)
        ).scalar()
        return _trainee(row) if row else None
