"""Contracts made by awards, and the outcome reports providers submit on them."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from portal import audit, clock, permissions
from portal.contracts import schedule
from portal.errors import NotFound, PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.feedback import queries as feedback
from portal.library import services as library
from portal.models import (
    BidCitation,
    ClauseDelivery,
    Contract,
    Innovation,
    LibraryEntry,
    OutcomeReport,
    OutcomeResult,
    ReportingPeriod,
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
                  notes: str, actor, period: ReportingPeriod | None = None) -> OutcomeReport:
    """Report, so far (from the contract's start to the end of a period that has ended), people
    worked with and reaching the outcome per targeted indicator (target id -> (worked with,
    achieved)) and delivery per social clause. See `delivered_so_far`. The report belongs to
    the scheduled `period` chosen, or else to the one its end date falls in."""
    if not permissions.can_report_outcomes(actor, contract):
        raise PermissionDenied()
    opportunity = contract.opportunity
    errors = {}
    if period is not None and not schedule.needs_report(period):
        errors["period"] = "A report on this period is already waiting or confirmed"
    if period_end < period_start:
        errors["period_end"] = "The end of the period must be after its start"
    elif period_end > clock.uk_today():
        errors["period_end"] = ("The end of the period must be today or earlier: report on a "
                                "period once it has ended")
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
                           submitted_at=clock.now(), status="submitted",
                           period=period or schedule.period_for(contract, period_end))
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
    """The commissioner confirms the figures; they then show on the public award notice.
    Not before the report's period has ended (a report sent before that rule existed)."""
    if not permissions.can_decide_report(actor, report):
        raise PermissionDenied()
    if report.period_end > clock.uk_today():
        raise ValidationFailed("This report's period has not ended yet. Return it, and ask for "
                               "a report once the period has ended", "report")
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
class SoFar:
    """What a contract has delivered so far, by the one rule of `delivered_so_far`."""

    to: date | None = None  # the end of the period the figures run to; None: nothing confirmed
    # opportunity indicator id -> (people worked with, people who reached the outcome)
    results: dict[int, tuple[int, int]] = field(default_factory=dict)
    deliveries: dict[int, Decimal] = field(default_factory=dict)  # social clause id -> amount

    @property
    def people(self) -> int:
        """People worked with: the largest count under any one indicator (one person may be
        counted under several, so the counts are not added)."""
        return max((worked for worked, _ in self.results.values()), default=0)


def delivered_so_far(contract: Contract) -> SoFar:
    """The one rule for adding up outcome reports, used by the award notice and the library
    entry drafted from a contract.

    Every figure in a report is cumulative: from the start of the contract to the end of the
    report's period (the report form says "so far"). So a contract has delivered what its
    latest confirmed report says, and reports are never summed. Per kind of figure:

    - people worked with, and people who reached an indicator's outcome: counts of people,
      and the same people appear in several periods (30 + 30 + 28 is not 88 people);
    - a social clause in people: likewise;
    - a social clause in per cent of contract value: a share of the whole contract, and the
      shares of different periods do not add (12% + 12% + 14% is not 38%);
    - a social clause in hours or weeks: the provider's running total, so a missed,
      overlapping or corrected report never counts twice.

    The latest report is the confirmed one whose period ends last (then the last submitted).
    Submitted and returned reports never count.
    """
    confirmed = [report for report in contract.reports if report.status == "confirmed"]
    if not confirmed:
        return SoFar()
    latest = max(confirmed, key=lambda report: (report.period_end, report.id))
    return SoFar(
        to=latest.period_end,
        results={result.target_id: (result.worked_with, result.achieved)
                 for result in latest.results},
        deliveries={delivery.clause_id: delivery.delivered for delivery in latest.deliveries})


@dataclass
class Delivery:
    """Confirmed results against what the winning bid committed."""

    label: str
    committed: str
    delivered: str


def delivered_against_committed(contract: Contract, so_far: SoFar | None = None
                                ) -> list[Delivery]:
    """For the public award notice: what the bid committed, and what was delivered so far."""
    so_far = so_far or delivered_so_far(contract)
    version = contract.bid.current_version.content
    rows = []
    for target in contract.opportunity.indicators:
        worked, achieved = so_far.results.get(target.id, (0, 0))
        expected = version["improvements"].get(str(target.id), {}).get("expected_pct")
        rate = f"{Decimal(achieved) * 100 / worked:.1f}%" if worked else "not yet reported"
        rows.append(Delivery(
            f"{target.indicator_code}: {target.indicator.title}",
            f"{Decimal(expected).normalize():f}% reaching the outcome" if expected else "—",
            f"{rate} ({achieved:,} of {worked:,} people)" if worked else rate))
    for clause in contract.opportunity.social_clauses:
        delivered = so_far.deliveries.get(clause.id)
        committed = Decimal(version["commitments"].get(str(clause.id), "0"))
        rows.append(Delivery(
            clause.clause_type.name, f"{committed.normalize():f} {clause.unit_label}",
            "not yet reported" if delivered is None
            else f"{delivered.normalize():f} {clause.unit_label}"))
    return rows


def library_entry_prefill(contract: Contract) -> dict:
    """A practice library entry drafted from a finished contract, in the library's
    JSON Lines shape (DESIGN.md §5), from the opportunity, the bid and confirmed reports."""
    if contract.ends_on > clock.uk_today():
        raise ValidationFailed("The contract has not finished yet", "contract")
    opportunity = contract.opportunity
    so_far = delivered_so_far(contract)
    impacts = []
    for target in opportunity.indicators:
        worked, achieved = so_far.results.get(target.id, (0, 0))
        if worked and target.baseline_pct is not None:
            impacts.append({
                "indicator": target.indicator_code,
                "baseline_pct": float(target.baseline_pct),
                "baseline_period": "before the contract",
                "result_pct": round(achieved * 100 / worked, 1),
                "result_period": f"{contract.starts_on.isoformat()} to {so_far.to.isoformat()}",
                "cohort": worked,
            })
    people = so_far.people
    return {
        "title": opportunity.title,
        "summary": opportunity.summary,
        "service": opportunity.specification + _feedback_cited(contract),
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


def _feedback_cited(contract: Contract) -> str:
    """What people who used the service said, in counts and averages (never their words,
    which were written about this provider), as a section of the entry's service text."""
    lines = feedback.summary_sentences(feedback.summary(contract.id))
    if not lines:
        return ""
    link = external_url("contracts.detail", contract_id=contract.id, _anchor="feedback")
    items = "\n".join(f"* {line}" for line in lines[1:])
    return (f"\n\n## What people who used the service said\n\n{lines[0]} "
            f"[Read it on the award notice]({link}).\n\n{items}").rstrip()


def contribute_from_contract(contract: Contract, *, actor) -> LibraryEntry:
    """Draft a library entry from a finished contract (opportunity, winning bid and confirmed
    reports); it links back to the award and waits for moderation like any other."""
    if not permissions.can_draft_library_entry_from(actor, contract):
        raise PermissionDenied()
    existing = db.session.scalar(select(LibraryEntry).where(
        LibraryEntry.contract_id == contract.id))
    if existing is not None:
        raise ValidationFailed("This contract already has a library entry", "contract")
    record = library_entry_prefill(contract)
    if not record["impacts"]:
        raise ValidationFailed("The contract needs at least one confirmed outcome report with "
                               "a starting point before it can become a library entry",
                               "contract")
    entry = library.contribute(record, actor=actor)
    entry.contract_id = contract.id
    return entry
