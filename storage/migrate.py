"""Apply the alembic migrations in storage/migrations (the web app does this at start)."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from storage.database import Database, resolve

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
RETRIES = 3


def alembic_config(connection: sa.engine.Connection | None = None) -> Config:
    """An alembic Config for storage/migrations, optionally bound to an open connection."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(db: Database | None = None, revision: str = "head") -> None:
    """Bring the schema to ``revision``; safe to call from several processes starting at once."""
    database = resolve(db)
    for attempt in range(RETRIES):
        try:
            with database.engine.begin() as connection:
                command.upgrade(alembic_config(connection), revision)
            return
        except sa.exc.SQLAlchemyError:
            # Another process (web app, Telegram bot) migrated at the same moment: look again.
            if attempt == RETRIES - 1:
                raise


def downgrade(db: Database | None = None, revision: str = "base") -> None:
    """Take the schema back to ``revision`` (tests and emergencies)."""
    with resolve(db).engine.begin() as connection:
        command.downgrade(alembic_config(connection), revision)


def current(db: Database | None = None) -> str | None:
    """The revision the database is at, or None before the first migration."""
    with resolve(db).engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head() -> str:
    """The newest revision in storage/migrations (what upgrade() brings a database to)."""
    found = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if found is None:  # pragma: no cover - the folder always holds migrations
        raise RuntimeError(f"no migrations in {MIGRATIONS}")
    return str(found)
