"""Column types that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import JSON, DateTime
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine


def sqlite_time(value: datetime | None) -> str | None:
    """An aware datetime as `UTCDateTime` stores it on SQLite (naive UTC, fixed-width text), for the few
    bulk writes that go straight to the driver."""
    return None if value is None else _sqlite_time(value)


@lru_cache(maxsize=1024)
def _sqlite_time(value: datetime) -> str:
    # Cached: a sweep writes the same few instants (now, the next slot) on every row. Equal instants in
    # different zones hash alike and give the same UTC text.
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime {value.isoformat()} refused: pass an aware datetime")
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


@lru_cache(maxsize=1024)
def sqlite_time_read(text: str) -> datetime:
    """The inverse of :func:`sqlite_time`: stored text back to an aware UTC datetime (cached; rows read in
    bulk share their timestamps)."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC timestamp on both backends; naive datetimes are refused with ValueError.

    PostgreSQL stores ``timestamp with time zone``. SQLite has no time zones, so the value is stored as
    naive UTC text (fixed width, so comparisons in SQL stay correct) and marked UTC again when read.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"UTCDateTime needs a datetime, got {type(value).__name__}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value.isoformat()} refused: pass an aware datetime")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class JSONType(TypeDecorator[Any]):
    """JSON on SQLite (text, JSON1 functions available), JSONB on PostgreSQL; None is SQL NULL."""

    impl = JSON(none_as_null=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.JSONB(none_as_null=True))
        return dialect.type_descriptor(JSON(none_as_null=True))


def _json_default(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def json_dumps(value: object) -> str:
    """The engines' JSON serialiser: Persian stays readable (no \\u escapes); dates become ISO strings."""
    return json.dumps(value, ensure_ascii=False, default=_json_default)
