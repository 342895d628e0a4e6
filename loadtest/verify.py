"""After a run: is every turn of every conversation in the SQL tracker store, in order, exactly once?

Read straight from Rasa's ``events`` table (SQLite or PostgreSQL). Per conversation:

1. the user messages in the table are exactly the messages the trainee knows arrived, by
   ``message_id``, in the order sent: none missing, none twice, none foreign;
2. every message the trainee got an answer to has exactly one bot answer in the table;
3. the conversation slot's turn records (what the resident engine scored) hold exactly the replies
   that were answered with a turn, in order.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy

from loadtest.run import Conversation, LoadResult
from loadtest.safety import check_loopback


@dataclass
class Verification:
    """What the tracker store holds compared with what the trainees sent."""

    conversations: int = 0
    turns: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No turn lost, duplicated or out of order."""
        return not self.problems


def read_events(database_url: str, prefix: str) -> dict[str, list[dict[str, Any]]]:
    """The events of every conversation whose sender id starts with ``prefix``, in table order."""
    check_loopback(database_url, "the database")
    engine = sqlalchemy.create_engine(database_url)
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sqlalchemy.text("select sender_id, data from events where sender_id like :prefix order by id"),
                {"prefix": f"{prefix}-%"},
            )
            for sender, data in rows:
                found[sender].append(json.loads(data))
    finally:
        engine.dispose()
    return found


def verify(result: LoadResult, database_url: str) -> Verification:
    """Compare the run with the tracker store."""
    stored = read_events(database_url, result.prefix)
    verification = Verification()
    known = {c.sender for c in result.conversations}
    for sender in sorted(set(stored) - known):
        verification.problems.append(f"{sender}: in the tracker store but never started by a trainee")
    for conversation in result.conversations:
        verification.conversations += 1
        verification.turns += sum(s.outcome == "turn" for s in conversation.sent)
        verification.problems += check_conversation(conversation, stored.get(conversation.sender, []))
    return verification


def check_conversation(conversation: Conversation, events: list[dict[str, Any]]) -> list[str]:
    """The problems of one conversation (empty when all is well)."""
    name = conversation.sender
    problems = []
    users = [(i, e) for i, e in enumerate(events) if e.get("event") == "user"]
    stored_ids = [str((e.get("metadata") or {}).get("message_id")) for _, e in users]
    expected = [s.message_id for s in conversation.sent if s.delivered]
    if stored_ids != expected:
        missing = [m for m in expected if m not in stored_ids]
        twice = sorted({m for m in stored_ids if stored_ids.count(m) > 1})
        foreign = [m for m in stored_ids if m not in expected]
        problems.append(f"{name}: user messages differ: {len(missing)} missing, {len(twice)} stored twice, "
                        f"{len(foreign)} unknown, order {'differs' if not (missing or twice or foreign) else '-'}")
    answered = {s.message_id for s in conversation.sent if s.ok}
    for number, (index, _event) in enumerate(users):
        end = users[number + 1][0] if number + 1 < len(users) else len(events)
        bots = sum(e.get("event") == "bot" for e in events[index + 1:end])
        message_id = stored_ids[number]
        if message_id in answered and bots != 1:
            problems.append(f"{name}: message {message_id} has {bots} bot answers, expected 1")
    scored = [normalise(s.text) for s in conversation.sent if s.outcome == "turn"]
    records = last_records(events)
    if [normalise(str(r.get("reply", ""))) for r in records] != scored:
        problems.append(f"{name}: {len(records)} turn records in the conversation slot, {len(scored)} turns "
                        "answered (or their replies differ or are out of order)")
    return problems


def last_records(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The turn records of the last value of the ``conversation`` slot."""
    for event in reversed(events):
        if event.get("event") == "slot" and event.get("name") == "conversation":
            value = event.get("value") or {}
            return list(value.get("records") or [])
    return []


def normalise(text: str) -> str:
    """Whitespace-insensitive comparison of replies."""
    return " ".join(text.split())
