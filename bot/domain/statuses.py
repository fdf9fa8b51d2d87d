"""Where an assignment stands: the one vocabulary that storage, the services, the reports and the rules
share. A status is a ``StrEnum``, so it is stored and compared as its plain value (``"done_reported"``)."""

from __future__ import annotations

from enum import StrEnum


class AssignmentStatus(StrEnum):
    NEW = "new"  # pushed, not yet acknowledged
    ACKNOWLEDGED = "acknowledged"  # «دریافت شد» pressed
    IN_PROGRESS = "in_progress"  # a progress report came in, or the secretariat sent a done back
    DONE_REPORTED = "done_reported"  # «انجام شد»: waits on the secretariat's verification
    VERIFIED = "verified"  # the secretariat confirmed it
    CANCELLED = "cancelled"


ASSIGNMENT_STATUSES: tuple[AssignmentStatus, ...] = tuple(AssignmentStatus)
# The agency still owes work in these (reminded; overdue when past due). A reported done waits on the
# secretariat instead.
OWING_STATUSES: tuple[AssignmentStatus, ...] = (
    AssignmentStatus.NEW,
    AssignmentStatus.ACKNOWLEDGED,
    AssignmentStatus.IN_PROGRESS,
)
# Done, as the agency reported it (verified or not yet).
DONE_STATUSES: tuple[AssignmentStatus, ...] = (AssignmentStatus.DONE_REPORTED, AssignmentStatus.VERIFIED)
# Nothing more is expected.
CLOSED_STATUSES: tuple[AssignmentStatus, ...] = (AssignmentStatus.VERIFIED, AssignmentStatus.CANCELLED)
