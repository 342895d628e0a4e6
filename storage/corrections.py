"""Trainers' corrections of the moves of a reply, per segment of the reply.

A correction replaces the model's moves of one turn in the review, in the trainee's scorecard
(``oefenavond.corrected``) and becomes training data (``oefenavond corrections export``): Rasa NLU
examples, or replies labelled per sentence with the resident's line they answered.
Saving or removing one marks the conversation's cached summary stale.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from oefenavond.moves.labels import MOVES
from storage.database import Database, resolve
from storage.models import ConversationRow, CorrectionRow, SummaryRow, utcnow
from storage.scope import Viewer, visible_trainee_ids
from storage.transcripts import read_transcript


class CorrectionError(ValueError):
    """A correction that cannot be stored (unknown move, unknown conversation, bad turn)."""


@dataclass(frozen=True)
class CorrectedSegment:
    """One segment of a reply (oefenavond.moves.text.split_segments) and its moves."""

    text: str
    moves: tuple[str, ...]


@dataclass(frozen=True)
class Correction:
    """The corrected moves of one turn, and what the model had found."""

    id: int
    conversation_id: int
    turn: int
    reply: str
    segments: tuple[CorrectedSegment, ...]
    moves: tuple[str, ...]
    original_moves: tuple[str, ...]
    author_name: str
    updated_at: datetime


def ordered(labels: Sequence[str]) -> tuple[str, ...]:
    """The labels in the spec's order; unknown labels raise CorrectionError."""
    unknown = sorted(set(labels) - set(MOVES))
    if unknown:
        raise CorrectionError(f"unknown move(s): {', '.join(unknown)}")
    return tuple(label for label in MOVES if label in set(labels))


def _correction(row: CorrectionRow) -> Correction:
    segments = tuple(
        CorrectedSegment(str(item.get("text", "")), tuple(item.get("moves", [])))
        for item in (row.segments or [])
        if isinstance(item, dict)
    )
    return Correction(
        id=row.id,
        conversation_id=row.conversation_id,
        turn=row.turn,
        reply=row.reply,
        segments=segments,
        moves=tuple(row.moves or []),
        original_moves=tuple(row.original_moves or []),
        author_name=row.author_name,
        updated_at=row.updated_at,
    )


def _stale(session: Session, conversation_id: int) -> None:
    session.execute(sa.delete(SummaryRow).where(SummaryRow.conversation_id == conversation_id))


def save_correction(
    conversation_id: int,
    turn: int,
    reply: str,
    segments: Sequence[tuple[str, Sequence[str]]],
    original_moves: Sequence[str],
    author: Viewer,
    *,
    db: Database | None = None,
) -> Correction:
    """Store (or replace) the correction of one turn; the reply's moves are the segments' union."""
    if turn < 1:
        raise CorrectionError("turns count from 1")
    if not segments:
        raise CorrectionError("a correction needs the reply's segments")
    stored = [{"text": text, "moves": list(ordered(moves))} for text, moves in segments]
    union = ordered([label for item in stored for label in item["moves"]])
    with resolve(db).session() as session:
        if session.get(ConversationRow, conversation_id) is None:
            raise CorrectionError(f"no conversation with id {conversation_id}")
        row = session.execute(
            sa.select(CorrectionRow).filter_by(conversation_id=conversation_id, turn=turn)
        ).scalar()
        if row is None:
            row = CorrectionRow(conversation_id=conversation_id, turn=turn, created_at=utcnow())
            session.add(row)
        row.reply = reply
        row.segments = stored
        row.moves = list(union)
        row.original_moves = list(ordered(original_moves))
        row.author_id = author.id
        row.author_name = author.name
        row.updated_at = utcnow()
        _stale(session, conversation_id)
        session.flush()
        return _correction(row)


def remove_correction(conversation_id: int, turn: int, *, db: Database | None = None) -> bool:
    """Withdraw the correction of one turn; True when there was one."""
    with resolve(db).session() as session:
        result = session.execute(
            sa.delete(CorrectionRow).where(CorrectionRow.conversation_id == conversation_id, CorrectionRow.turn == turn)
        )
        _stale(session, conversation_id)
        return bool(result.rowcount)


def corrections_for(conversation_id: int, *, db: Database | None = None) -> dict[int, Correction]:
    """The conversation's corrections by turn."""
    query = sa.select(CorrectionRow).where(CorrectionRow.conversation_id == conversation_id)
    with resolve(db).session() as session:
        return {row.turn: _correction(row) for row in session.execute(query).scalars()}


def corrected_moves(conversation_id: int, *, db: Database | None = None) -> dict[int, list[str]]:
    """The corrected move labels of the conversation by turn (what oefenavond.corrected takes)."""
    return {turn: list(found.moves) for turn, found in corrections_for(conversation_id, db=db).items()}


def corrected_moves_of(conversation_ids: list[int], *, db: Database | None = None) -> dict[int, dict[int, list[str]]]:
    """Corrected move labels by conversation and turn, for many conversations in one query."""
    if not conversation_ids:
        return {}
    query = sa.select(CorrectionRow.conversation_id, CorrectionRow.turn, CorrectionRow.moves).where(
        CorrectionRow.conversation_id.in_(conversation_ids)
    )
    found: dict[int, dict[int, list[str]]] = {}
    with resolve(db).session() as session:
        for conversation_id, turn, moves in session.execute(query).all():
            found.setdefault(int(conversation_id), {})[int(turn)] = list(moves or [])
    return found


def all_corrections(viewer: Viewer | None = None, *, db: Database | None = None) -> list[Correction]:
    """Every correction ``viewer`` may see (all of them without a viewer: the command line)."""
    query = sa.select(CorrectionRow).order_by(CorrectionRow.id)
    if viewer is not None:
        query = query.join(ConversationRow, ConversationRow.id == CorrectionRow.conversation_id).where(
            ConversationRow.trainee_id.in_(visible_trainee_ids(viewer))
        )
    with resolve(db).session() as session:
        return [_correction(row) for row in session.execute(query).scalars()]


def resident_lines(corrections: Sequence[Correction], *, db: Database | None = None) -> dict[int, str]:
    """Per correction id, what the resident had just said when the corrected reply was given, read
    from the tracker ("" when the tracker no longer holds it)."""
    conversation_ids = {found.conversation_id for found in corrections}
    if not conversation_ids:
        return {}
    database = resolve(db)
    query = sa.select(ConversationRow.id, ConversationRow.sender_id).where(ConversationRow.id.in_(conversation_ids))
    with database.session() as session:
        senders = {int(key): str(sender) for key, sender in session.execute(query).all()}
    transcripts = {key: read_transcript(sender, db=database) for key, sender in senders.items()}
    lines = {}
    for found in corrections:
        transcript = transcripts.get(found.conversation_id)
        lines[found.id] = transcript.line_before(found.turn) if transcript else ""
    return lines
