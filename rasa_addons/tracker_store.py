"""Rasa's SQL tracker store, made to survive a database restart.

Rasa 3.6's ``SQLTrackerStore`` keeps pooled connections without checking them and does not retry:
after PostgreSQL restarts, the first reads and writes fail, and a failed write after the actions ran
loses the turn while the trainee already saw the answer. This store checks each connection before
use (``pool_pre_ping``) and retries reads and writes for up to DATABASE_RETRY_SECONDS. Retrying a
write is safe: Rasa's save appends only the events the table does not hold yet, so a write that
committed before its connection broke is not stored twice.

Selected in deploy/endpoints.scaled.yml with ``type: rasa_addons.tracker_store.RetryingSQLTrackerStore``.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, TypeVar

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import sessionmaker

from oefenavond.settings import Settings

logger = logging.getLogger(__name__)
T = TypeVar("T")
FIRST_DELAY = 0.2
MAX_DELAY = 2.0


class RetryingSQLTrackerStore(SQLTrackerStore):  # type: ignore[misc]
    """SQL tracker store with pre-pinged connections and retried reads and writes."""

    engine: sa.engine.Engine

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sessionmaker(bind=self.engine)
        self.retry_seconds = float(Settings.from_env().database_retry_seconds)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Append the tracker's new events; retried while the database is unreachable."""
        parent = super().save
        await self._retrying(f"save {tracker.sender_id}", lambda: parent(tracker))

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        parent = super()._retrieve
        result: DialogueStateTracker | None = await self._retrying(
            f"read {sender_id}", lambda: parent(sender_id, fetch_events_from_all_sessions)
        )
        return result

    async def keys(self) -> Iterable[str]:
        """All conversation ids; retried while the database is unreachable."""
        parent = super().keys
        result: Iterable[str] = await self._retrying("keys", parent)
        return result

    async def _retrying(self, what: str, call: Callable[[], Awaitable[T]]) -> T:
        deadline = time.monotonic() + self.retry_seconds
        delay = FIRST_DELAY
        while True:
            try:
                return await call()
            except (OperationalError, InterfaceError) as error:
                if time.monotonic() + delay > deadline:
                    logger.error("tracker store: %s failed, giving up after %.0f s: %s", what,
                                 self.retry_seconds, error.orig or error)
                    raise
                logger.warning("tracker store: %s failed (%s); retrying in %.1f s", what,
                               str(error.orig or error).strip().splitlines()[0], delay)
                await asyncio.sleep(delay)
                delay = min(MAX_DELAY, delay * 2)
