"""Minutes uploads: the file a preview waits on, kept beside its conversation so that a button pressed
later (after a restart too) reads it here instead of downloading it again.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "minutes_uploads",
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["platform", "chat_id", "user_id"],
            ["conversation_states.platform", "conversation_states.chat_id", "conversation_states.user_id"],
            name=op.f("fk_minutes_uploads_platform_conversation_states"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("platform", "chat_id", "user_id", name=op.f("pk_minutes_uploads")),
    )


def downgrade() -> None:
    op.drop_table("minutes_uploads")
