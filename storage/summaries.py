"""Each conversation's scorecard figures (grade, hidden concern, LSD), cached for the review's list.

Filtering and sorting thousands of conversations by grade cannot recompute every scorecard per
request, so the figures live in ``review_summaries``. A summary is stale when the tracker holds a
newer ``slot`` event for the conversation than the one it was computed from, or when a
correction removed it; :func:`refresh` recomputes exactly those, with a function the caller
passes (the review computes scorecards with the core; storage does not know scenarios).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from storage.corrections import corrected_moves_of
from storage.database import Database, resolve
from storage.models import ConversationRow, SummaryRow, utcnow
from storage.scope import ConversationInfo, conversation_columns, conversation_info

EVENTS = sa.table(
    "events",
    sa.column("id", sa.Integer),
    sa.column("sender_id", sa.String),
    sa.column("type_name", sa.String),
    sa.column("data", sa.Text),
)
BATCH = 200


@dataclass(frozen=True)
class SummaryValues:
    """What the list shows and filters on; ``grade`` and LSD are None before the first reply."""

    turns: int
    grade: float | None
    concern_found: bool
    outcome: str
    ended: bool
    luisteren: float | None
    samenvatten: float | None
    doorvragen: float | None
    corrected_turns: int


Summarize = Callable[[ConversationInfo, "dict[str, Any] | None", "dict[int, list[str]]"], SummaryValues]
"""(conversation, latest ``conversation`` slot value or None, corrected moves by turn) → figures."""


def _has_events(db: Database) -> bool:
    with db.engine.connect() as connection:
        return bool(sa.inspect(connection).has_table("events"))


def _last_slot_event() -> sa.sql.expression.ScalarSelect:  # type: ignore[type-arg]
    return (
        sa.select(sa.func.coalesce(sa.func.max(EVENTS.c.id), 0))
        .where(EVENTS.c.sender_id == ConversationRow.sender_id, EVENTS.c.type_name == "slot")
        .scalar_subquery()
    )


def stale(
    db: Database, trainee_ids: sa.sql.Select | None = None, conversation_ids: Iterable[int] | None = None
) -> list[tuple[ConversationInfo, int]]:
    """Conversations (within ``trainee_ids``/``conversation_ids``) whose summary is missing or old."""
    last = _last_slot_event() if _has_events(db) else sa.literal(0)
    query = (
        conversation_columns()
        .add_columns(last.label("last_event"))
        .outerjoin(SummaryRow, SummaryRow.conversation_id == ConversationRow.id)
        .where(sa.or_(SummaryRow.conversation_id.is_(None), SummaryRow.last_event_id != last))
    )
    if trainee_ids is not None:
        query = query.where(ConversationRow.trainee_id.in_(trainee_ids))
    if conversation_ids is not None:
        query = query.where(ConversationRow.id.in_(list(conversation_ids)))
    with db.session() as session:
        return [(conversation_info(row), int(row.last_event)) for row in session.execute(query).all()]


def latest_state(sender_id: str, *, db: Database | None = None) -> dict[str, Any] | None:
    """The newest value of the ``conversation`` slot in the tracker, or None."""
    database = resolve(db)
    if not _has_events(database):
        return None
    query = (
        sa.select(EVENTS.c.data)
        .where(EVENTS.c.sender_id == sender_id, EVENTS.c.type_name == "slot")
        .order_by(EVENTS.c.id.desc())
    )
    with database.engine.connect() as connection:
        for (data,) in connection.execute(query):
            try:
                event = json.loads(data) if isinstance(data, str) else dict(data or {})
            except (json.JSONDecodeError, TypeError, ValueError):
                continue
            if isinstance(event, dict) and event.get("name") == "conversation":
                value = event.get("value")
                return value if isinstance(value, dict) else None
    return None


def refresh(
    summarize: Summarize,
    *,
    trainee_ids: sa.sql.Select | None = None,
    conversation_ids: Iterable[int] | None = None,
    db: Database | None = None,
) -> int:
    """Recompute the stale summaries in scope; returns how many were recomputed."""
    database = resolve(db)
    todo = stale(database, trainee_ids, conversation_ids)
    for start in range(0, len(todo), BATCH):
        batch = todo[start : start + BATCH]
        corrections = corrected_moves_of([info.id for info, _ in batch], db=database)
        rows = []
        for info, last_event in batch:
            state = latest_state(info.sender_id, db=database) if last_event else None
            values = summarize(info, state, corrections.get(info.id, {}))
            rows.append(_row(info.id, last_event, values))
        try:
            with database.session() as session:
                ids = [row.conversation_id for row in rows]
                session.execute(sa.delete(SummaryRow).where(SummaryRow.conversation_id.in_(ids)))
                session.add_all(rows)
        except sa.exc.IntegrityError:
            # Another request refreshed the same conversations at the same moment: theirs stand.
            continue
    return len(todo)


def _row(conversation_id: int, last_event: int, values: SummaryValues) -> SummaryRow:
    return SummaryRow(
        conversation_id=conversation_id,
        last_event_id=last_event,
        turns=values.turns,
        grade=values.grade,
        concern_found=values.concern_found,
        outcome=values.outcome,
        ended=values.ended,
        luisteren=values.luisteren,
        samenvatten=values.samenvatten,
        doorvragen=values.doorvragen,
        corrected_turns=values.corrected_turns,
        updated_at=utcnow(),
    )
