"""Practice conversations: which Rasa conversation (sender id) belongs to which trainee; erasure.

Transcripts themselves stay in Rasa's ``events`` table; this module only reads it, and deletes
from it for erasure (a trainee's right to have their conversations removed).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from storage.database import Database, resolve
from storage.models import (
    CHANNELS,
    MODES,
    CommentRow,
    ConversationRow,
    CorrectionRow,
    SummaryRow,
    TelegramLinkRow,
    TraineeRow,
)
from storage.records import Conversation

EVENTS = sa.table("events", sa.column("sender_id", sa.String))


class ConversationError(ValueError):
    """A conversation that cannot be registered (bad channel or mode, unknown trainee, taken id)."""


@dataclass(frozen=True)
class Erasure:
    """What an erasure removed."""

    conversations: int
    events: int
    telegram_links: int = 0
    trainees: int = 0


def _conversation(row: ConversationRow) -> Conversation:
    return Conversation(
        id=row.id,
        sender_id=row.sender_id,
        trainee_id=row.trainee_id,
        scenario_id=row.scenario_id,
        channel=row.channel,
        mode=row.mode,
        started_at=row.started_at,
    )


def start_conversation(
    sender_id: str,
    trainee_id: int,
    scenario_id: str,
    channel: str,
    mode: str,
    *,
    db: Database | None = None,
) -> Conversation:
    """Register a conversation before its first message; registering the same one again is a no-op.

    ``sender_id`` is the Rasa conversation id (unique: one sender id per conversation), ``channel``
    is web|telegram and ``mode`` oefen|toets. A sender id that belongs to another trainee raises.
    """
    if channel not in CHANNELS:
        raise ConversationError(f"channel must be one of {', '.join(CHANNELS)}, not {channel!r}")
    if mode not in MODES:
        raise ConversationError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    if not sender_id or len(sender_id) > 255:
        raise ConversationError("sender_id must be 1-255 characters")
    with resolve(db).session() as session:
        existing = session.execute(
            sa.select(ConversationRow).filter_by(sender_id=sender_id)
        ).scalar()
        if existing is not None:
            if existing.trainee_id != trainee_id:
                raise ConversationError(f"sender_id {sender_id!r} belongs to another trainee")
            return _conversation(existing)
        if session.get(TraineeRow, trainee_id) is None:
            raise ConversationError(f"no trainee with id {trainee_id}")
        row = ConversationRow(
            sender_id=sender_id,
            trainee_id=trainee_id,
            scenario_id=scenario_id,
            channel=channel,
            mode=mode,
        )
        session.add(row)
        session.flush()
        return _conversation(row)


def get_conversation(sender_id: str, *, db: Database | None = None) -> Conversation | None:
    """The conversation with this Rasa sender id, or None."""
    with resolve(db).session() as session:
        row = session.execute(sa.select(ConversationRow).filter_by(sender_id=sender_id)).scalar()
        return _conversation(row) if row else None


def last_conversation(
    trainee_id: int, channel: str | None = None, *, db: Database | None = None
) -> Conversation | None:
    """The trainee's most recently started conversation (optionally on one channel), or None."""
    query = (
        sa.select(ConversationRow)
        .filter_by(trainee_id=trainee_id)
        .order_by(ConversationRow.started_at.desc(), ConversationRow.id.desc())
        .limit(1)
    )
    if channel is not None:
        query = query.filter_by(channel=channel)
    with resolve(db).session() as session:
        row = session.execute(query).scalar()
        return _conversation(row) if row else None


def list_conversations(
    trainee_id: int, *, limit: int = 100, db: Database | None = None
) -> list[Conversation]:
    """The trainee's conversations, newest first."""
    query = (
        sa.select(ConversationRow)
        .filter_by(trainee_id=trainee_id)
        .order_by(ConversationRow.started_at.desc(), ConversationRow.id.desc())
        .limit(limit)
    )
    with resolve(db).session() as session:
        return [_conversation(row) for row in session.execute(query).scalars()]


def _erase_conversations(session: Session, trainee_id: int) -> tuple[int, int]:
    sender_ids = list(
        session.execute(
            sa.select(ConversationRow.sender_id).filter_by(trainee_id=trainee_id)
        ).scalars()
    )
    events = 0
    if sender_ids and sa.inspect(session.connection()).has_table("events"):
        result = session.execute(sa.delete(EVENTS).where(EVENTS.c.sender_id.in_(sender_ids)))
        events = int(result.rowcount or 0)
    # The review's data about these conversations goes too (SQLite does not enforce the cascades).
    ids = sa.select(ConversationRow.id).filter_by(trainee_id=trainee_id)
    for table in (CommentRow, CorrectionRow, SummaryRow):
        session.execute(
            sa.delete(table).where(table.conversation_id.in_(ids)).execution_options(synchronize_session=False)
        )
    session.execute(sa.delete(ConversationRow).filter_by(trainee_id=trainee_id))
    return len(sender_ids), events


def erase_trainee_data(trainee_id: int, *, db: Database | None = None) -> Erasure:
    """Delete the trainee's conversations, here and in Rasa's tracker ``events`` table.

    The trainer review's comments, corrections and summaries of those conversations go with them.

    The account (name, group, code) and Telegram link stay, so the trainee can go on practising;
    :func:`delete_trainee` removes those too.
    """
    with resolve(db).session() as session:
        conversations, events = _erase_conversations(session, trainee_id)
        return Erasure(conversations=conversations, events=events)


def delete_trainee(trainee_id: int, *, db: Database | None = None) -> Erasure:
    """Delete the trainee entirely: conversations (and tracker events), Telegram links, account."""
    with resolve(db).session() as session:
        conversations, events = _erase_conversations(session, trainee_id)
        links = session.execute(
            sa.delete(TelegramLinkRow).filter_by(trainee_id=trainee_id)
        ).rowcount
        trainees = session.execute(sa.delete(TraineeRow).filter_by(id=trainee_id)).rowcount
        return Erasure(
            conversations=conversations,
            events=events,
            telegram_links=int(links or 0),
            trainees=int(trainees or 0),
        )
