"""Which process holds an inbox row's lease (its instance id, ``storage.process_locks``): with several
processes on PostgreSQL, a dead one's leases are taken over at once, a living one's left alone.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("inbox", sa.Column("claimed_by", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column("inbox", "claimed_by")
