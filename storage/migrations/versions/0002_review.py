"""The trainer review's tables: login attempts, comments, corrections, audit log, summaries.

Revision ID: 0002
Revises: 0001
Create Date: 2025-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _conversation_fk() -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(
        "conversation_id",
        sa.Integer,
        sa.ForeignKey("conversations.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


def _author_fk() -> sa.Column:  # type: ignore[type-arg]
    return sa.Column("author_id", sa.Integer, sa.ForeignKey("trainers.id", ondelete="SET NULL"), nullable=True)


def upgrade() -> None:
    """Create the tables."""
    op.create_table(
        "review_login_attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(80), nullable=False),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("success", sa.Boolean, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ix_review_login_attempts_user_address_at", "review_login_attempts", ["username", "address", "at"]
    )
    op.create_table(
        "review_comments",
        sa.Column("id", sa.Integer, primary_key=True),
        _conversation_fk(),
        sa.Column("turn", sa.Integer, nullable=True),
        _author_fk(),
        sa.Column("author_name", sa.String(200), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "review_corrections",
        sa.Column("id", sa.Integer, primary_key=True),
        _conversation_fk(),
        sa.Column("turn", sa.Integer, nullable=False),
        sa.Column("reply", sa.Text, nullable=False),
        sa.Column("segments", sa.JSON, nullable=False),
        sa.Column("moves", sa.JSON, nullable=False),
        sa.Column("original_moves", sa.JSON, nullable=False),
        _author_fk(),
        sa.Column("author_name", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("conversation_id", "turn", name="uq_review_corrections_turn"),
    )
    op.create_table(
        "review_audit",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("actor_kind", sa.String(20), nullable=False),
        sa.Column("actor_id", sa.Integer, nullable=True),
        sa.Column("actor_name", sa.String(200), nullable=False),
        sa.Column("action", sa.String(40), nullable=False, index=True),
        sa.Column("target_kind", sa.String(40), nullable=False),
        sa.Column("target_id", sa.String(100), nullable=True),
        sa.Column("detail", sa.String(500), nullable=False),
    )
    op.create_table(
        "review_summaries",
        sa.Column(
            "conversation_id",
            sa.Integer,
            sa.ForeignKey("conversations.id", ondelete="CASCADE"),
            primary_key=True,
            autoincrement=False,
        ),
        sa.Column("last_event_id", sa.Integer, nullable=False),
        sa.Column("turns", sa.Integer, nullable=False),
        sa.Column("grade", sa.Float, nullable=True, index=True),
        sa.Column("concern_found", sa.Boolean, nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("ended", sa.Boolean, nullable=False),
        sa.Column("luisteren", sa.Float, nullable=True),
        sa.Column("samenvatten", sa.Float, nullable=True),
        sa.Column("doorvragen", sa.Float, nullable=True),
        sa.Column("corrected_turns", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    """Drop the tables."""
    op.drop_table("review_summaries")
    op.drop_table("review_audit")
    op.drop_table("review_corrections")
    op.drop_table("review_comments")
    op.drop_index("ix_review_login_attempts_user_address_at", table_name="review_login_attempts")
    op.drop_table("review_login_attempts")
