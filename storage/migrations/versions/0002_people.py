"""People: a deactivated member state, and failed invite attempts.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_STATES = "state IN ('active', 'paused', 'unreachable')"
NEW_STATES = "state IN ('active', 'paused', 'unreachable', 'inactive')"


def _member_states(condition: str) -> None:
    # SQLite cannot alter a CHECK: batch mode copies the table.
    with op.batch_alter_table("members", recreate="auto") as batch:
        batch.drop_constraint(op.f("ck_members_state"), type_="check")
        batch.create_check_constraint(op.f("ck_members_state"), condition)


def upgrade() -> None:
    _member_states(NEW_STATES)
    op.create_table(
        "invite_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invite_attempts")),
    )
    op.create_index(
        op.f("ix_invite_attempts_platform_user_id_at"), "invite_attempts", ["platform", "user_id", "at"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_invite_attempts_platform_user_id_at"), table_name="invite_attempts")
    op.drop_table("invite_attempts")
    op.execute("UPDATE members SET state = 'active' WHERE state = 'inactive'")
    _member_states(OLD_STATES)
