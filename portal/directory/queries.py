"""Which services the directory lists: contracts in delivery today (started, not yet ended,
on a published opportunity), found by where they are delivered and whom they are for."""

from dataclasses import dataclass, field

from sqlalchemy import case, func, select
from sqlalchemy.orm import selectinload

from portal import clock, reference
from portal.contracts.queries import ContractPage
from portal.errors import NotFound
from portal.extensions import db
from portal.models import Contract, LocalArea, Opportunity, ServiceListing
from portal.models.opportunities import opportunity_client_group, opportunity_local_area
from portal.opportunities.queries import tag_clause
from portal.urls import page_number

PER_PAGE = 20


@dataclass
class DirectoryFilters:
    """The directory's filters as they appear in the URL: one area (a local area or a whole
    region) and any client groups. A code the portal does not know becomes a message in
    `errors` and is ignored."""

    area: str | None = None
    client_group: list[str] = field(default_factory=list)
    page: int = 1
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_args(cls, args) -> "DirectoryFilters":
        filters = cls(page=page_number(args))
        area = (args.get("area") or "").strip()
        if area and reference.find("local_areas", area) is None \
                and reference.find("regions", area) is None:
            filters.errors["area"] = "Choose an area from the list"
        elif area:
            filters.area = area
        groups = [code.strip() for code in args.getlist("client_group") if code.strip()]
        known = reference.names("client_groups")
        if any(code not in known for code in groups):
            filters.errors["client_group"] = "Choose who the service is for from the list"
        filters.client_group = [code for code in groups if code in known][:10]
        return filters

    @property
    def area_name(self) -> str | None:
        place = (reference.find("local_areas", self.area) or reference.find("regions", self.area)
                 if self.area else None)
        return place.name if place else None


def live_clause():
    """SQL for 'this contract's service is running today' (UK dates, both ends included;
    `Contract.runs_on` says the same of one contract)."""
    today = clock.uk_today()
    return (Contract.starts_on <= today) & (Contract.ends_on >= today)


def _live():
    return (select(Contract).join(Contract.opportunity)
            .where(Opportunity.published_clause(clock.now()), live_clause()))


def _filtered(filters: DirectoryFilters):
    query = _live()
    if filters.area and reference.find("regions", filters.area):
        areas = select(LocalArea.code).where(LocalArea.region_code == filters.area)
        query = query.where(tag_clause(opportunity_local_area, "local_area_code", areas))
    elif filters.area:
        query = query.where(tag_clause(opportunity_local_area, "local_area_code",
                                       [filters.area]))
    if filters.client_group:
        query = query.where(tag_clause(opportunity_client_group, "client_group_code",
                                       filters.client_group))
    return query


def _loaded(query):
    return query.options(
        selectinload(Contract.listing), selectinload(Contract.organisation),
        selectinload(Contract.opportunity).selectinload(Opportunity.client_groups),
        selectinload(Contract.opportunity).selectinload(Opportunity.local_areas),
        selectinload(Contract.opportunity).selectinload(Opportunity.organisation))


def directory_page(filters: DirectoryFilters, *, per_page: int = PER_PAGE) -> ContractPage:
    """One page of live services: those that say how to get referred first, then by name."""
    query = _filtered(filters)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    listed_first = case((ServiceListing.id.is_(None), 1), else_=0)
    name = func.coalesce(ServiceListing.name, Opportunity.title)
    ordered = (query.outerjoin(ServiceListing, ServiceListing.contract_id == Contract.id)
               .order_by(listed_first, func.lower(name), Contract.id))
    items = db.session.scalars(_loaded(ordered).limit(per_page)
                               .offset((filters.page - 1) * per_page)).all()
    return ContractPage(list(items), total, filters.page, per_page)


def live_count(*, area: str | None = None) -> int:
    """How many services are running in a local area or a region (or England, for None):
    the area page's way into the directory."""
    return db.session.scalar(select(func.count()).select_from(
        _filtered(DirectoryFilters(area=area)).subquery()))


def get_live(contract_id: int) -> Contract:
    """A service in the directory; NotFound for a contract not running today (or unknown)."""
    found = db.session.scalar(_loaded(_live().where(Contract.id == contract_id)))
    if found is None:
        raise NotFound()
    return found
