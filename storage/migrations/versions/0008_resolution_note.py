"""A resolution's note: the minutes' remarks column («ملاحظات»، «توضیحات»، «نتیجه»), empty when none.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE on both backends (SQLite has both since 3.35): a batch copy of «resolutions» on SQLite
# would drop the table its assignments hang on.


def upgrade() -> None:
    op.add_column("resolutions", sa.Column("note", sa.Text(), nullable=False, server_default=sa.text("''")))


def downgrade() -> None:
    op.drop_column("resolutions", "note")
