"""A date-and-time field entered in UK time (GOV.UK date input plus a time box), held in UTC."""

import re
from datetime import date, datetime, time

from wtforms import Field
from wtforms.utils import unset_value

from portal import clock

TIME = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*$", re.IGNORECASE)


def parse_time(text: str) -> time:
    """'17:00', '5pm', '5:30pm', '09.15' -> time; ValueError otherwise."""
    match = TIME.match(text or "")
    if not match:
        raise ValueError
    hour, minute, meridiem = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if meridiem:
        if not 1 <= hour <= 12:
            raise ValueError
        hour = hour % 12 + (12 if meridiem.lower() == "pm" else 0)
    return time(hour, minute)


class UKDateTimeField(Field):
    """Reads `<name>-day`, `-month`, `-year` and `-time`; `data` is an aware UTC datetime."""

    def __init__(self, label=None, validators=None, required_message=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.required_message = required_message
        self.raw = {"day": "", "month": "", "year": "", "time": ""}

    def process(self, formdata, data=None, extra_filters=None):
        self.process_errors = []
        if data is unset_value:  # a form made without an object (a new event, say)
            data = None
        self.data = data if data is not None else self.default
        if self.data is not None:
            local = clock.to_uk(self.data)
            self.raw = {"day": str(local.day), "month": str(local.month),
                        "year": str(local.year), "time": local.strftime("%H:%M")}
        if formdata is not None:  # a submitted form: missing parts count as empty
            self.raw = {p: (formdata.get(f"{self.name}-{p}") or "").strip()[:20] for p in self.raw}
            self.data = self._parse()

    def _parse(self) -> datetime | None:
        if not any(self.raw.values()):
            if self.required_message:
                self.process_errors.append(self.required_message)
            return None
        try:
            day = date(int(self.raw["year"]), int(self.raw["month"]), int(self.raw["day"]))
        except (ValueError, OverflowError):  # a year of 20 digits overflows, not misparses
            self.process_errors.append(f"{self.label.text} must be a real date, like 31 3 2009")
            return None
        if not 2000 <= day.year <= 2100:
            self.process_errors.append(f"{self.label.text} must have a year like 2009")
            return None
        try:
            at = parse_time(self.raw["time"])
        except ValueError:
            self.process_errors.append(f"Enter the time for {self.label.text.lower()}, like 17:00")
            return None
        try:
            return clock.from_uk(day, at)
        except clock.NonexistentTime as error:
            self.process_errors.append(str(error).capitalize())
            return None
