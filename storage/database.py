"""The connection to the database that Rasa's tracker store uses too."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from oefenavond.settings import Settings


class Database:
    """An engine and a session factory for one database URL."""

    def __init__(self, url: str) -> None:
        self.url = url
        connect_args: dict[str, object] = {}
        if url.startswith("sqlite"):
            # Rasa, the web app and the Telegram bot share the file: wait for locks, don't fail.
            connect_args = {"timeout": 30, "check_same_thread": False}
        elif url.startswith("postgres://"):
            url = "postgresql://" + url[len("postgres://") :]
        self.engine: Engine = sa.create_engine(
            url, future=True, pool_pre_ping=True, connect_args=connect_args
        )
        self._sessions = sessionmaker(self.engine, future=True, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits when the block ends normally and rolls back otherwise."""
        with self._sessions() as session, session.begin():
            yield session

    def reachable(self) -> bool:
        """True when a trivial query succeeds."""
        try:
            with self.engine.connect() as connection:
                connection.execute(sa.text("SELECT 1"))
        except sa.exc.SQLAlchemyError:
            return False
        return True

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


_default: Database | None = None
_lock = threading.Lock()


def default_database() -> Database:
    """The database named by ``DATABASE_URL``, created once per process."""
    global _default  # noqa: PLW0603 - one engine per process is the point
    with _lock:
        if _default is None:
            _default = Database(Settings.from_env().database_url)
        return _default


def resolve(db: Database | None) -> Database:
    """``db`` or the process-wide default."""
    return db if db is not None else default_database()
