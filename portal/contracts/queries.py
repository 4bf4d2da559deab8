"""The public contracts register: which contracts anyone may see, filtered and sorted (for the
register page, its CSV and `/api/v1/contracts`), and the public facts of one award.

A contract is public from its award; one whose opportunity is not published (which the
portal never makes, but a hand-edited database could) never shows: drafts never appear.
The number of bids received follows `permissions.bids_received_is_public`; nothing of a bid
that did not win is ever read here.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal import clock, permissions, reference
from portal.bids.queries import submitted_bid_count
from portal.contracts.services import SoFar, delivered_so_far
from portal.errors import NotFound
from portal.extensions import db
from portal.models import (
    Contract,
    LocalArea,
    Opportunity,
    OpportunityIndicator,
    OpportunitySocialClause,
    Organisation,
    OutcomeReport,
)
from portal.models.opportunities import opportunity_client_group, opportunity_local_area
from portal.opportunities.queries import iso_date, tag_clause
from portal.urls import ID_MAX, page_number, whole_number

SORTS = {"awarded": "Most recently awarded", "ending": "Ending soonest"}
PER_PAGE = 20
DATES = ("awarded_after", "awarded_before", "ends_after", "ends_before")


@dataclass
class ContractFilters:
    """The register's filters as they appear in the URL. Each value that cannot be used
    becomes a message in `errors` (the page shows it; the API answers 400) and is ignored."""

    buyer: list[int] = field(default_factory=list)
    supplier: list[int] = field(default_factory=list)
    client_group: list[str] = field(default_factory=list)
    indicator: list[str] = field(default_factory=list)
    region: list[str] = field(default_factory=list)
    awarded_after: date | None = None
    awarded_before: date | None = None
    ends_after: date | None = None
    ends_before: date | None = None
    sort: str = "awarded"
    page: int = 1
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_args(cls, args) -> "ContractFilters":
        filters = cls(page=page_number(args))
        errors = filters.errors
        filters.buyer, filters.supplier = _ids(args, "buyer", errors), _ids(args, "supplier",
                                                                          errors)
        filters.client_group = _codes(args, "client_group", "client_groups", errors)
        filters.region = _codes(args, "region", "regions", errors)
        filters.indicator = _indicators(args, errors)
        for name in DATES:
            setattr(filters, name, iso_date(args.get(name), name, errors))
        sort = args.get("sort") or "awarded"
        if sort not in SORTS:
            errors["sort"] = f"sort must be one of: {', '.join(SORTS)}"
        filters.sort = sort if sort in SORTS else "awarded"
        return filters


def _values(args, name: str) -> list[str]:
    return [value.strip() for value in args.getlist(name) if value.strip()][:50]


def _ids(args, name: str, errors: dict) -> list[int]:
    ids = []
    for value in _values(args, name):
        number = whole_number({name: value}, name, maximum=ID_MAX, strict=False)
        if number is None:
            errors[name] = f"{name} must be an organisation's id, a whole number like 12"
        else:
            ids.append(number)
    return ids


def _codes(args, name: str, kind: str, errors: dict) -> list[str]:
    known = reference.names(kind)
    codes = _values(args, name)
    if any(code not in known for code in codes):
        example = next(iter(known), "")
        errors[name] = f"{name} must be a code from the list, like {example}"
    return [code for code in codes if code in known]


def _indicators(args, errors: dict) -> list[str]:
    codes = [reference.indicator_code(value) for value in _values(args, "indicator")]
    if None in codes:
        errors["indicator"] = "indicator must be a National Indicator from NI 143 to NI 150"
    return [code for code in codes if code]


def _uk_midnight(day: date) -> datetime:
    return clock.from_uk(day, time())


def _filtered(filters: ContractFilters):
    """Public contracts matching the filters, in the order asked for."""
    query = select(Contract).join(Contract.opportunity).where(
        Opportunity.published_clause(clock.now()))
    if filters.buyer:
        query = query.where(Opportunity.organisation_id.in_(filters.buyer))
    if filters.supplier:
        query = query.where(Contract.organisation_id.in_(filters.supplier))
    if filters.client_group:
        query = query.where(tag_clause(opportunity_client_group, "client_group_code",
                                        filters.client_group))
    if filters.region:
        areas = select(LocalArea.code).where(LocalArea.region_code.in_(filters.region))
        query = query.where(tag_clause(opportunity_local_area, "local_area_code", areas))
    if filters.indicator:
        query = query.where(Opportunity.id.in_(select(OpportunityIndicator.opportunity_id).where(
            OpportunityIndicator.indicator_code.in_(filters.indicator))))
    return _dated(query, filters)


def _dated(query, filters: ContractFilters):
    """Award dates are days in UK time (an award at 00:30 BST is on that day); end dates are
    days already. Each range includes both of its ends."""
    if filters.awarded_after:
        query = query.where(Contract.awarded_at >= _uk_midnight(filters.awarded_after))
    if filters.awarded_before:
        end = _uk_midnight(filters.awarded_before + timedelta(days=1))
        query = query.where(Contract.awarded_at < end)
    if filters.ends_after:
        query = query.where(Contract.ends_on >= filters.ends_after)
    if filters.ends_before:
        query = query.where(Contract.ends_on <= filters.ends_before)
    return query


def _ordered(query, sort: str):
    if sort == "ending":
        return query.order_by(Contract.ends_on, Contract.id)
    return query.order_by(Contract.awarded_at.desc(), Contract.id.desc())


def _loaded(query):
    return query.options(
        selectinload(Contract.organisation),
        selectinload(Contract.opportunity).selectinload(Opportunity.organisation))


@dataclass
class ContractPage:
    items: list[Contract]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def contract_page(filters: ContractFilters, *, per_page: int = PER_PAGE) -> ContractPage:
    """One page of the register."""
    query = _filtered(filters)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    items = db.session.scalars(_loaded(_ordered(query, filters.sort))
                               .limit(per_page).offset((filters.page - 1) * per_page)).all()
    return ContractPage(list(items), total, filters.page, per_page)


def all_contracts(filters: ContractFilters) -> list[Contract]:
    """Every contract matching the filters, for the CSV download."""
    return list(db.session.scalars(_loaded(_ordered(_filtered(filters), filters.sort))))


def get_public(contract_id: int) -> Contract:
    """A contract anyone may read; NotFound for any other id."""
    found = db.session.scalar(_filtered(ContractFilters()).where(Contract.id == contract_id))
    if found is None:
        raise NotFound()
    return found


def parties() -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(buyers, suppliers) of public contracts as (id, name), by name: the register's menus."""
    public = _filtered(ContractFilters()).subquery()
    buyers = select(Opportunity.organisation_id).where(Opportunity.id.in_(
        select(public.c.opportunity_id)))
    suppliers = select(public.c.organisation_id)
    return _named(buyers), _named(suppliers)


def _named(ids) -> list[tuple[int, str]]:
    rows = db.session.execute(select(Organisation.id, Organisation.name)
                              .where(Organisation.id.in_(ids)).order_by(Organisation.name))
    return [(row.id, row.name) for row in rows]


# ---- One award's public facts -----------------------------------------------------------------

@dataclass
class ClauseFacts:
    clause: OpportunitySocialClause
    committed: Decimal
    delivered: Decimal | None  # from the latest confirmed outcome report; None: none yet


@dataclass
class TargetFacts:
    target: OpportunityIndicator
    committed_pct: Decimal | None  # what the winning bid expected
    worked_with: int | None
    achieved: int | None

    @property
    def rate_pct(self) -> Decimal | None:
        if not self.worked_with:
            return None
        return (Decimal(self.achieved) * 100 / self.worked_with).quantize(Decimal("0.1"))


@dataclass
class AwardFacts:
    """What anyone may know of an award: the winning bid's commitments, the bids received
    (after the deadline only), and confirmed outcome reports."""

    contract: Contract
    bids_received: int | None
    clauses: list[ClauseFacts]
    targets: list[TargetFacts]
    so_far: SoFar
    reports: list[OutcomeReport]


def award_facts(contract: Contract) -> AwardFacts:
    opportunity = contract.opportunity
    content = contract.bid.current_version.content  # the winning bid, as submitted
    so_far = delivered_so_far(contract)
    clauses = [ClauseFacts(clause, Decimal(content["commitments"].get(str(clause.id), "0")),
                           so_far.deliveries.get(clause.id))
               for clause in opportunity.social_clauses]
    targets = []
    for target in opportunity.indicators:
        expected = content["improvements"].get(str(target.id), {}).get("expected_pct")
        worked, achieved = so_far.results.get(target.id, (None, None))
        targets.append(TargetFacts(target, Decimal(expected) if expected else None, worked,
                                   achieved))
    received = (submitted_bid_count(opportunity.id)
                if permissions.bids_received_is_public(opportunity) else None)
    confirmed = [report for report in contract.reports if report.status == "confirmed"]
    return AwardFacts(contract, received, clauses, targets, so_far, confirmed)
