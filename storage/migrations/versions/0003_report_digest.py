"""Reports by time: the secretariat's digest reads the progress reports of a time window.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(op.f("ix_progress_reports_created_at"), "progress_reports", ["created_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_progress_reports_created_at"), table_name="progress_reports")
