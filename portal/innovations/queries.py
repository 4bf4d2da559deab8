"""Reading innovations: the public list and its filters, spread, queues and interest received.

The public list and the open data API share `InnovationFilters`, so the same
URL parameters mean the same thing on both. Only published innovations are
ever returned by `published_innovations`.
"""

import re
from collections import defaultdict
from dataclasses import asdict, dataclass

from sqlalchemy import func, select, union_all
from sqlalchemy.orm import selectinload

from portal import clock, reference
from portal.extensions import db
from portal.models import (
    EVIDENCE_LEVELS,
    INNOVATION_STAGES,
    Adoption,
    Bid,
    BidCitation,
    ClientGroup,
    Indicator,
    Innovation,
    InnovationInterest,
    LocalArea,
    Opportunity,
    OpportunityIndicator,
    Outcome,
    Region,
)
from portal.models.opportunities import opportunity_client_group, opportunity_outcome
from portal.urls import page_number, whole_number

PAGE_SIZE = 20
# Reference codes are short runs of letters, digits, spaces and hyphens ("NI 148", "E12000002").
CODE = re.compile(r"^[A-Za-z0-9 -]{1,30}$")
SORTS = {"newest": "Newest first", "most-adopted": "Most adopted first"}


def _code(args, name: str) -> str:
    """A reference code from the URL, or "" for anything that cannot be one (PostgreSQL
    refuses some characters outright, such as NUL)."""
    value = args.get(name, "")
    return value if CODE.match(value) else ""


@dataclass
class InnovationFilters:
    """The list's filters, read from URL parameters; unknown values are ignored."""

    client_group: str = ""
    outcome: str = ""
    indicator: str = ""
    stage: str = ""
    evidence_level: int | None = None
    region: str = ""
    adopted: bool = False
    sort: str = "newest"
    page: int = 1

    @classmethod
    def from_args(cls, args) -> "InnovationFilters":
        level = whole_number(args, "evidence_level", strict=False)
        return cls(
            client_group=_code(args, "client_group"),
            outcome=_code(args, "outcome"),
            indicator=_code(args, "indicator"),
            stage=args.get("stage", "") if args.get("stage") in INNOVATION_STAGES else "",
            evidence_level=level if level in EVIDENCE_LEVELS else None,
            region=_code(args, "region"),
            adopted=args.get("adopted") in ("yes", "1", "true"),
            sort=args.get("sort") if args.get("sort") in SORTS else "newest",
            page=page_number(args),
        )

    def as_args(self, **changes) -> dict:
        """The filters as URL parameters (defaults left out), with some changed."""
        values = {**asdict(self), **changes}
        values["adopted"] = "yes" if values["adopted"] else ""
        defaults = {"sort": "newest", "page": 1}
        return {k: v for k, v in values.items() if v not in ("", None) and defaults.get(k) != v}


@dataclass
class InnovationPage:
    innovations: list[Innovation]
    total: int
    page: int
    page_size: int = PAGE_SIZE

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def _filtered(filters: InnovationFilters):
    query = select(Innovation).where(Innovation.status == "published")
    if filters.client_group:
        query = query.where(Innovation.client_groups.any(ClientGroup.code == filters.client_group))
    if filters.outcome:
        query = query.where(Innovation.outcomes.any(Outcome.code == filters.outcome))
    if filters.indicator:
        query = query.where(Innovation.indicators.any(Indicator.code == filters.indicator))
    if filters.stage:
        query = query.where(Innovation.stage == filters.stage)
    if filters.evidence_level:
        query = query.where(Innovation.evidence_level >= filters.evidence_level)
    if filters.region:
        query = query.where(Innovation.local_areas.any(LocalArea.region_code == filters.region))
    if filters.adopted:
        query = query.where(Innovation.adoptions.any())
    return query


# What a list shows of each innovation, loaded for the whole page at once (not a query each).
_LIST_OPTIONS = (selectinload(Innovation.organisation), selectinload(Innovation.client_groups),
                 selectinload(Innovation.indicators), selectinload(Innovation.adoptions))


def published_innovations(filters: InnovationFilters, *,
                          page_size: int = PAGE_SIZE) -> InnovationPage:
    """One page of published innovations matching the filters, in the chosen order."""
    query = _filtered(filters)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    if filters.sort == "most-adopted":
        adoptions = (select(func.count(Adoption.id)).where(Adoption.innovation_id == Innovation.id)
                     .correlate(Innovation).scalar_subquery())
        query = query.order_by(adoptions.desc(), Innovation.first_published_at.desc())
    else:
        query = query.order_by(Innovation.first_published_at.desc())
    query = query.order_by(Innovation.id.desc())
    offset = (filters.page - 1) * page_size
    rows = list(db.session.scalars(query.offset(offset).limit(page_size).options(*_LIST_OPTIONS)))
    return InnovationPage(innovations=rows, total=total, page=filters.page, page_size=page_size)


def spread_by_region(innovation: Innovation) -> list[tuple[Region, list[Adoption]]]:
    """Adoptions grouped by region (regions by name, adoptions by start date)."""
    grouped: dict[str, list[Adoption]] = defaultdict(list)
    for adoption in innovation.adoptions:
        grouped[adoption.local_area.region_code].append(adoption)
    regions = db.session.scalars(select(Region).where(Region.code.in_(grouped)))
    return [(region, grouped[region.code]) for region in sorted(regions, key=lambda r: r.name)]


def interested_commissioners(innovation: Innovation) -> int:
    """How many commissioning bodies expressed interest (each counted once)."""
    query = select(func.count(func.distinct(InnovationInterest.organisation_id))).where(
        InnovationInterest.innovation_id == innovation.id)
    return db.session.scalar(query)


def moderation_queue() -> list[Innovation]:
    """Innovations waiting for moderation, oldest first."""
    query = (select(Innovation).where(Innovation.status == "submitted")
             .order_by(Innovation.submitted_at, Innovation.id))
    return list(db.session.scalars(query))


def organisation_innovations(organisation_id: int) -> list[Innovation]:
    query = (select(Innovation).where(Innovation.organisation_id == organisation_id)
             .order_by(Innovation.created_at.desc(), Innovation.id.desc()))
    return list(db.session.scalars(query))


def interests_received(organisation_id: int) -> list[InnovationInterest]:
    """Interest in the organisation's innovations, newest first."""
    query = (select(InnovationInterest).join(Innovation)
             .where(Innovation.organisation_id == organisation_id)
             .order_by(InnovationInterest.created_at.desc(), InnovationInterest.id.desc()))
    return list(db.session.scalars(query))


def interests_sent(organisation_id: int) -> list[InnovationInterest]:
    """Interest the commissioning body expressed in innovations, newest first."""
    query = (select(InnovationInterest)
             .where(InnovationInterest.organisation_id == organisation_id)
             .order_by(InnovationInterest.created_at.desc(), InnovationInterest.id.desc()))
    return list(db.session.scalars(query))


def filter_choices() -> dict:
    """Reference data for the list's filters and the form."""
    return {
        "client_groups": reference.client_groups(), "outcomes": reference.outcomes(),
        "indicators": reference.indicators(), "regions": reference.regions(),
    }


def local_areas_by_region() -> list[tuple[Region, tuple[LocalArea, ...]]]:
    return [(region, region.local_areas) for region in reference.regions()]


def running_or_adopted(*, local_area: str | None = None, region: str | None = None,
                       limit: int = 20) -> list[tuple[Innovation, bool]]:
    """Published innovations that run in a local area or region, or were adopted there; each
    with True when it was adopted there (for the area pages)."""
    if local_area:
        runs = Innovation.local_areas.any(LocalArea.code == local_area)
        adopted = Innovation.adoptions.any(Adoption.local_area_code == local_area)
    else:
        runs = Innovation.local_areas.any(LocalArea.region_code == region)
        adopted = Innovation.adoptions.any(Adoption.local_area.has(LocalArea.region_code == region))
    query = (select(Innovation, adopted).where(Innovation.status == "published", runs | adopted)
             .order_by(Innovation.first_published_at.desc(), Innovation.id.desc()).limit(limit))
    return [(innovation, bool(was_adopted)) for innovation, was_adopted in
            db.session.execute(query)]


def open_opportunities_sharing_tags(*, client_groups=(), outcomes=(), indicators=(),
                                    limit: int = 5) -> list[Opportunity]:
    """Open opportunities sharing tags (codes) with an innovation, most shared first.

    For the innovation page's "open opportunities this could answer"."""
    parts = [
        select(column.table.c.opportunity_id).where(column.in_(list(values)))
        for column, values in (
            (opportunity_client_group.c.client_group_code, client_groups),
            (opportunity_outcome.c.outcome_code, outcomes),
            (OpportunityIndicator.__table__.c.indicator_code, indicators),
        )
        if values
    ]
    if not parts:
        return []
    shared = union_all(*parts).subquery()
    overlap = (select(shared.c.opportunity_id, func.count().label("score"))
               .group_by(shared.c.opportunity_id).subquery())
    query = (select(Opportunity).join(overlap, overlap.c.opportunity_id == Opportunity.id)
             .where(Opportunity.status_clause("open", clock.now()))
             .order_by(overlap.c.score.desc(), Opportunity.closes_at, Opportunity.id)
             .limit(limit))
    return list(db.session.scalars(query))


def closed_bids_citing(innovation_id: int) -> int:
    """How many bids cited the innovation, counting only bids on opportunities that have
    closed: a sealed bid reveals nothing, not even that it exists."""
    return db.session.scalar(
        select(func.count(BidCitation.bid_id))
        .join(Bid, Bid.id == BidCitation.bid_id)
        .join(Opportunity, Opportunity.id == Bid.opportunity_id)
        .where(BidCitation.innovation_id == innovation_id, Bid.status == "submitted",
               Opportunity.closes_at <= clock.now()))
