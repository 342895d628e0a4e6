"""A migrated database per test: SQLite always, PostgreSQL on 127.0.0.1:5432 when it is there."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from storage import migrate
from storage.database import Database
from tests.conftest import need

POSTGRES_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"


def postgres_available() -> bool:
    """True when PostgreSQL answers on 127.0.0.1:5432 with trust auth for user postgres."""
    try:
        engine = sa.create_engine(POSTGRES_SERVER, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
        engine.dispose()
    except (sa.exc.SQLAlchemyError, ImportError):
        return False
    return True


@pytest.fixture()
def postgres_url() -> Iterator[str]:
    """A throwaway PostgreSQL database, dropped afterwards."""
    need(postgres_available(), "PostgreSQL is not reachable on 127.0.0.1:5432 (user postgres, trust auth)")
    name = f"oefenavond_test_{uuid.uuid4().hex[:12]}"
    server = sa.create_engine(POSTGRES_SERVER, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        with server.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


def _sqlite(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'oefenavond.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A migrated, empty database on each dialect."""
    url = request.getfixturevalue("postgres_url") if request.param == "postgresql" else _sqlite(tmp_path)
    database = Database(url)
    migrate.upgrade(database)
    yield database
    database.dispose()


@pytest.fixture()
def bare_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """An unmigrated SQLite database."""
    database = Database(_sqlite(tmp_path))
    yield database
    database.dispose()
