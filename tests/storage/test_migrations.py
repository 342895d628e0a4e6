"""The alembic migrations: they create what the models describe, and leave Rasa's table alone."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from storage import migrate
from storage.database import Database
from storage.models import Base
from tests.storage.rasa_events import add_user, count_events, create_events_table

OURS = {
    "trainers", "groups", "trainees", "conversations", "telegram_links",
    "review_login_attempts", "review_comments", "review_corrections", "review_audit", "review_summaries",
}


def _tables(db: Database) -> set[str]:
    return set(sa.inspect(db.engine).get_table_names())


def test_upgrade_creates_the_tables_and_is_idempotent(bare_db: Database) -> None:
    assert migrate.current(bare_db) is None
    migrate.upgrade(bare_db)
    migrate.upgrade(bare_db)
    assert migrate.current(bare_db) == migrate.head() == "0002"
    assert _tables(bare_db) >= OURS


def test_models_match_the_migrations(db: Database) -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_name": lambda name, type_, parents: type_ != "table" or name in OURS}
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_downgrade_drops_only_our_tables(bare_db: Database) -> None:
    create_events_table(bare_db)
    add_user(bare_db, "web-1", "hallo")
    migrate.upgrade(bare_db)
    migrate.downgrade(bare_db)
    assert not OURS & _tables(bare_db)
    assert count_events(bare_db, "web-1") == 1
