"""Contracts made by awards, and the outcome reports providers submit on them."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from portal import audit, clock, permissions
from portal.errors import NotFound, PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.models import (
    BidCitation,
    ClauseDelivery,
    Contract,
    Innovation,
    OutcomeReport,
    OutcomeResult,
    User,
)
from portal.notifications.events import notify
from portal.urls import external_url


def get_contract(contract_id: int) -> Contract:
    """Contracts are public: the award notice."""
    contract = db.session.get(Contract, contract_id)
    if contract is None:
        raise NotFound()
    return contract


def get_report(contract: Contract, report_id: int) -> OutcomeReport:
    report = db.session.get(OutcomeReport, report_id)
    if report is None or report.contract_id != contract.id:
        raise NotFound()
    return report


def submit_report(contract: Contract, *, period_start: date, period_end: date,
                  results: dict[int, tuple[int, int]], deliveries: dict[int, Decimal],
                  notes: str, actor) -> OutcomeReport:
    """Report people worked with and reaching the outcome per targeted indicator
    (target id -> (worked with, achieved)) and delivery per social clause."""
    if not permissions.can_report_outcomes(actor, contract):
        raise PermissionDenied()
    opportunity = contract.opportunity
    errors = {}
    if period_end < period_start:
        errors["period_end"] = "The end of the period must be after its start"
    if period_start < contract.starts_on or period_end > contract.ends_on:
        errors["period_start"] = "The period must fall within the contract's dates"
    for target in opportunity.indicators:
        worked_with, achieved = results.get(target.id, (None, None))
        if worked_with is None or achieved is None:
            errors[f"worked-{target.id}"] = f"Enter both numbers for {target.indicator_code}"
        elif achieved > worked_with:
            errors[f"achieved-{target.id}"] = (
                f"People reaching the outcome for {target.indicator_code} cannot be more than "
                "people worked with")
    for clause in opportunity.social_clauses:
        if deliveries.get(clause.id) is None:
            errors[f"delivered-{clause.id}"] = (
                f"Enter what was delivered for {clause.clause_type.name}")
    if errors:
        raise ValidationFailed(errors)
    report = OutcomeReport(contract=contract, period_start=period_start, period_end=period_end,
                           notes=notes.strip(), submitted_by_id=actor.id,
                           submitted_at=clock.now(), status="submitted")
    report.results = [OutcomeResult(target_id=t.id, worked_with=results[t.id][0],
                                    achieved=results[t.id][1]) for t in opportunity.indicators]
    report.deliveries = [ClauseDelivery(clause_id=c.id, delivered=deliveries[c.id])
                         for c in opportunity.social_clauses]
    db.session.add(report)
    db.session.flush()
    audit.record("report.submitted", report, actor=actor, contract=contract.id)
    _tell(opportunity.organisation_id, "report_submitted",
          f"Outcome report to confirm: {opportunity.title}", report)
    return report


def confirm_report(report: OutcomeReport, *, actor) -> None:
    """The commissioner confirms the figures; they then show on the public award notice."""
    if not permissions.can_decide_report(actor, report):
        raise PermissionDenied()
    report.status, report.decided_at, report.decided_by_id = "confirmed", clock.now(), actor.id
    audit.record("report.confirmed", report, actor=actor, contract=report.contract_id)
    _tell(report.contract.organisation_id, "report_decided",
          f"Outcome report confirmed: {report.contract.opportunity.title}", report)


def return_report(report: OutcomeReport, reason: str, *, actor) -> None:
    """Send a report back with a reason; the provider submits a corrected one."""
    if not permissions.can_decide_report(actor, report):
        raise PermissionDenied()
    if not reason.strip():
        raise ValidationFailed("Enter the reason for returning the report", "reason")
    report.status, report.return_reason = "returned", reason.strip()
    report.decided_at, report.decided_by_id = clock.now(), actor.id
    audit.record("report.returned", report, actor=actor, contract=report.contract_id,
                 reason=reason.strip())
    _tell(report.contract.organisation_id, "report_decided",
          f"Outcome report returned: {report.contract.opportunity.title}", report)


def _tell(organisation_id: int, template: str, subject: str, report: OutcomeReport) -> None:
    members = db.session.scalars(select(User).where(User.organisation_id == organisation_id,
                                                    User.membership == "active"))
    link = external_url("contracts.detail", contract_id=report.contract_id)
    for member in members:
        notify(member, template, subject, report=report, link=link)


@dataclass
class Delivery:
    """Confirmed results against what the winning bid committed."""

    label: str
    committed: str
    delivered: str


def delivered_against_committed(contract: Contract) -> list[Delivery]:
    """For the public award notice: confirmed reports only, summed over periods."""
    confirmed = [r for r in contract.reports if r.status == "confirmed"]
    version = contract.bid.current_version.content
    rows = []
    for target in contract.opportunity.indicators:
        results = [x for r in confirmed for x in r.results if x.target_id == target.id]
        worked = sum(x.worked_with for x in results)
        achieved = sum(x.achieved for x in results)
        expected = version["improvements"].get(str(target.id), {}).get("expected_pct")
        rate = f"{Decimal(achieved) * 100 / worked:.1f}%" if worked else "not yet reported"
        rows.append(Delivery(
            f"{target.indicator_code}: {target.indicator.title}",
            f"{Decimal(expected).normalize():f}% reaching the outcome" if expected else "—",
            f"{rate} ({achieved:,} of {worked:,} people)" if worked else rate))
    for clause in contract.opportunity.social_clauses:
        delivered = sum((d.delivered for r in confirmed for d in r.deliveries
                         if d.clause_id == clause.id), Decimal(0))
        committed = Decimal(version["commitments"].get(str(clause.id), "0"))
        rows.append(Delivery(clause.clause_type.name,
                             f"{committed.normalize():f} {clause.unit_label}",
                             f"{delivered.normalize():f} {clause.unit_label}"))
    return rows


def library_entry_prefill(contract: Contract) -> dict:
    """A practice library entry drafted from a finished contract, in the library's
    JSON Lines shape (DESIGN.md §5), from the opportunity, the bid and confirmed reports."""
    if contract.ends_on > clock.now().date():
        raise ValidationFailed("The contract has not finished yet", "contract")
    opportunity = contract.opportunity
    confirmed = [r for r in contract.reports if r.status == "confirmed"]
    impacts = []
    people = 0
    for target in opportunity.indicators:
        results = [x for r in confirmed for x in r.results if x.target_id == target.id]
        worked = sum(x.worked_with for x in results)
        achieved = sum(x.achieved for x in results)
        people = max(people, worked)
        if worked and target.baseline_pct is not None:
            impacts.append({
                "indicator": target.indicator_code,
                "baseline_pct": float(target.baseline_pct),
                "baseline_period": "before the contract",
                "result_pct": round(achieved * 100 / worked, 1),
                "result_period": f"{contract.starts_on.isoformat()} to "
                                 f"{contract.ends_on.isoformat()}",
                "cohort": worked,
            })
    return {
        "title": opportunity.title,
        "summary": opportunity.summary,
        "service": opportunity.specification,
        "client_groups": [g.code for g in opportunity.client_groups],
        "outcomes": [o.code for o in opportunity.outcomes],
        "local_areas": [a.code for a in opportunity.local_areas],
        "delivered_by": contract.organisation.name,
        "commissioned_by": opportunity.organisation.name,
        "period_start": contract.starts_on.isoformat(),
        "period_end": contract.ends_on.isoformat(),
        "cost_per_person_gbp": round(float(contract.value) / people, 2) if people else None,
        "evidence_rating": 2,  # before-and-after measure
        "sources": [external_url("contracts.detail", contract_id=contract.id)],
        "impacts": impacts,
        # The published innovations the winning bid, as submitted, cited.
        "innovations": list(db.session.scalars(
            select(BidCitation.innovation_id).join(Innovation)
            .where(BidCitation.bid_id == contract.bid_id, Innovation.status == "published")
            .order_by(BidCitation.innovation_id))),
    }
