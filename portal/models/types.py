"""Column types shared by the models."""

from datetime import UTC, datetime

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from portal import clock


class UTCDateTime(TypeDecorator):
    """Stores UTC without a zone and always hands back aware UTC datetimes.

    SQLite keeps no time zone, PostgreSQL would convert to the session zone;
    storing naive UTC in both and attaching UTC on the way out keeps the two
    databases identical and every comparison in Python unambiguous.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("UTCDateTime needs an aware datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def utc(value: datetime) -> datetime:
    """Attach UTC to a naive datetime read from the database by raw SQL."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def current_time() -> datetime:
    """Column default: asks portal.clock at insert time, so a frozen clock in tests applies."""
    return clock.now()


class StoredDocument:
    """Columns of an uploaded document kept under a generated name (see portal/uploads.py)."""

    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=current_time)
