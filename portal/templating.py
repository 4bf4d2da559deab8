"""Helpers the templates use: navigation by role, times shown in UK time, page links."""

from datetime import datetime, timedelta

from flask import request, url_for
from markupsafe import Markup, escape

from portal import clock, permissions
from portal.clock import uk_time

__all__ = ["uk_time"]  # a template filter, kept with the clock


def navigation(user) -> list[dict]:
    """Header links for the signed-in role (or the public)."""
    items = [("main.index", "Home"), ("opportunities.index", "Opportunities")]
    items.append(("contracts.index", "Contracts"))
    items.append(("innovations.index", "Innovations"))
    items.append(("library.index", "Practice library"))
    items.append(("areas.index", "Areas"))
    items.append(("guidance.index", "Guidance"))
    items.append(("events.index", "Events"))
    items.append(("directory.index", "Find a service"))
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


def pct_value(value) -> str:
    """A chart's value: '61.5%', or 'No value'. A filter, not a macro: a page of charts has
    hundreds, and a macro call costs many times a filter's."""
    return "No value" if value is None else f"{pct(value)}%"


def chart_marker(shape: str, x, y, colour: str) -> Markup:
    """A line chart's point: a filled circle, an open square or a filled triangle, so lines
    differ by shape as well as colour. Python, not a macro, for the same reason."""
    colour = escape(colour)
    if shape == "circle":
        return Markup(f'<circle cx="{x}" cy="{y}" r="5" fill="{colour}"/>')
    if shape == "square":
        return Markup(f'<rect x="{x - 4.5}" y="{y - 4.5}" width="9" height="9" fill="#ffffff" '
                      f'stroke="{colour}" stroke-width="2.5"/>')
    return Markup(f'<polygon points="{x},{y - 6} {x + 6},{y + 5} {x - 6},{y + 5}" '
                  f'fill="{colour}"/>')


def page_numbers(current: int, pages: int) -> list[int | None]:
    """The page numbers a pagination bar shows: the first, the last and the current one with
    its neighbours; None stands for the pages skipped in between (GOV.UK's ellipsis)."""
    shown = sorted(n for n in {1, current - 1, current, current + 1, pages} if 1 <= n <= pages)
    numbers: list[int | None] = []
    for number in shown:
        if numbers and number - numbers[-1] > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers


def query_args() -> dict[str, list[str]]:
    """The request's query arguments, ready to pass on to url_for in a link.

    Arguments starting with an underscore are dropped: url_for reads `_external`, `_scheme`,
    `_anchor` and `_method` as instructions, and a visitor's query string must never give
    them (a list where url_for expects a string is a 500)."""
    return {key: values for key, values in request.args.lists() if not key.startswith("_")}


def page_href(number: int) -> str:
    """This page's address at page `number`, keeping the visitor's other query arguments."""
    args = query_args()
    args["page"] = [str(number)]
    return url_for(request.endpoint, **{**args, **(request.view_args or {})})


def duration(value: int | float | timedelta) -> str:
    """A configured lifetime in words: 2592000 -> '30 days', 3600 -> '1 hour'."""
    seconds = int(value.total_seconds() if isinstance(value, timedelta) else value)
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count:,} {unit}{'s' if count != 1 else ''}"
    return f"{seconds:,} second{'s' if seconds != 1 else ''}"
