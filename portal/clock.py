"""The portal's one clock. Every rule that depends on time asks `now()`, so tests can freeze it."""

from datetime import UTC, datetime


def now() -> datetime:
    """The current time as an aware UTC datetime."""
    return datetime.now(UTC)
