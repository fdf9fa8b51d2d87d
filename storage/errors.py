"""Errors the storage layer raises instead of driver exceptions."""

from __future__ import annotations


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
