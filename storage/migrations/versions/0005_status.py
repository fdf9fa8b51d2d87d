"""Status and reports: the day an agency reported an assignment done (for the on-time rate and the average
delay), and one index that the overview's aggregates read instead of the table.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The council's zone (the setting's default): the day a "done" was reported, as people there count days.
TEHRAN = ZoneInfo("Asia/Tehran")


def upgrade() -> None:
    with op.batch_alter_table("assignments") as batch:
        batch.add_column(sa.Column("done_on", sa.Date(), nullable=True))
    op.create_index(
        op.f("ix_assignments_agency_id_status_due_on_done_on"),
        "assignments",
        ["agency_id", "status", "due_on", "done_on"],
    )
    # Assignments reported done before this column existed: the day of their latest "done" report (worked
    # out here, in the council's zone; an offline SQL script leaves them without one).
    if op.get_context().as_sql:
        return
    conn = op.get_bind()
    rows = conn.execute(
        sa.text(
            "SELECT a.id, MAX(l.at) FROM assignments a JOIN audit_log l ON l.entity = 'assignment' "
            "AND l.entity_id = a.id AND l.action = 'assignment.done_reported' "
            "WHERE a.status IN ('done_reported', 'verified') GROUP BY a.id"
        )
    ).all()
    for assignment_id, at in rows:
        moment = at if isinstance(at, datetime) else datetime.fromisoformat(str(at))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        conn.execute(
            sa.text("UPDATE assignments SET done_on = :day WHERE id = :id"),
            {"day": moment.astimezone(TEHRAN).date(), "id": assignment_id},
        )


def downgrade() -> None:
    op.drop_index(op.f("ix_assignments_agency_id_status_due_on_done_on"), table_name="assignments")
    with op.batch_alter_table("assignments") as batch:
        batch.drop_column("done_on")
