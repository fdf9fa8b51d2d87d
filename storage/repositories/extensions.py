"""Requests for a later due date, and the secretariat's decisions on them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.errors import NotFound, WrongState
from storage.rows import ExtensionRequestRow
from storage.tables import extension_requests


def extension_row(row: Row[Any]) -> ExtensionRequestRow:
    return ExtensionRequestRow(
        id=row.id,
        assignment_id=row.assignment_id,
        member_id=row.member_id,
        requested_due=row.requested_due,
        reason=row.reason,
        decision=row.decision,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        decision_reason=row.decision_reason,
        created_at=row.created_at,
    )


class ExtensionRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def add(
        self, *, assignment_id: int, member_id: int | None, requested_due: date, reason: str, at: datetime
    ) -> ExtensionRequestRow:
        """A pending request."""
        statement = (
            insert(extension_requests)
            .values(
                assignment_id=assignment_id,
                member_id=member_id,
                requested_due=requested_due,
                reason=reason,
                decision="pending",
                created_at=at,
            )
            .returning(*extension_requests.c)
        )
        return extension_row((await self._conn.execute(statement)).one())

    async def get(self, request_id: int) -> ExtensionRequestRow | None:
        query = select(extension_requests).where(extension_requests.c.id == request_id)
        row = (await self._conn.execute(query)).one_or_none()
        return extension_row(row) if row else None

    async def list_pending(self) -> list[ExtensionRequestRow]:
        """Requests waiting for a decision, oldest first."""
        query = (
            select(extension_requests)
            .where(extension_requests.c.decision == "pending")
            .order_by(extension_requests.c.created_at, extension_requests.c.id)
        )
        return [extension_row(row) for row in await self._conn.execute(query)]

    async def pending_for(self, assignment_id: int) -> ExtensionRequestRow | None:
        """The assignment's request still waiting for a decision, if any."""
        query = select(extension_requests).where(
            extension_requests.c.assignment_id == assignment_id, extension_requests.c.decision == "pending"
        )
        row = (await self._conn.execute(query.limit(1))).one_or_none()
        return extension_row(row) if row else None

    async def list_for_assignment(self, assignment_id: int) -> list[ExtensionRequestRow]:
        """Every request on an assignment, oldest first."""
        query = (
            select(extension_requests)
            .where(extension_requests.c.assignment_id == assignment_id)
            .order_by(extension_requests.c.created_at, extension_requests.c.id)
        )
        return [extension_row(row) for row in await self._conn.execute(query)]

    async def decide(
        self, request_id: int, *, decision: str, decided_by: int | None, reason: str | None, at: datetime
    ) -> ExtensionRequestRow:
        """Approve or deny a pending request; WrongState if it was already decided."""
        if decision not in ("approved", "denied"):
            raise ValueError(f"decision must be 'approved' or 'denied', got {decision!r}")
        statement = (
            update(extension_requests)
            .where(extension_requests.c.id == request_id, extension_requests.c.decision == "pending")
            .values(decision=decision, decided_by=decided_by, decided_at=at, decision_reason=reason)
            .returning(*extension_requests.c)
        )
        row = (await self._conn.execute(statement)).one_or_none()
        if row is not None:
            return extension_row(row)
        current = await self.get(request_id)
        if current is None:
            raise NotFound("extension_request", request_id)
        raise WrongState("extension_request", request_id, current.decision)
