"""Who may do what: the one permission matrix (``PERMISSIONS``), checked by the services themselves.

A service call that takes an :class:`Actor` calls :func:`require` before it reads or writes, whoever
calls it: the chat (a member; a stranger or a deactivated member has no role) or the command line
(``Actor.system``, with the secretariat's powers). Handlers may ask too, with :func:`can` or
:func:`require`, to avoid offering what would be refused or to refuse before asking for more input;
``bot.commands`` reads the same matrix for /help and the menus. The few calls that take no actor (such as
``MinutesImportService.commit``, ``StatusService.report``, ``AgencyService.list`` and the reminder sweep)
serve the command line and the bot's own jobs, and check nothing themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.services.audit import Auditor
from bot.services.errors import ServiceError
from bot.texts import people as texts


class Role(StrEnum):
    SECRETARIAT = "secretariat"
    GOVERNOR = "governor"
    AGENCY = "agency"


class Permission(StrEnum):
    INVITE = "invite"
    MANAGE_AGENCIES = "manage_agencies"
    MANAGE_MEMBERS = "manage_members"
    REPORT_PROGRESS = "report_progress"
    VERIFY = "verify"
    IMPORT_MINUTES = "import_minutes"
    READ_TRACKER = "read_tracker"
    READ_STATUS = "read_status"


_SECRETARIAT = frozenset({Role.SECRETARIAT})

# The matrix: which role may do what (a new permission gets its row here and a test in tests/test_access.py).
PERMISSIONS: Mapping[Permission, frozenset[Role]] = {
    Permission.INVITE: _SECRETARIAT,
    Permission.MANAGE_AGENCIES: _SECRETARIAT,
    Permission.MANAGE_MEMBERS: _SECRETARIAT,
    # An agency's representative reports on the agency's own assignments (checked per assignment).
    Permission.REPORT_PROGRESS: frozenset({Role.AGENCY}),
    # The secretariat verifies what an agency reports done, or sends it back with a reason.
    Permission.VERIFY: _SECRETARIAT,
    Permission.IMPORT_MINUTES: _SECRETARIAT,
    # Reading any agency's items and their history: the secretariat and the governor's office.
    Permission.READ_TRACKER: frozenset({Role.SECRETARIAT, Role.GOVERNOR}),
    # /status: every member; a representative sees only the agency's own items (checked by the service).
    Permission.READ_STATUS: frozenset({Role.SECRETARIAT, Role.GOVERNOR, Role.AGENCY}),
}


class AccessDenied(ServiceError):
    """The actor's role does not allow this; nothing was read or written."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message())

    @staticmethod
    def default_message() -> str:
        return texts.ACCESS_DENIED


class MemberLike(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def platform(self) -> str: ...
    @property
    def user_id(self) -> int: ...
    @property
    def display_name(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def agency_id(self) -> int | None: ...
    @property
    def state(self) -> str: ...


@dataclass(frozen=True)
class Actor:
    """Who asks: a member, the command line (``system``), or a stranger (no role)."""

    label: str  # what the audit log shows as who
    role: Role | None
    member_id: int | None = None
    agency_id: int | None = None

    @classmethod
    def system(cls, label: str) -> Actor:
        """The command line: it acts with the secretariat's powers."""
        return cls(label=label, role=Role.SECRETARIAT)

    @classmethod
    def of_member(cls, member: MemberLike) -> Actor:
        """A member; a deactivated one has no role any more."""
        role = None if member.state == "inactive" else Role(member.role)
        return cls(label=member_label(member), role=role, member_id=member.id, agency_id=member.agency_id)

    def auditor(self, conn: AsyncConnection, at: datetime) -> Auditor:
        return Auditor(conn, self.label, at, self.member_id)


def member_label(member: MemberLike) -> str:
    """«مریم رضایی (telegram:1001)»: how a member appears in the audit log."""
    return f"{member.display_name} ({member.platform}:{member.user_id})"


def can(actor: Actor, permission: Permission) -> bool:
    return actor.role is not None and actor.role in PERMISSIONS[permission]


# What a refusal says, where "only the secretariat" would be wrong.
_DENIED = {Permission.REPORT_PROGRESS: texts.ACCESS_AGENCY_ONLY}


def require(actor: Actor, permission: Permission) -> None:
    if not can(actor, permission):
        raise AccessDenied(_DENIED.get(permission))
