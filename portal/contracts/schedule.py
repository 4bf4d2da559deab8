"""A contract's reporting schedule: the periods the provider reports on and when each report
is due, derived quarterly at the award (`Contract.derive_schedule`, in the model, since the
award that makes a contract happens below this area) and then edited by the commissioner.

A period's status is derived from today and the reports made against it, never stored:
upcoming, due (ended, not yet reported), overdue (past its due date with no report waiting
or confirmed), reported (waiting for the commissioner), confirmed or returned.
"""

from datetime import date, timedelta

from sqlalchemy import select

from portal import audit, clock, permissions
from portal.errors import NotFound, PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.models import Contract, ReportingPeriod
from portal.models.contracts import (  # noqa: F401  (the schedule's rules, kept by the model)
    DUE_AFTER_DAYS,
    MONTHS_PER_PERIOD,
    add_months,
    quarters,
)

STATUS_LABELS = {"upcoming": "Upcoming", "due": "Due", "overdue": "Overdue",
                 "reported": "Reported", "confirmed": "Confirmed", "returned": "Returned"}
STATUS_TAGS = {"upcoming": "grey", "due": "yellow", "overdue": "red", "reported": "blue",
               "confirmed": "green", "returned": "orange"}


def status(period: ReportingPeriod, today: date | None = None) -> str:
    """Where a period stands today (see the module's docstring)."""
    today = today or clock.uk_today()
    states = {report.status for report in period.reports}
    if "confirmed" in states:
        return "confirmed"
    if "submitted" in states:
        return "reported"
    if today > period.due_on:
        return "overdue"
    if "returned" in states:
        return "returned"
    return "due" if today > period.ends_on else "upcoming"


def needs_report(period: ReportingPeriod) -> bool:
    """No report on it is confirmed or waiting: the provider still owes one."""
    return not any(report.status in ("confirmed", "submitted") for report in period.reports)


def reportable(contract: Contract, today: date | None = None) -> list[ReportingPeriod]:
    """The periods the provider can report on now: ended, and still owing a report."""
    today = today or clock.uk_today()
    return [p for p in contract.periods if p.ends_on <= today and needs_report(p)]


def overdue(contract: Contract, today: date | None = None) -> list[ReportingPeriod]:
    return [p for p in contract.periods if status(p, today) == "overdue"]


def period_for(contract: Contract, period_end: date) -> ReportingPeriod | None:
    """The scheduled period a report belongs to: the one its end date falls in (figures are
    so far, from the contract's start, so the end date is what places a report)."""
    return next((p for p in contract.periods if p.starts_on <= period_end <= p.ends_on), None)


def get_period(contract: Contract, period_id: int) -> ReportingPeriod:
    period = db.session.get(ReportingPeriod, period_id)
    if period is None or period.contract_id != contract.id:
        raise NotFound()
    return period


def _check(contract: Contract, starts_on: date, ends_on: date, due_on: date,
           editing: ReportingPeriod | None = None) -> None:
    """Inside the contract, after each other in order, due after the period ends, and not
    overlapping another period."""
    errors = {}
    if ends_on < starts_on:
        errors["ends_on"] = "The end of the period must be on or after its start"
    elif starts_on < contract.starts_on or ends_on > contract.ends_on:
        errors["starts_on"] = (f"The period must fall within the contract, from "
                               f"{contract.starts_on:%-d %B %Y} to {contract.ends_on:%-d %B %Y}")
    if due_on <= ends_on:
        errors["due_on"] = "The report must be due after the period ends"
    clash = next((p for p in contract.periods if p is not editing
                  and p.starts_on <= ends_on and starts_on <= p.ends_on), None)
    if clash is not None and "ends_on" not in errors:
        errors["starts_on"] = (f"The period overlaps the one from {clash.starts_on:%-d %B %Y} "
                               f"to {clash.ends_on:%-d %B %Y}")
    if errors:
        raise ValidationFailed(errors)


def add_period(contract: Contract, starts_on: date, ends_on: date, due_on: date, *,
               actor) -> ReportingPeriod:
    """The commissioner adds a period to the schedule."""
    if not permissions.can_edit_schedule(actor, contract):
        raise PermissionDenied()
    _check(contract, starts_on, ends_on, due_on)
    period = ReportingPeriod(starts_on=starts_on, ends_on=ends_on, due_on=due_on)
    contract.periods.append(period)
    db.session.flush()
    audit.record("contract.period_added", contract, actor=actor, period=period.id,
                 **_dates(period))
    return period


def edit_period(period: ReportingPeriod, starts_on: date, ends_on: date, due_on: date, *,
                actor) -> None:
    """The commissioner moves a period not yet reported on."""
    if not permissions.can_edit_period(actor, period):
        raise PermissionDenied()
    _check(period.contract, starts_on, ends_on, due_on, editing=period)
    before = _dates(period)
    period.starts_on, period.ends_on, period.due_on = starts_on, ends_on, due_on
    audit.record("contract.period_changed", period.contract, actor=actor, period=period.id,
                 before=before, **_dates(period))


def remove_period(period: ReportingPeriod, *, actor) -> None:
    """The commissioner removes a period not yet reported on."""
    if not permissions.can_edit_period(actor, period):
        raise PermissionDenied()
    contract = period.contract
    audit.record("contract.period_removed", contract, actor=actor, period=period.id,
                 **_dates(period))
    contract.periods.remove(period)
    db.session.flush()


def fit_to_end(contract: Contract, before: date) -> None:
    """After the end date moved from `before`: an extension gets default periods for its new
    days; a shortened contract loses the unreported periods after its new end, and an
    unreported period running past it ends there. A reported period past it is refused."""
    end = contract.ends_on
    if end > before:
        contract.derive_schedule(after=max([before] + [p.ends_on for p in contract.periods]))
        return
    for period in [p for p in contract.periods if p.ends_on > end]:
        if period.reports:
            raise ValidationFailed("A report was made for a period that ends after the new end "
                                   "date: choose a later end date", "ends_on")
        if period.starts_on > end:
            contract.periods.remove(period)
        else:
            period.ends_on = end
            period.due_on = max(period.due_on, end + timedelta(days=1))


def _dates(period: ReportingPeriod) -> dict[str, str]:
    return {"starts_on": period.starts_on.isoformat(), "ends_on": period.ends_on.isoformat(),
            "due_on": period.due_on.isoformat()}


def periods_due(today: date, *, within: int, overdue_for: int) -> list[ReportingPeriod]:
    """Periods whose report is due in the next `within` days or has been overdue for at most
    `overdue_for` days (older ones are not chased by email: the contract page says so)."""
    return list(db.session.scalars(
        select(ReportingPeriod).where(
            ReportingPeriod.due_on <= today + timedelta(days=within),
            ReportingPeriod.due_on >= today - timedelta(days=overdue_for))
        .order_by(ReportingPeriod.due_on, ReportingPeriod.id)))
