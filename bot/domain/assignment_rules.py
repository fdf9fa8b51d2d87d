"""When an assignment counts as open, overdue, decided and on time, and how many days late it is: the rules
the chat's lists, the reports and the plain status report share (the overview's SQL applies the same ones,
in storage/repositories/status.py)."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from bot.domain.statuses import CLOSED_STATUSES, OWING_STATUSES, AssignmentStatus


class Dated(Protocol):
    @property
    def status(self) -> str: ...
    @property
    def due_on(self) -> date | None: ...
    @property
    def done_on(self) -> date | None: ...


def overdue_days(status: str, due: date | None, today: date) -> int:
    """Days past due for an assignment that still owes work; 0 otherwise."""
    if due is None or status not in OWING_STATUSES or today <= due:
        return 0
    return (today - due).days


def delay_days(row: Dated, today: date) -> int | None:
    """Days late: to the done day for a done item, to today for one still owed past due; None when it is
    not (yet) late or has no due date."""
    if row.due_on is None or row.status == AssignmentStatus.CANCELLED:
        return None
    if row.done_on is not None:
        late = (row.done_on - row.due_on).days
    elif row.status in OWING_STATUSES:
        late = (today - row.due_on).days
    else:
        return None
    return late if late > 0 else None


def is_open(row: Dated) -> bool:
    return row.status not in CLOSED_STATUSES


def is_overdue(row: Dated, today: date) -> bool:
    """Still owed by the agency and past its due date."""
    return overdue_days(row.status, row.due_on, today) > 0


def is_decided(row: Dated, today: date) -> bool:
    """Dated, not cancelled, and done or past due: whether it was on time is known."""
    return (
        row.due_on is not None
        and row.status != AssignmentStatus.CANCELLED
        and (row.done_on is not None or row.due_on < today)
    )


def on_time(row: Dated) -> bool:
    return row.done_on is not None and row.due_on is not None and row.done_on <= row.due_on
