"""The dashboards' lists: the contracts a body let, with the outcome reports on them waiting
for a decision (before this list a waiting report was reachable only from its email) and the
reports overdue; and for a provider, the reports it owes that are overdue."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal import permissions
from portal.contracts import schedule
from portal.errors import PermissionDenied
from portal.extensions import db
from portal.models import Contract, Opportunity, Organisation, OutcomeReport, ReportingPeriod


@dataclass
class LetContract:
    contract: Contract
    waiting: list[OutcomeReport]  # submitted, for the body to confirm or return
    overdue: list[ReportingPeriod]  # past their due date with no report waiting or confirmed


def contracts_let(organisation: Organisation, *, actor) -> list[LetContract]:
    """Every contract the body let, soonest ending first (what comes up for commissioning
    again), each with its reports waiting, oldest period first."""
    if not permissions.can_view_contracts_let(actor, organisation):
        raise PermissionDenied()
    found = db.session.scalars(
        select(Contract).join(Opportunity)
        .where(Opportunity.organisation_id == organisation.id)
        .order_by(Contract.ends_on, Contract.id)
        .options(selectinload(Contract.opportunity), selectinload(Contract.organisation),
                 selectinload(Contract.reports),
                 selectinload(Contract.periods).selectinload(ReportingPeriod.reports)))
    return [LetContract(contract, [r for r in contract.reports if r.status == "submitted"],
                        schedule.overdue(contract))
            for contract in found]


def reports_waiting(rows: list[LetContract]) -> int:
    return sum(len(row.waiting) for row in rows)


def reports_overdue(rows: list[LetContract]) -> int:
    return sum(len(row.overdue) for row in rows)


def overdue_won(organisation: Organisation, *, actor) -> list[LetContract]:
    """The provider's contracts with an outcome report overdue, the oldest due first."""
    if not permissions.can_view_contracts_won(actor, organisation):
        raise PermissionDenied()
    found = db.session.scalars(
        select(Contract).where(Contract.organisation_id == organisation.id)
        .order_by(Contract.ends_on, Contract.id)
        .options(selectinload(Contract.opportunity),
                 selectinload(Contract.periods).selectinload(ReportingPeriod.reports)))
    rows = [LetContract(contract, [], schedule.overdue(contract)) for contract in found]
    return [row for row in rows if row.overdue]
