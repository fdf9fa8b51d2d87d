"""Reminders: when an assignment was last reminded (the sweep sends a slot's reminder once).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("assignments") as batch:
        batch.add_column(sa.Column("last_reminded_at", sa.DateTime(timezone=True), nullable=True))
    # Open assignments stored before reminders existed: due at once, the first sweep works out the rest.
    op.execute(
        "UPDATE assignments SET next_reminder_at = created_at WHERE next_reminder_at IS NULL "
        "AND status IN ('new', 'acknowledged', 'in_progress') AND (due_on IS NOT NULL OR ongoing)"
    )


def downgrade() -> None:
    with op.batch_alter_table("assignments") as batch:
        batch.drop_column("last_reminded_at")
