"""Read a conversation back from Rasa's tracker ``events`` table (read-only).

Rasa stores every event as JSON in ``events.data``; a user event carries the channel metadata the
client sent (the web chat sends ``message_id``), a bot event carries the custom payload under
``data.custom.data``, and the ``conversation`` slot holds the core's whole conversation state.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from storage.database import Database, resolve

EVENTS = sa.table(
    "events",
    sa.column("id", sa.Integer),
    sa.column("sender_id", sa.String),
    sa.column("type_name", sa.String),
    sa.column("data", sa.Text),
)
START_PREFIX = "/start_scenario"


@dataclass(frozen=True)
class Entry:
    """One message of a transcript: the trainee's (``user``) or the software's (``bot``)."""

    kind: str
    text: str
    message_id: str | None = None
    payload: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "kind": self.kind,
            "text": self.text,
            "message_id": self.message_id,
            "payload": self.payload,
        }


@dataclass(frozen=True)
class Transcript:
    """What the tracker holds for one sender id."""

    started: bool
    entries: list[Entry]
    state: dict[str, Any] | None
    """The latest value of the ``conversation`` slot (oefenavond.practice.ConversationState)."""
    message_ids: frozenset[str]
    """Every ``message_id`` a client sent in a user message's metadata, the start included."""

    @property
    def opening(self) -> str:
        """The resident's opening line ("" before the conversation started)."""
        return next(
            (str(entry.payload.get("resident_line") or entry.text) for entry in self.entries
             if entry.kind == "bot" and entry.payload and entry.payload.get("type") == "opening"),
            "",
        )

    def line_before(self, turn: int) -> str:
        """What the resident had just said when the trainee gave the reply of ``turn`` (from 1): the
        opening, or the line that answered the turn before ("" when the tracker does not hold it)."""
        if turn == 1:
            return self.opening
        records = (self.state or {}).get("records") or []
        previous = next((r for r in records if isinstance(r, dict) and r.get("turn") == turn - 1), {})
        return str(previous.get("resident") or "")


def _events(sender_id: str, db: Database) -> list[tuple[str, dict[str, Any]]]:
    query = (
        sa.select(EVENTS.c.type_name, EVENTS.c.data)
        .where(EVENTS.c.sender_id == sender_id)
        .where(EVENTS.c.type_name.in_(("user", "bot", "slot")))
        .order_by(EVENTS.c.id)
    )
    found: list[tuple[str, dict[str, Any]]] = []
    with db.engine.connect() as connection:
        if not sa.inspect(connection).has_table("events"):
            return found
        for type_name, data in connection.execute(query):
            try:
                event = json.loads(data) if isinstance(data, str) else dict(data or {})
            except json.JSONDecodeError:
                continue
            if isinstance(event, dict):
                found.append((str(type_name), event))
    return found


def read_transcript(sender_id: str, *, db: Database | None = None) -> Transcript:
    """The conversation as the trainee saw it: their replies and the payloads that answered them."""
    entries: list[Entry] = []
    message_ids: set[str] = set()
    started = False
    state: dict[str, Any] | None = None
    for type_name, event in _events(sender_id, resolve(db)):
        if type_name == "slot":
            if event.get("name") == "conversation" and isinstance(event.get("value"), dict):
                state = event["value"]
            continue
        text = str(event.get("text") or "")
        if type_name == "user":
            metadata = event.get("metadata") or {}
            message_id = metadata.get("message_id") if isinstance(metadata, dict) else None
            if isinstance(message_id, str):
                message_ids.add(message_id)
            if not text.startswith(START_PREFIX):
                entries.append(
                    Entry("user", text, message_id if isinstance(message_id, str) else None)
                )
            continue
        payload = _payload(event)
        if payload is not None:
            started = started or payload.get("type") == "opening"
            entries.append(Entry("bot", text, payload=payload))
    return Transcript(
        started=started, entries=entries, state=state, message_ids=frozenset(message_ids)
    )


def _payload(event: dict[str, Any]) -> dict[str, Any] | None:
    data = event.get("data") or {}
    custom = data.get("custom") if isinstance(data, dict) else None
    payload = custom.get("data") if isinstance(custom, dict) else None
    return payload if isinstance(payload, dict) else None
