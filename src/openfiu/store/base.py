"""What every table shares: the declarative base, a UTC timestamp type, constraint names.

Timestamps are always timezone-aware UTC in Python. PostgreSQL keeps them as
``timestamp with time zone``; SQLite has no time zones, so they are stored as naive UTC
text and given their zone back when read::

    >>> import datetime as dt
    >>> UTCDateTime().process_bind_param(
    ...     dt.datetime(2024, 5, 1, 14, 0, tzinfo=dt.timezone(dt.timedelta(hours=5))), None
    ... )
    datetime.datetime(2024, 5, 1, 9, 0, tzinfo=datetime.timezone.utc)

Constraints get stable names (``ck_decisions_four_eyes``, ``fk_entities_list_version_id_…``)
so that migrations can refer to them on both databases.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import DateTime, MetaData
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    """The current time, timezone-aware UTC (the only kind of time the store keeps)."""
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timestamp that is timezone-aware UTC in Python on every database.

    Naive datetimes are refused: a time without a zone is a bug waiting to happen.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect | None) -> dt.datetime | None:
        if value is None:
            return None
        if not isinstance(value, dt.datetime) or value.tzinfo is None:
            raise ValueError(f"store timestamps must be timezone-aware, got {value!r}")
        utc = value.astimezone(dt.UTC)
        if dialect is not None and dialect.name == "sqlite":
            return utc.replace(tzinfo=None)
        return utc

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        assert isinstance(value, dt.datetime)
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    """Declarative base of every openfiu table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
