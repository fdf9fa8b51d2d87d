"""Errors the storage layer raises instead of driver exceptions."""

from __future__ import annotations

import errno
import socket

from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.exc import TimeoutError as PoolTimeout


class StorageError(Exception):
    """Base class of the storage layer's own errors."""


class Conflict(StorageError):
    """A row would break a uniqueness rule; the caller's transaction is still usable."""

    def __init__(self, entity: str, field: str, value: object, existing_id: int | None = None) -> None:
        self.entity = entity
        self.field = field
        self.value = value
        self.existing_id = existing_id
        where = f" (id {existing_id})" if existing_id is not None else ""
        super().__init__(f"{entity} with {field}={value!r} already exists{where}")


class NotFound(StorageError):
    """The row to change does not exist."""

    def __init__(self, entity: str, key: object) -> None:
        self.entity = entity
        self.key = key
        super().__init__(f"{entity} {key!r} not found")


class WrongState(StorageError):
    """The row is no longer in the state the change needs (for example, already decided)."""

    def __init__(self, entity: str, key: object, state: str) -> None:
        self.entity = entity
        self.key = key
        self.state = state
        super().__init__(f"{entity} {key!r} is {state!r}")


# SQLite's words for a fault that passes: a lock held too long, a read-only or full disk, an I/O error.
_SQLITE_TRANSIENT = ("locked", "busy", "readonly", "read-only", "disk", "full", "i/o", "unable to open")
# PostgreSQL's SQLSTATE classes and codes that pass: connection (08), read-only transaction (25006),
# insufficient resources (53: disk full, out of memory, too many connections), operator intervention (57P),
# serialization failure and deadlock (40001, 40P01).
_PG_TRANSIENT_CLASSES = ("08", "53", "57")
_PG_TRANSIENT_CODES = ("25006", "40001", "40P01", "55P03")


# The operating system's faults that pass: a full or read-only disk, I/O, the network.
_PASSING_ERRNOS = frozenset(
    {errno.ENOSPC, errno.EROFS, errno.EIO, errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN}
)


def is_transient(error: BaseException) -> bool:
    """A database fault that passes by itself: trying the same work again later can succeed.

    SQLAlchemy wraps the driver's errors (DBAPIError with ``orig``), but not always those raised while a
    connection is being opened: the driver's own exception (asyncpg's, an OSError) and causes are looked
    at too. On SQLite "attempt to write a readonly database" is taken as passing (a read-only disk), though
    a write through ``Database.read()`` says the same: the tests keep that bug out."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if _transient_here(current):
            return True
        current = current.__cause__ or (current.orig if isinstance(current, DBAPIError) else None)
    return False


def _transient_here(error: BaseException) -> bool:
    if isinstance(error, (DisconnectionError, PoolTimeout, ConnectionError, TimeoutError, socket.gaierror)):
        return True  # refused, reset, timed out, the server's name not found
    if isinstance(error, OSError):
        return error.errno in _PASSING_ERRNOS
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    code = getattr(error, "sqlstate", None) or getattr(error, "pgcode", None)
    if isinstance(code, str) and code:
        return code[:2] in _PG_TRANSIENT_CLASSES or code in _PG_TRANSIENT_CODES
    message = str(error).lower()
    return type(error).__name__ == "OperationalError" and any(w in message for w in _SQLITE_TRANSIENT)
