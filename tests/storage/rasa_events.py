"""Rows as Rasa's SQL tracker store writes them, for tests that must not start Rasa."""

from __future__ import annotations

import json
import time
from typing import Any

import sqlalchemy as sa

from storage.database import Database

METADATA = sa.MetaData()
EVENTS = sa.Table(
    "events",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255), nullable=False, index=True),
    sa.Column("type_name", sa.String(255), nullable=False),
    sa.Column("timestamp", sa.Float),
    sa.Column("intent_name", sa.String(255)),
    sa.Column("action_name", sa.String(255)),
    sa.Column("data", sa.Text),
)


def create_events_table(db: Database) -> None:
    """The ``events`` table with Rasa 3.6's columns."""
    METADATA.create_all(db.engine)


def _add(db: Database, sender_id: str, type_name: str, event: dict[str, Any]) -> None:
    event = {"event": type_name, "timestamp": time.time(), **event}
    with db.engine.begin() as connection:
        connection.execute(
            EVENTS.insert().values(
                sender_id=sender_id, type_name=type_name, timestamp=event["timestamp"], data=json.dumps(event)
            )
        )


def add_user(db: Database, sender_id: str, text: str, message_id: str | None = None) -> None:
    """A user message with the web chat's metadata."""
    metadata: dict[str, Any] = {"channel": "web", "model_id": "test"}
    if message_id:
        metadata["message_id"] = message_id
    _add(db, sender_id, "user", {"text": text, "metadata": metadata, "parse_data": {}})


def add_bot(db: Database, sender_id: str, payload: dict[str, Any]) -> None:
    """A bot message with text and custom payload, as action_resident_turn sends it."""
    _add(
        db,
        sender_id,
        "bot",
        {
            "text": payload.get("resident_line") or payload.get("text"),
            "data": {"custom": {"data": payload}, "buttons": None},
        },
    )


def add_slot(db: Database, sender_id: str, value: dict[str, Any]) -> None:
    """The ``conversation`` slot."""
    _add(db, sender_id, "slot", {"name": "conversation", "value": value})


def count_events(db: Database, sender_id: str) -> int:
    """How many events ``sender_id`` has."""
    with db.engine.connect() as connection:
        query = sa.select(sa.func.count()).select_from(EVENTS).where(EVENTS.c.sender_id == sender_id)
        return int(connection.execute(query).scalar_one())
