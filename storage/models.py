"""The tables Oefenavond owns. Rasa's ``events`` table is not declared here: it is Rasa's."""

from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()

ROLES = ("trainer", "admin")
CHANNELS = ("web", "telegram")
MODES = ("oefen", "toets")


def utcnow() -> datetime:
    """Now, in UTC, timezone-aware."""
    return datetime.now(timezone.utc)


class UTCDateTime(sa.types.TypeDecorator):  # type: ignore[type-arg,misc]
    """A timestamp that is always aware UTC in Python, also on SQLite (which drops zones)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        """Store UTC."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: use storage.models.utcnow()")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        """Read back as aware UTC."""
        if value is None:
            return None
        return (
            value.replace(tzinfo=timezone.utc)
            if value.tzinfo is None
            else value.astimezone(timezone.utc)
        )


class TrainerRow(Base):  # type: ignore[valid-type,misc]
    """A trainer or admin who signs in with a password."""

    __tablename__ = "trainers"
    id = sa.Column(sa.Integer, primary_key=True)
    username = sa.Column(sa.String(80), nullable=False, unique=True)
    display_name = sa.Column(sa.String(200), nullable=False)
    password_hash = sa.Column(sa.String(255), nullable=False)
    role = sa.Column(sa.String(20), nullable=False, default="trainer")
    created_at = sa.Column(UTCDateTime, nullable=False, default=utcnow)
    __table_args__ = (sa.CheckConstraint("role IN ('trainer', 'admin')", name="ck_trainers_role"),)


class GroupRow(Base):  # type: ignore[valid-type,misc]
    """A group of trainees, owned by one trainer."""

    __tablename__ = "groups"
    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(200), nullable=False)
    trainer_id = sa.Column(
        sa.Integer, sa.ForeignKey("trainers.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    created_at = sa.Column(UTCDateTime, nullable=False, default=utcnow)
    trainer = relationship("TrainerRow")


class TraineeRow(Base):  # type: ignore[valid-type,misc]
    """A trainee who signs in with a personal code (stored only as a hash)."""

    __tablename__ = "trainees"
    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(200), nullable=False)
    group_id = sa.Column(
        sa.Integer, sa.ForeignKey("groups.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    code_hash = sa.Column(sa.String(255), nullable=False)
    code_lookup = sa.Column(sa.String(8), nullable=False, index=True)
    created_at = sa.Column(UTCDateTime, nullable=False, default=utcnow)
    group = relationship("GroupRow")


class ConversationRow(Base):  # type: ignore[valid-type,misc]
    """One practice conversation; ``sender_id`` is Rasa's conversation id in ``events``."""

    __tablename__ = "conversations"
    id = sa.Column(sa.Integer, primary_key=True)
    sender_id = sa.Column(sa.String(255), nullable=False, unique=True)
    trainee_id = sa.Column(
        sa.Integer, sa.ForeignKey("trainees.id", ondelete="CASCADE"), nullable=False, index=True
    )
    scenario_id = sa.Column(sa.String(100), nullable=False)
    channel = sa.Column(sa.String(20), nullable=False)
    mode = sa.Column(sa.String(20), nullable=False)
    started_at = sa.Column(UTCDateTime, nullable=False, default=utcnow)
    __table_args__ = (
        sa.CheckConstraint("channel IN ('web', 'telegram')", name="ck_conversations_channel"),
        sa.CheckConstraint("mode IN ('oefen', 'toets')", name="ck_conversations_mode"),
        sa.Index("ix_conversations_trainee_started", "trainee_id", "started_at"),
    )


class TelegramLinkRow(Base):  # type: ignore[valid-type,misc]
    """A Telegram account linked to a trainee with their personal code."""

    __tablename__ = "telegram_links"
    telegram_user_id = sa.Column(sa.BigInteger, primary_key=True, autoincrement=False)
    trainee_id = sa.Column(
        sa.Integer, sa.ForeignKey("trainees.id", ondelete="CASCADE"), nullable=False, index=True
    )
    linked_at = sa.Column(UTCDateTime, nullable=False, default=utcnow)


# The trainer review's own tables (issue 7) ------------------------------------------------


class LoginAttemptRow(Base):  # type: ignore[valid-type,misc]
    """One trainer sign-in attempt, for rate limiting per username and address."""

    __tablename__ = "review_login_attempts"
    id = sa.Column(sa.Integer, primary_key=True)
    username = sa.Column(sa.String(80), nullable=False)
    address = sa.Column(sa.String(64), nullable=False)
    success = sa.Column(sa.Boolean, nullable=False)
    at = sa.Column(UTCDateTime, nullable=False, default=utcnow)
    __table_args__ = (sa.Index("ix_review_login_attempts_user_address_at", "username", "address", "at"),)


class CommentRow(Base):  # type: ignore[valid-type,misc]
    """A trainer's comment on a conversation (``turn`` None) or on one turn of it."""

    __tablename__ = "review_comments"
    id = sa.Column(sa.Integer, primary_key=True)
    conversation_id = sa.Column(
        sa.Integer, sa.ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False, index=True
    )
    turn = sa.Column(sa.Integer, nullable=True)
    author_id = sa.Column(sa.Integer, sa.ForeignKey("trainers.id", ondelete="SET NULL"), nullable=True)
    author_name = sa.Column(sa.String(200), nullable=False)
    text = sa.Column(sa.Text, nullable=False)
    created_at = sa.Column(UTCDateTime, nullable=False, default=utcnow)


class CorrectionRow(Base):  # type: ignore[valid-type,misc]
    """A trainer's correction of the moves of one reply, per segment of the reply."""

    __tablename__ = "review_corrections"
    id = sa.Column(sa.Integer, primary_key=True)
    conversation_id = sa.Column(
        sa.Integer, sa.ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False, index=True
    )
    turn = sa.Column(sa.Integer, nullable=False)
    reply = sa.Column(sa.Text, nullable=False)
    segments = sa.Column(sa.JSON, nullable=False)
    moves = sa.Column(sa.JSON, nullable=False)
    original_moves = sa.Column(sa.JSON, nullable=False)
    author_id = sa.Column(sa.Integer, sa.ForeignKey("trainers.id", ondelete="SET NULL"), nullable=True)
    author_name = sa.Column(sa.String(200), nullable=False)
    created_at = sa.Column(UTCDateTime, nullable=False, default=utcnow)
    updated_at = sa.Column(UTCDateTime, nullable=False, default=utcnow)
    __table_args__ = (sa.UniqueConstraint("conversation_id", "turn", name="uq_review_corrections_turn"),)


class AuditRow(Base):  # type: ignore[valid-type,misc]
    """Who viewed, exported, changed or deleted what, and when."""

    __tablename__ = "review_audit"
    id = sa.Column(sa.Integer, primary_key=True)
    at = sa.Column(UTCDateTime, nullable=False, default=utcnow, index=True)
    actor_kind = sa.Column(sa.String(20), nullable=False)
    actor_id = sa.Column(sa.Integer, nullable=True)
    actor_name = sa.Column(sa.String(200), nullable=False)
    action = sa.Column(sa.String(40), nullable=False, index=True)
    target_kind = sa.Column(sa.String(40), nullable=False)
    target_id = sa.Column(sa.String(100), nullable=True)
    detail = sa.Column(sa.String(500), nullable=False, default="")


class SummaryRow(Base):  # type: ignore[valid-type,misc]
    """A conversation's scorecard figures, cached for filtering and sorting thousands of them.

    Recomputed when the tracker has a newer ``conversation`` slot event than ``last_event_id`` or
    when a correction changes (the row is deleted then).
    """

    __tablename__ = "review_summaries"
    conversation_id = sa.Column(
        sa.Integer, sa.ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    last_event_id = sa.Column(sa.Integer, nullable=False)
    turns = sa.Column(sa.Integer, nullable=False)
    grade = sa.Column(sa.Float, nullable=True, index=True)
    concern_found = sa.Column(sa.Boolean, nullable=False)
    outcome = sa.Column(sa.String(20), nullable=False)
    ended = sa.Column(sa.Boolean, nullable=False)
    luisteren = sa.Column(sa.Float, nullable=True)
    samenvatten = sa.Column(sa.Float, nullable=True)
    doorvragen = sa.Column(sa.Float, nullable=True)
    corrected_turns = sa.Column(sa.Integer, nullable=False, default=0)
    updated_at = sa.Column(UTCDateTime, nullable=False, default=utcnow)
