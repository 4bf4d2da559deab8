"""The commissioner's own list: the contracts their body let, and the outcome reports on them
waiting for a decision. Before this list a waiting report was reachable only from its email."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal import permissions
from portal.errors import PermissionDenied
from portal.extensions import db
from portal.models import Contract, Opportunity, Organisation, OutcomeReport


@dataclass
class LetContract:
    contract: Contract
    waiting: list[OutcomeReport]  # submitted, for the body to confirm or return


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
                 selectinload(Contract.reports)))
    return [LetContract(contract, [r for r in contract.reports if r.status == "submitted"])
            for contract in found]


def reports_waiting(rows: list[LetContract]) -> int:
    return sum(len(row.waiting) for row in rows)
