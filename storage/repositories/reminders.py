"""The reminder sweep's reads and writes, in bulk: the due assignments (claimed: ``FOR UPDATE SKIP LOCKED``
on PostgreSQL; SQLite's writers are serialised by the write transaction), the representatives to remind,
the outbox rows and the new timetable positions, each in one statement."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Integer, Select, and_, bindparam, or_, select, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.statuses import OWING_STATUSES, AssignmentStatus
from storage.tables import agencies, assignments, meetings, members, outbox, resolutions
from storage.types import sqlite_time, sqlite_time_read


@dataclass(frozen=True, slots=True)
class DueAssignment:
    id: int
    agency_id: int
    agency: str
    meeting: int
    number: int
    text: str
    items: tuple[str, ...]
    status: AssignmentStatus
    due_on: date | None
    ongoing: bool
    created_at: datetime
    next_reminder_at: datetime | None
    last_reminded_at: datetime | None
    last_report_at: datetime | None
    escalation_count: int
    escalated_at: datetime | None


@dataclass(frozen=True, slots=True)
class Recipient:
    member_id: int
    platform: str
    chat_id: int
    display_name: str
    agency_id: int | None
    role: str


@dataclass(frozen=True, slots=True)
class Advance:
    """Where an assignment's timetable stands after the sweep."""

    id: int
    next_reminder_at: datetime | None
    last_reminded_at: datetime | None
    escalation_count: int
    escalated_at: datetime | None


_COLUMNS = (
    assignments.c.id,
    assignments.c.agency_id,
    agencies.c.name.label("agency"),
    meetings.c.number.label("meeting"),
    resolutions.c.number.label("number"),
    resolutions.c.text,
    resolutions.c["items"],
    assignments.c.status,
    assignments.c.due_on,
    assignments.c.ongoing,
    assignments.c.created_at,
    assignments.c.next_reminder_at,
    assignments.c.last_reminded_at,
    assignments.c.last_report_at,
    assignments.c.escalation_count,
    assignments.c.escalated_at,
)


class ReminderRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    @staticmethod
    def due_query() -> Select[Any]:
        """Open assignments whose next reminder time (``due_now``) has come, earliest first, at most
        ``due_limit``, locked for this sweep. The ids come from the (status, next_reminder_at) index alone;
        the joins then read only those rows. A new or rescheduled assignment is due at once: the sweep
        works out its timetable; one with no due date and no check-ins has no time at all."""
        due_ids = (
            select(assignments.c.id)
            .where(
                assignments.c.status.in_(OWING_STATUSES),  # a reported done waits on the secretariat
                assignments.c.next_reminder_at <= bindparam("due_now"),
            )
            .order_by(assignments.c.next_reminder_at, assignments.c.id)
            .limit(bindparam("due_limit", type_=Integer))
            # Skipped here, before the limit: otherwise a second sweep picks the same first ids, finds
            # them locked, gets a short batch and stops, leaving the rest to the next sweep.
            .with_for_update(skip_locked=True)
        )
        return (
            select(*_COLUMNS)
            .join(resolutions, resolutions.c.id == assignments.c.resolution_id)
            .join(meetings, meetings.c.id == resolutions.c.meeting_id)
            .join(agencies, agencies.c.id == assignments.c.agency_id)
            .where(assignments.c.id.in_(due_ids.scalar_subquery()))
            .order_by(assignments.c.next_reminder_at, assignments.c.id)
            .with_for_update(of=assignments, skip_locked=True)
        )

    @staticmethod
    def sqlite_due_statement(now: datetime, limit: int) -> tuple[str, tuple[object, ...]]:
        """The due query as SQLite text and driver values (the text is compiled once)."""
        sql, names, fixed = _sqlite_due_sql()
        given: dict[str, object] = {"due_now": sqlite_time(now), "due_limit": limit}
        return sql, tuple(given[name] if name in given else fixed[name] for name in names)

    async def due(self, now: datetime, limit: int) -> list[DueAssignment]:
        if self._conn.dialect.name == "sqlite":
            # Straight from the driver: SQLAlchemy's SQLite datetime parsing was a fifth of a 1,000-row
            # sweep, and compiling the statement each time most of the rest.
            result = await self._conn.exec_driver_sql(*self.sqlite_due_statement(now, limit))
            return [_due_from_sqlite(row) for row in result]
        # The selected columns are named as DueAssignment's fields.
        query = self.due_query()
        rows = await self._conn.execute(query, {"due_now": now, "due_limit": limit})
        return [DueAssignment(**{**row._mapping, "items": tuple(row.items)}) for row in rows]

    async def representatives(self, agency_ids: Iterable[int], now: datetime) -> list[Recipient]:
        """Active agency members of these agencies, not paused at `now`."""
        ids = sorted(set(agency_ids))
        if not ids:
            return []
        query = select(members).where(
            members.c.agency_id.in_(ids),
            members.c.role == "agency",
            or_(
                members.c.state == "active",
                and_(members.c.state == "paused", members.c.paused_until <= now),
            ),
        )
        return [_recipient(row) for row in await self._conn.execute(query.order_by(members.c.id))]

    async def officials(self, roles: Sequence[str]) -> list[Recipient]:
        """Active members of these roles (escalations go to the governor's office and the secretariat)."""
        query = select(members).where(members.c.role.in_(roles), members.c.state == "active")
        return [_recipient(row) for row in await self._conn.execute(query.order_by(members.c.id))]

    async def queue(self, rows: list[dict[str, Any]]) -> None:
        """Outbox rows in one statement; a row whose dedupe key exists already is skipped.

        On SQLite the rows go to the driver's executemany as plain values (JSON text, timestamps in the
        form `UTCDateTime` stores): SQLAlchemy's per-value processing was most of a 1,000-row sweep."""
        if not rows:
            return
        if self._conn.dialect.name == "sqlite":
            await self._conn.exec_driver_sql(
                _SQLITE_QUEUE,
                [
                    (
                        r["platform"],
                        r["chat_id"],
                        r["kind"],
                        json.dumps(r["payload"], ensure_ascii=False),
                        r["state"],
                        r["attempts"],
                        sqlite_time(r["next_attempt_at"]),
                        r["dedupe_key"],
                        r["assignment_id"],
                        sqlite_time(r["created_at"]),
                    )
                    for r in rows
                ],
            )
            return
        statement = pg_insert(outbox).on_conflict_do_nothing(index_elements=["dedupe_key"])
        await self._conn.execute(statement, rows)

    async def advance(self, rows: list[Advance]) -> None:
        """The new timetable positions, in one executemany (on SQLite straight to the driver)."""
        if not rows:
            return
        if self._conn.dialect.name == "sqlite":
            await self._conn.exec_driver_sql(
                _SQLITE_ADVANCE,
                [
                    (
                        sqlite_time(r.next_reminder_at),
                        sqlite_time(r.last_reminded_at),
                        r.escalation_count,
                        sqlite_time(r.escalated_at),
                        r.id,
                    )
                    for r in rows
                ],
            )
            return
        statement = (
            update(assignments)
            .where(assignments.c.id == bindparam("b_id"))
            .values(
                next_reminder_at=bindparam("b_next"),
                last_reminded_at=bindparam("b_reminded"),
                escalation_count=bindparam("b_count"),
                escalated_at=bindparam("b_escalated"),
            )
        )
        await self._conn.execute(
            statement,
            [
                {
                    "b_id": r.id,
                    "b_next": r.next_reminder_at,
                    "b_reminded": r.last_reminded_at,
                    "b_count": r.escalation_count,
                    "b_escalated": r.escalated_at,
                }
                for r in rows
            ],
        )


_SQLITE_QUEUE = (
    "INSERT INTO outbox (platform, chat_id, kind, payload, state, attempts, next_attempt_at, dedupe_key,"
    " assignment_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING"
)
_SQLITE_ADVANCE = (
    "UPDATE assignments SET next_reminder_at = ?, last_reminded_at = ?, escalation_count = ?,"
    " escalated_at = ? WHERE id = ?"
)


@lru_cache(maxsize=1)
def _sqlite_due_sql() -> tuple[str, tuple[str, ...], dict[str, object]]:
    """The due query compiled for SQLite: its text, its parameter names in order and the fixed values."""
    # Placeholder values for the two given parameters: rendering the statuses' IN list needs them all.
    placeholders = ReminderRepo.due_query().params(due_now=datetime.now().astimezone(), due_limit=0)
    compiled = placeholders.compile(
        dialect=sqlite.dialect(paramstyle="qmark"), compile_kwargs={"render_postcompile": True}
    )
    fixed = compiled.construct_params()
    return str(compiled), tuple(compiled.positiontup or ()), dict(fixed)


@lru_cache(maxsize=256)
def _items(text: str) -> tuple[str, ...]:
    return tuple(json.loads(text))


def _utc(text: str | None) -> datetime | None:
    return sqlite_time_read(text) if text is not None else None


def _due_from_sqlite(row: Any) -> DueAssignment:
    (id_, agency_id, agency, meeting, number, text, items, status, due_on, ongoing, created_at, next_at,
     reminded_at, report_at, escalation_count, escalated_at) = row  # fmt: skip
    created = _utc(created_at)
    assert created is not None
    return DueAssignment(
        id=id_,
        agency_id=agency_id,
        agency=agency,
        meeting=meeting,
        number=number,
        text=text,
        items=_items(items),
        status=AssignmentStatus(status),
        due_on=date.fromisoformat(due_on) if due_on is not None else None,
        ongoing=bool(ongoing),
        created_at=created,
        next_reminder_at=_utc(next_at),
        last_reminded_at=_utc(reminded_at),
        last_report_at=_utc(report_at),
        escalation_count=escalation_count,
        escalated_at=_utc(escalated_at),
    )


def _recipient(row: Any) -> Recipient:
    return Recipient(row.id, row.platform, row.chat_id, row.display_name, row.agency_id, row.role)
