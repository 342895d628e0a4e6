"""Trainer sign-in attempts in the database: a rate limit per username and address.

In the database rather than in memory, so the limit holds across restarts and several web
processes. Old attempts are pruned as new ones are recorded.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from storage.database import Database, resolve
from storage.models import LoginAttemptRow, utcnow

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)
KEEP = timedelta(days=1)


def _key(username: str, address: str) -> tuple[str, str]:
    return username.strip().lower()[:80], address[:64]


def blocked(
    username: str,
    address: str,
    *,
    limit: int = MAX_FAILURES,
    window: timedelta = WINDOW,
    db: Database | None = None,
) -> bool:
    """True when this username from this address failed ``limit`` times within ``window``."""
    name, where = _key(username, address)
    since = utcnow() - window
    query = (
        sa.select(sa.func.count())
        .select_from(LoginAttemptRow)
        .where(
            LoginAttemptRow.username == name,
            LoginAttemptRow.address == where,
            LoginAttemptRow.success.is_(False),
            LoginAttemptRow.at > since,
        )
    )
    with resolve(db).session() as session:
        return int(session.execute(query).scalar_one()) >= limit


def record(username: str, address: str, success: bool, *, db: Database | None = None) -> None:
    """Note an attempt; a success clears the earlier failures of this username and address."""
    name, where = _key(username, address)
    with resolve(db).session() as session:
        session.execute(sa.delete(LoginAttemptRow).where(LoginAttemptRow.at < utcnow() - KEEP))
        if success:
            session.execute(
                sa.delete(LoginAttemptRow).where(
                    LoginAttemptRow.username == name, LoginAttemptRow.address == where
                )
            )
        session.add(LoginAttemptRow(username=name, address=where, success=success))
