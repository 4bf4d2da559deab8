"""Helpers the templates use: navigation by role, and times shown in UK time."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import request, url_for

from portal import permissions

UK = ZoneInfo("Europe/London")


def uk_time(value: datetime | None, fmt: str = "%-d %B %Y at %-I:%M%p") -> str:
    """A UTC datetime as people in England read it, e.g. '3 March 2009 at 5:00pm'."""
    if value is None:
        return ""
    text = value.astimezone(UK).strftime(fmt)
    return text.replace("AM", "am").replace("PM", "pm")


def navigation(user) -> list[dict]:
    """Header links for the signed-in role (or the public)."""
    items = [("main.index", "Home"), ("library.index", "Practice library")]
    if getattr(user, "is_authenticated", False):
        items.append(("main.dashboard", "Dashboard"))
        if user.organisation_id and user.membership == "active":
            items.append(("organisations.detail", "Your organisation"))
        if permissions.is_admin(user):
            items.append(("admin.index", "Admin"))
    links = []
    for endpoint, text in items:
        values = {}
        if endpoint.startswith("organisations"):
            values["organisation_id"] = user.organisation_id
        href = url_for(endpoint, **values)
        links.append({"href": href, "text": text, "active": request.path == href})
    return links
