"""Helpers shared by the repositories."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql import Executable

from storage.errors import Conflict


async def insert_returning(
    conn: AsyncConnection,
    statement: Executable,
    conflict: Callable[[], Awaitable[Conflict | None]],
) -> Row[Any]:
    """Run an INSERT … RETURNING inside a SAVEPOINT.

    If it breaks a constraint, the savepoint is rolled back (the caller's transaction stays usable) and
    ``conflict()`` is asked which uniqueness rule was hit: the Conflict it returns is raised; if it
    returns None (say, a foreign key failed) the IntegrityError is raised as is.
    """
    try:
        async with conn.begin_nested():
            return (await conn.execute(statement)).one()
    except IntegrityError as exc:
        found = await conflict()
        if found is None:
            raise
        raise found from exc


def upsert_per_chat(
    conn: AsyncConnection, table: Table, platform: str, chat_id: int, user_id: int, values: dict[str, Any]
) -> Any:
    """INSERT … ON CONFLICT DO UPDATE of the one row a person has in a chat (keyed by platform, chat and
    user), on either backend; the caller may add RETURNING."""
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    return (
        insert(table)
        .values(platform=platform, chat_id=chat_id, user_id=user_id, **values)
        .on_conflict_do_update(
            index_elements=[table.c.platform, table.c.chat_id, table.c.user_id], set_=values
        )
    )
