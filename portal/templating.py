"""Helpers the templates use: navigation by role, and times shown in UK time."""

from datetime import datetime

from flask import request, url_for

from portal import permissions
from portal.clock import UK


def uk_time(value: datetime | None, fmt: str = "%-d %B %Y at %-I:%M%p") -> str:
    """A UTC datetime as people in England read it, e.g. '3 March 2009 at 5:00pm'."""
    if value is None:
        return ""
    text = value.astimezone(UK).strftime(fmt)
    return text.replace("AM", "am").replace("PM", "pm")


def navigation(user) -> list[dict]:
    """Header links for the signed-in role (or the public)."""
    items = [("main.index", "Home"), ("opportunities.index", "Opportunities")]
    items.append(("innovations.index", "Innovations"))
    items.append(("library.index", "Practice library"))
    items.append(("areas.index", "Areas"))
    if getattr(user, "is_authenticated", False):
        items.append(("main.dashboard", "Dashboard"))
        items.append(("alerts.index", "Alerts"))
        if permissions.is_provider(user):
            items.append(("bids.index", "Your bids"))
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
        active = request.path == href or (href != "/" and request.path.startswith(href))
        links.append({"href": href, "text": text, "active": active})
    return links


def money(value) -> str:
    """Every sum of money the portal shows: whole pounds without pence (£199,500), pence when
    there are some (£850.50)."""
    from decimal import ROUND_HALF_UP, Decimal

    if value is None:
        return ""
    amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"£{amount:,.0f}" if amount == amount.to_integral_value() else f"£{amount:,.2f}"


def closes_in(value: datetime | None) -> str:
    """'Closes in 3 days', 'Closes today', 'Closed'; the exact time is shown beside it."""
    from portal import clock

    if value is None:
        return "No deadline set"
    remaining = value - clock.now()
    if remaining.total_seconds() <= 0:
        return "Closed"
    days = remaining.days
    if days >= 2:
        return f"Closes in {days} days"
    hours = int(remaining.total_seconds() // 3600)
    if hours >= 1:
        return f"Closes in {hours} hour{'s' if hours != 1 else ''}"
    minutes = max(1, int(remaining.total_seconds() // 60))
    return f"Closes in {minutes} minute{'s' if minutes != 1 else ''}"


def options(items, value: str = "code", label: str = "name") -> list[tuple[str, str]]:
    """(value, label) pairs from reference objects, for checkbox groups and selects."""
    return [(getattr(item, value), getattr(item, label)) for item in items]


def plain_number(value) -> str:
    """40.00 -> '40', 2.50 -> '2.5' (never '4E+1')."""
    from decimal import Decimal

    if value is None:
        return ""
    return f"{Decimal(value).normalize():f}"


def pct(value) -> str:
    """A stored percentage with one decimal place, or two when it has them: 91.00 -> '91.0',
    60.55 -> '60.55' (so tables show exactly what is stored)."""
    from decimal import Decimal

    if value is None:
        return ""
    value = Decimal(value)
    places = "0.1" if value == value.quantize(Decimal("0.1")) else "0.01"
    return f"{value.quantize(Decimal(places))}"
