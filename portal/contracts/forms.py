"""Reading the contract's forms: the outcome report (whose fields depend on the opportunity's
indicators and social clauses), a reporting period, and a variation. Shape only: numbers must
be numbers, dates dates; the services check the rules."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from portal.bids.forms import _decimal, parse_period
from portal.forms import whole_number_text
from portal.models import Opportunity

ReportFigures = tuple[date | None, date | None, dict[int, tuple[int | None, int | None]],
                      dict[int, Decimal | None], dict[str, str]]


def _counts(target, form, errors: dict[str, str]) -> tuple[int | None, int | None]:
    """People worked with and people who reached the outcome, for one targeted indicator."""
    counts = []
    for part in ("worked", "achieved"):
        count = whole_number_text((form.get(f"{part}-{target.id}") or "").replace(",", ""),
                                  maximum=999_999_999)
        if count is None:
            errors[f"{part}-{target.id}"] = f"Enter a whole number for {target.indicator_code}"
        counts.append(count)
    return counts[0], counts[1]


def _delivered(clause, form, errors: dict[str, str]) -> Decimal | None:
    """What was delivered against one social clause, in the clause's unit."""
    raw = (form.get(f"delivered-{clause.id}") or "").replace(",", "").strip()
    try:
        value = Decimal(raw)
        if not value.is_finite() or value < 0 or value >= Decimal("1e12"):
            raise InvalidOperation
    except InvalidOperation:
        errors[f"delivered-{clause.id}"] = f"Enter a number for {clause.clause_type.name}"
        return None
    return value


def read_report(opportunity: Opportunity, form) -> ReportFigures:
    """The period, results (target id -> counts) and deliveries (clause id -> amount) of a
    posted report, as `services.submit_report` takes them, and the shape errors."""
    errors: dict[str, str] = {}
    period_start = parse_period(form.get("period_start"))
    period_end = parse_period(form.get("period_end"))
    if period_start is None:
        errors["period_start"] = "Enter the start of the period, like 2009-04-01"
    if period_end is None:
        errors["period_end"] = "Enter the end of the period, like 2009-06-30"
    results = {target.id: _counts(target, form, errors) for target in opportunity.indicators}
    deliveries = {clause.id: _delivered(clause, form, errors)
                  for clause in opportunity.social_clauses}
    return period_start, period_end, results, deliveries, errors


PERIOD_FIELDS = {"starts_on": "Enter the first day of the period, like 2027-04-01",
                 "ends_on": "Enter the last day of the period, like 2027-06-30",
                 "due_on": "Enter the day the report is due, like 2027-07-30"}


def read_dates(form, fields: dict[str, str]) -> tuple[dict[str, date | None], dict[str, str]]:
    """The ISO dates named in `fields` (name -> message when missing or unreadable)."""
    dates = {name: parse_period(form.get(name)) for name in fields}
    return dates, {name: fields[name] for name, day in dates.items() if day is None}


@dataclass
class VariationInput:
    effective_on: date | None
    reason: str
    value: Decimal | None  # None: unchanged
    ends_on: date | None  # None: unchanged


def read_variation(form) -> tuple[VariationInput, dict[str, str]]:
    """A posted variation: a new value and/or end date, when it takes effect, and why."""
    errors: dict[str, str] = {}
    value = _decimal(form.get("value"), "value", "Enter the new value in pounds, like 250000",
                     errors)
    ends_on = parse_period(form.get("ends_on"))
    if ends_on is None and (form.get("ends_on") or "").strip():
        errors["ends_on"] = "Enter the new end date like 2029-03-31, or leave it empty"
    effective_on = parse_period(form.get("effective_on"))
    if effective_on is None:
        errors["effective_on"] = "Enter the date the variation takes effect, like 2028-04-01"
    reason = (form.get("reason") or "").strip()[:2000]
    return VariationInput(effective_on, reason, value, ends_on), errors
