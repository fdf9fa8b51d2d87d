"""Errors the storage layer raises instead of driver exceptions."""

from __future__ import annotations

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


def is_transient(error: BaseException) -> bool:
    """A database fault that passes by itself: trying the same work again later can succeed."""
    if isinstance(error, (DisconnectionError, PoolTimeout, ConnectionError)):
        return True
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    original = error.orig
    code = getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)
    if isinstance(code, str) and code:
        return code[:2] in _PG_TRANSIENT_CLASSES or code in _PG_TRANSIENT_CODES
    if isinstance(original, (ConnectionError, OSError)):
        return True
    message = str(original).lower()
    return type(original).__name__ == "OperationalError" and any(w in message for w in _SQLITE_TRANSIENT)
