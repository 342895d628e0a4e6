"""Trainer comments on a conversation or on one of its turns; the trainee reads them in the debrief."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from storage.database import Database, resolve
from storage.models import CommentRow, ConversationRow
from storage.scope import Viewer

MAX_COMMENT = 4000


class CommentError(ValueError):
    """A comment that cannot be stored (empty, too long, unknown conversation)."""


@dataclass(frozen=True)
class Comment:
    """A comment; ``turn`` is None for one on the whole conversation."""

    id: int
    conversation_id: int
    turn: int | None
    author_id: int | None
    author_name: str
    text: str
    created_at: datetime


def _comment(row: CommentRow) -> Comment:
    return Comment(
        id=row.id,
        conversation_id=row.conversation_id,
        turn=row.turn,
        author_id=row.author_id,
        author_name=row.author_name,
        text=row.text,
        created_at=row.created_at,
    )


def add_comment(
    conversation_id: int, author: Viewer, text: str, turn: int | None = None, *, db: Database | None = None
) -> Comment:
    """Store a trainer's comment (the caller checked that the author may see the conversation)."""
    text = text.strip()
    if not text:
        raise CommentError("a comment needs text")
    if len(text) > MAX_COMMENT:
        raise CommentError(f"a comment has at most {MAX_COMMENT} characters")
    if turn is not None and turn < 1:
        raise CommentError("turns count from 1")
    with resolve(db).session() as session:
        if session.get(ConversationRow, conversation_id) is None:
            raise CommentError(f"no conversation with id {conversation_id}")
        row = CommentRow(
            conversation_id=conversation_id, turn=turn, author_id=author.id, author_name=author.name, text=text
        )
        session.add(row)
        session.flush()
        return _comment(row)


def comments_for(conversation_id: int, *, db: Database | None = None) -> list[Comment]:
    """The conversation's comments, oldest first."""
    query = sa.select(CommentRow).where(CommentRow.conversation_id == conversation_id).order_by(CommentRow.id)
    with resolve(db).session() as session:
        return [_comment(row) for row in session.execute(query).scalars()]


def comment_counts(conversation_ids: list[int], *, db: Database | None = None) -> dict[int, int]:
    """How many comments each of these conversations has."""
    if not conversation_ids:
        return {}
    query = (
        sa.select(CommentRow.conversation_id, sa.func.count())
        .where(CommentRow.conversation_id.in_(conversation_ids))
        .group_by(CommentRow.conversation_id)
    )
    with resolve(db).session() as session:
        return {int(cid): int(n) for cid, n in session.execute(query).all()}


def delete_comment(conversation_id: int, comment_id: int, author: Viewer, *, db: Database | None = None) -> bool:
    """Delete a comment of this conversation; its author or an admin may. True when deleted."""
    with resolve(db).session() as session:
        row = session.get(CommentRow, comment_id)
        if row is None or row.conversation_id != conversation_id:
            return False
        if not (author.is_admin or row.author_id == author.id):
            return False
        session.delete(row)
        return True
