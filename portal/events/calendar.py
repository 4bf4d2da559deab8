"""Events as iCalendar (RFC 5545): one file per event, and a feed per region that calendar
programs subscribe to. Times are written in UTC, which every calendar shows in local time."""

from urllib.parse import urlsplit

from flask import current_app
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from portal import clock
from portal.markdown import plain
from portal.models import Event
from portal.urls import external_url

PRODUCT = "-//Commissioning Exchange//Regional events//EN"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def _entry(event: Event, host: str) -> CalendarEvent:
    link = external_url("events.detail", event_id=event.id)
    entry = CalendarEvent()
    entry.add("uid", f"event-{event.id}@{host}")  # stable: an update replaces the entry
    entry.add("dtstamp", clock.now())
    entry.add("dtstart", event.starts_at)
    entry.add("dtend", event.ends_at)
    entry.add("summary", event.title)
    entry.add("description", f"{plain(event.description)}\n\n{link}".strip())
    entry.add("location", event.venue or event.online_link or "")
    entry.add("url", link)
    entry.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    return entry


def _host() -> str:
    return urlsplit(current_app.config["PORTAL_BASE_URL"]).hostname or "localhost"


def event_file(event: Event) -> bytes:
    calendar = _calendar(event.title)
    calendar.add("method", "PUBLISH")
    calendar.add_component(_entry(event, _host()))
    return calendar.to_ical()


def region_feed(region_name: str, events: list[Event]) -> bytes:
    calendar = _calendar(f"Events in {region_name}")
    host = _host()
    for event in events:
        calendar.add_component(_entry(event, host))
    return calendar.to_ical()
