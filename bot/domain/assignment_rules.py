"""When an assignment counts as open, overdue, decided and on time, and how many days late it is: the rules
the chat's lists, the reports and the plain status report share (the overview's SQL applies the same ones,
in storage/repositories/status.py); and which steps an agency can still take with it (``open_steps``:
the buttons under its messages and the checks of their presses)."""

from __future__ import annotations

from datetime import date
from typing import Literal, Protocol

from bot.domain.statuses import CLOSED_STATUSES, OWING_STATUSES, AssignmentStatus


class Dated(Protocol):
    @property
    def status(self) -> str: ...
    @property
    def due_on(self) -> date | None: ...
    @property
    def done_on(self) -> date | None: ...


#: What an agency's representative can do with an item, in the order its buttons show them: acknowledge
#: it, report progress, ask for more time, report it done.
AgencyStep = Literal["ack", "report", "extend", "done"]
AGENCY_STEPS: tuple[AgencyStep, ...] = ("ack", "report", "extend", "done")


def open_steps(status: str, ongoing: bool) -> tuple[AgencyStep, ...]:
    """The steps an item in `status` still takes, in button order: «دریافت شد» only while it is new; a
    progress report until it is verified or cancelled; «درخواست تمدید» and «انجام شد» while the agency
    still owes the work (an ongoing item has no due date to extend)."""
    allowed = {
        "ack": status == AssignmentStatus.NEW,
        "report": status not in CLOSED_STATUSES,
        "extend": status in OWING_STATUSES and not ongoing,
        "done": status in OWING_STATUSES,
    }
    return tuple(step for step in AGENCY_STEPS if allowed[step])


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
