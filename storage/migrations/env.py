"""Alembic environment: runs on the connection storage.migrate hands over, or on DATABASE_URL."""

from __future__ import annotations

from alembic import context

from oefenavond.settings import Settings
from storage.database import Database
from storage.models import Base

config = context.config
target_metadata = Base.metadata


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Autogenerate looks only at our tables, never at Rasa's ``events``."""
    return not (type_ == "table" and name not in target_metadata.tables)


def run() -> None:
    """Run the migrations online."""
    connection = config.attributes.get("connection")
    if connection is None:
        database = Database(Settings.from_env().database_url)
        with database.engine.connect() as connection:
            _migrate(connection)
        database.dispose()
    else:
        _migrate(connection)


def _migrate(connection: object) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_name=include_name,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
