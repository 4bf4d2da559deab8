"""The JSON Lines record of a library entry (DESIGN.md §5): checking one, and writing one.

The contribution form and `flask library import` both go through `check_record`, so one
set of rules decides what an entry may hold. Errors are keyed by the record's field
names, with list positions where they matter: `impacts[1].result_pct`.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    ClientGroup,
    Indicator,
    IndicatorImpact,
    Innovation,
    LibraryEntry,
    LocalArea,
    Outcome,
)

FIELDS = (
    "identifier", "title", "summary", "service", "client_groups", "outcomes", "local_areas",
    "delivered_by", "commissioned_by", "period_start", "period_end", "cost_per_person_gbp",
    "evidence_rating", "sources", "impacts", "innovations",
)
IMPACT_FIELDS = ("indicator", "baseline_pct", "baseline_period", "result_pct", "result_period",
                 "cohort")
MAX_COHORT = 10_000_000  # people in one service's cohort: beyond this, a typing slip
IGNORED = ("id", "url")  # the API adds these; an import of API output skips them
IDENTIFIER = re.compile(r"[A-Za-z0-9._:-]+")
IDENTIFIER_LIMIT = 100
TEXT_LIMITS = {"title": 200, "summary": 2000, "service": 20000, "delivered_by": 200,
               "commissioned_by": 200}
# The entry's own columns a record sets (the rest are links: tags, areas, impacts, citations).
COLUMNS = (*TEXT_LIMITS, "period_start", "period_end", "cost_per_person_gbp", "evidence_rating",
           "sources")
LABELS = {
    "title": "a title", "summary": "a summary", "service": "a description of the service",
    "delivered_by": "who delivered the service", "commissioned_by": "who commissioned it",
}


class Reference:
    """The codes and names a record may use, read once (an import checks thousands of lines)."""

    def __init__(self):
        session = db.session
        self.client_groups = {g.code: g for g in session.scalars(select(ClientGroup))}
        self.outcomes = {o.code: o for o in session.scalars(select(Outcome))}
        self.indicators = {i.code: i for i in session.scalars(select(Indicator))}
        # Only published innovations may be cited (ids only: an import checks thousands).
        self.innovations = set(session.scalars(
            select(Innovation.id).where(Innovation.status == "published")))
        self.areas = {}
        for area in session.scalars(select(LocalArea)):
            self.areas[area.code.casefold()] = area
            self.areas[_key(area.name)] = area


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


@dataclass
class CheckedRecord:
    values: dict = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def _decimal(value, name, errors, low=None, high=None) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        errors[name] = "must be a number"
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        errors[name] = "must be a number"
        return None
    if not number.is_finite() or number.as_tuple().exponent < -2:
        errors[name] = "must be a number with at most 2 decimal places"
        return None
    if (low is not None and number < low) or (high is not None and number > high):
        errors[name] = f"must be between {low} and {high}"
        return None
    return number


def _text(record, name, errors, required=True, limit=200) -> str | None:
    value = record.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors[name] = f"enter {LABELS.get(name, name)}"
        return None
    if not isinstance(value, str):
        errors[name] = "must be text"
        return None
    if len(value) > limit:
        errors[name] = f"must be {limit:,} characters or fewer"
        return None
    return value.strip()


def _date(record, name, errors) -> date | None:
    value = record.get(name)
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        pass
    errors[name] = "must be a date like 2008-04-01"
    return None


def _codes(record, name, known: dict, errors, what: str) -> list:
    values = record.get(name)
    if not isinstance(values, list) or not values:
        errors[name] = f"choose at least one {what}"
        return []
    found = []
    for position, value in enumerate(values):
        match = known.get(value) if isinstance(value, str) else None
        if match is None:
            errors[f"{name}[{position}]"] = f"unknown {what} {value!r}"
        elif match not in found:
            found.append(match)
    return found


def _areas(record, reference: Reference, errors) -> list[LocalArea]:
    values = record.get("local_areas")
    if not isinstance(values, list) or not values:
        errors["local_areas"] = "give at least one local area, by name or ONS code"
        return []
    found = []
    for position, value in enumerate(values):
        area = reference.areas.get(_key(value)) if isinstance(value, str) else None
        if area is None:
            errors[f"local_areas[{position}]"] = f"no English local authority is called {value!r}"
        elif area not in found:
            found.append(area)
    return found


def _sources(record, errors) -> list[str]:
    values = record.get("sources", [])
    if not isinstance(values, list):
        errors["sources"] = "must be a list of web addresses"
        return []
    for position, value in enumerate(values):
        parts = urlsplit(value) if isinstance(value, str) else None
        if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
            errors[f"sources[{position}]"] = "must be a web address starting https:// or http://"
    return list(values)


def _identifier(record, errors) -> str | None:
    """Optional: the entry's stable identifier (export writes a UUID); None for a new entry."""
    value = record.get("identifier")
    if value is None:
        return None
    if not isinstance(value, str):
        errors["identifier"] = "must be text, like the identifier export wrote"
    elif len(value) > IDENTIFIER_LIMIT:
        errors["identifier"] = f"must be {IDENTIFIER_LIMIT} characters or fewer"
    elif not IDENTIFIER.fullmatch(value):
        errors["identifier"] = "use only letters, digits, full stops, hyphens, underscores " \
                               "and colons"
    else:
        return value
    return None


def _innovations(record, reference: Reference, errors) -> list[int]:
    """Optional: the numbers of published innovations on this portal the service drew on."""
    values = record.get("innovations", [])
    if not isinstance(values, list):
        errors["innovations"] = "must be a list of innovation numbers"
        return []
    found = []
    for position, value in enumerate(values):
        if isinstance(value, bool) or not isinstance(value, int):
            errors[f"innovations[{position}]"] = (
                f"{value!r} is not an innovation's number or its web address on this portal")
        elif value not in reference.innovations:
            errors[f"innovations[{position}]"] = (
                f"no published innovation has the number {value} on this portal")
        elif value not in found:
            found.append(value)
    return found


def _impact(raw, position, reference: Reference, errors) -> dict | None:
    prefix = f"impacts[{position}]"
    if not isinstance(raw, dict):
        errors[prefix] = "must be an object with indicator, baseline and result"
        return None
    local: dict[str, str] = {}
    for name in sorted(set(raw) - set(IMPACT_FIELDS)):
        local[name] = "is not a field of an impact"
    indicator = raw.get("indicator")
    if indicator not in reference.indicators:
        local["indicator"] = f"unknown indicator {indicator!r} (use NI 143 to NI 150)"
    impact = {
        "indicator_code": indicator,
        "baseline_pct": _decimal(raw.get("baseline_pct"), "baseline_pct", local, 0, 100),
        "result_pct": _decimal(raw.get("result_pct"), "result_pct", local, 0, 100),
    }
    for name in ("baseline_period", "result_period"):
        impact[name] = _text(raw, name, local, limit=40)
        if impact[name] is None and name not in local:
            local[name] = "enter the period, like 2007/08"
    cohort = raw.get("cohort")
    if isinstance(cohort, bool) or not isinstance(cohort, int) or not 1 <= cohort <= MAX_COHORT:
        local["cohort"] = f"must be a whole number of people from 1 to {MAX_COHORT:,}"
    impact["cohort"] = cohort
    errors.update({f"{prefix}.{name}": message for name, message in local.items()})
    return None if local else impact


def check_record(record, reference: Reference) -> CheckedRecord:
    """Check one record against every rule; give the values to store, or every error."""
    checked = CheckedRecord()
    errors = checked.errors
    if not isinstance(record, dict):
        errors["_"] = "must be a JSON object"
        return checked
    for name in sorted(set(record) - set(FIELDS) - set(IGNORED)):
        errors[name] = "is not a field of a library entry"
    values = {"identifier": _identifier(record, errors)}
    values |= {name: _text(record, name, errors, limit=limit)
               for name, limit in TEXT_LIMITS.items()}
    values["client_groups"] = _codes(record, "client_groups", reference.client_groups, errors,
                                     "client group")
    values["outcomes"] = _codes(record, "outcomes", reference.outcomes, errors, "outcome")
    values["local_areas"] = _areas(record, reference, errors)
    values["period_start"] = _date(record, "period_start", errors)
    values["period_end"] = _date(record, "period_end", errors)
    if values["period_start"] and values["period_end"] and (
            values["period_end"] < values["period_start"]):
        errors["period_end"] = "must be the same as or after period_start"
    cost = record.get("cost_per_person_gbp")
    values["cost_per_person_gbp"] = (
        None if cost is None else _decimal(cost, "cost_per_person_gbp", errors, 0, 10_000_000))
    rating = record.get("evidence_rating")
    if isinstance(rating, bool) or rating not in (1, 2, 3, 4, 5):
        errors["evidence_rating"] = "must be a whole number from 1 to 5"
    values["evidence_rating"] = rating
    values["sources"] = _sources(record, errors)
    impacts = record.get("impacts", [])
    if not isinstance(impacts, list):
        errors["impacts"] = "must be a list"
        impacts = []
    values["impacts"] = [_impact(raw, n, reference, errors) for n, raw in enumerate(impacts)]
    values["innovations"] = _innovations(record, reference, errors)
    checked.values = values
    return checked


def apply_values(entry: LibraryEntry, values: dict) -> None:
    """Copy checked values onto an entry (replacing its impacts)."""
    for name in (*COLUMNS, "client_groups", "outcomes", "local_areas"):
        setattr(entry, name, values[name])
    entry.impacts = [IndicatorImpact(position=n, **impact)
                     for n, impact in enumerate(values["impacts"])]
    ids = values.get("innovations") or []
    entry.innovations = list(db.session.scalars(
        select(Innovation).where(Innovation.id.in_(ids)).order_by(Innovation.id))) if ids else []


def _number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def to_record(entry: LibraryEntry) -> dict:
    """An entry in the JSON Lines format, as `flask library export` writes it."""
    return {
        "identifier": entry.identifier,
        "title": entry.title,
        "summary": entry.summary,
        "service": entry.service,
        "client_groups": [group.code for group in entry.client_groups],
        "outcomes": [outcome.code for outcome in entry.outcomes],
        "local_areas": [area.code for area in entry.local_areas],
        "delivered_by": entry.delivered_by,
        "commissioned_by": entry.commissioned_by,
        "period_start": entry.period_start.isoformat(),
        "period_end": entry.period_end.isoformat(),
        "cost_per_person_gbp": _number(entry.cost_per_person_gbp),
        "evidence_rating": entry.evidence_rating,
        "sources": list(entry.sources or []),
        "impacts": [
            {"indicator": impact.indicator_code, "baseline_pct": _number(impact.baseline_pct),
             "baseline_period": impact.baseline_period, "result_pct": _number(impact.result_pct),
             "result_period": impact.result_period, "cohort": impact.cohort}
            for impact in entry.impacts
        ],
        "innovations": [innovation.id for innovation in entry.published_innovations],
    }
