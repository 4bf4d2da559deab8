"""The portal's one clock. Every rule that depends on time asks `now()`, so tests can freeze it."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo


def now() -> datetime:
    """The current time as an aware UTC datetime."""
    return datetime.now(UTC)


UK = ZoneInfo("Europe/London")


class NonexistentTime(ValueError):
    """A wall-clock time skipped when the clocks go forward."""


def from_uk(day: date, at: time) -> datetime:
    """The UTC instant of a UK wall-clock time; in the repeated hour in autumn, the first one."""
    local = datetime.combine(day, at).replace(tzinfo=UK, fold=0)
    instant = local.astimezone(UTC)
    if instant.astimezone(UK).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise NonexistentTime(
            f"{at:%H:%M} does not exist on {day:%-d %B %Y} because the clocks go forward")
    return instant


def to_uk(value: datetime) -> datetime:
    return value.astimezone(UK)


def uk_today() -> date:
    """Today in the UK (from 23:00 UTC in summer it is already tomorrow there)."""
    return to_uk(now()).date()


def uk_time(value: datetime | None, fmt: str = "%-d %B %Y at %-I:%M%p") -> str:
    """A UTC datetime as people in England read it, e.g. '3 March 2009 at 5:00pm'."""
    if value is None:
        return ""
    text = value.astimezone(UK).strftime(fmt)
    return text.replace("AM", "am").replace("PM", "pm")
