"""Finding opportunities: the public list's filters and sorting, tag queries for
indicator and area pages, and the commissioner's dashboard."""

import math
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import selectinload

from portal import clock, permissions
from portal.extensions import db
from portal.forms import whole_number_text
from portal.models import (
    Bid,
    ClarificationQuestion,
    Event,
    LocalArea,
    Opportunity,
    OpportunityIndicator,
)
from portal.models.opportunities import (
    opportunity_client_group,
    opportunity_local_area,
    opportunity_outcome,
)
from portal.search import match_kind
from portal.urls import page_number

PUBLIC_STATUSES = ("open", "closed", "awarded", "cancelled", "not awarded")
SORTS = {"relevance": "Relevance", "closing": "Closing soonest", "newest": "Newest",
         "value": "Highest value"}
KIND = "opportunity"  # the search index's kind for published opportunities
PER_PAGE = 20
EVERY_MATCH = 100_000  # far more than the portal holds


@dataclass
class Filters:
    """The public list's filters, as they appear in the URL. `q` holds keywords, matched
    by the search service; relevance is the default order when there are keywords."""

    q: str = ""
    client_group: list[str] = field(default_factory=list)
    outcome: list[str] = field(default_factory=list)
    indicator: list[str] = field(default_factory=list)
    region: list[str] = field(default_factory=list)
    local_area: list[str] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    value_min: int | None = None
    value_max: int | None = None
    closes_after: date | None = None
    closes_before: date | None = None
    sort: str = "closing"
    page: int = 1
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_args(cls, args) -> "Filters":
        """Read filters from query arguments; odd values become messages, not errors."""
        filters = cls(**{name: [v[:40] for v in args.getlist(name) if v][:50] for name in (
            "client_group", "outcome", "indicator", "region", "local_area", "status")})
        filters.status = [s for s in filters.status if s in PUBLIC_STATUSES]
        filters.value_min = _number(args.get("value_min"), "value_min", filters.errors)
        filters.value_max = _number(args.get("value_max"), "value_max", filters.errors)
        filters.closes_after = iso_date(args.get("closes_after"), "closes_after", filters.errors)
        filters.closes_before = iso_date(args.get("closes_before"), "closes_before", filters.errors)
        filters.q = args.get("q", "").strip()
        sort = args.get("sort") or filters.default_sort
        filters.sort = sort if sort in filters.sorts else filters.default_sort
        filters.page = page_number(args)
        return filters


    @property
    def default_sort(self) -> str:
        """Relevance with keywords, closing soonest without. The list's form sends the
        default as an empty value, so adding keywords to a list sorted by default sorts the
        matches by relevance."""
        return "relevance" if self.q else "closing"

    @property
    def sorts(self) -> dict[str, str]:
        """The orders on offer: relevance only when there are words to be relevant to."""
        return SORTS if self.q else {k: v for k, v in SORTS.items() if k != "relevance"}


def _number(raw, name, errors) -> int | None:
    if not raw:
        return None
    amount = whole_number_text(raw.replace(",", "").replace("£", ""), maximum=10**12)
    if amount is None:
        errors[name] = "Enter an amount in pounds, like 250000"
    return amount


def iso_date(raw, name, errors) -> date | None:
    """A date filter typed as 2009-03-31 (what a date input sends); a message in `errors`
    for anything else."""
    if not raw:
        return None
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        errors[name] = "Enter a date like 2009-03-31"
        return None


def tag_clause(table, column: str, values):
    """SQL for 'the opportunity carries one of these tags' (codes, or a select of them)."""
    return Opportunity.id.in_(select(table.c.opportunity_id).where(table.c[column].in_(values)))


def filtered_query(filters: Filters, now: datetime):
    """Published opportunities matching the filters (never drafts)."""
    query = select(Opportunity).where(Opportunity.published_clause(now))
    statuses = filters.status or []
    if statuses:
        query = query.where(or_(*(Opportunity.status_clause(s, now) for s in statuses)))
    if filters.client_group:
        query = query.where(tag_clause(opportunity_client_group, "client_group_code",
                                        filters.client_group))
    if filters.outcome:
        query = query.where(tag_clause(opportunity_outcome, "outcome_code", filters.outcome))
    if filters.local_area:
        query = query.where(tag_clause(opportunity_local_area, "local_area_code",
                                        filters.local_area))
    if filters.region:
        areas = select(LocalArea.code).where(LocalArea.region_code.in_(filters.region))
        query = query.where(tag_clause(opportunity_local_area, "local_area_code", areas))
    if filters.indicator:
        query = query.where(Opportunity.id.in_(select(OpportunityIndicator.opportunity_id).where(
            OpportunityIndicator.indicator_code.in_(filters.indicator))))
    if filters.value_min is not None:
        query = query.where(Opportunity.value_max >= filters.value_min)
    if filters.value_max is not None:
        query = query.where(Opportunity.value_min <= filters.value_max)
    if filters.closes_after:
        query = query.where(Opportunity.closes_at >= clock.from_uk(filters.closes_after, time()))
    if filters.closes_before:
        end = clock.from_uk(filters.closes_before + timedelta(days=1), time())
        query = query.where(Opportunity.closes_at < end)
    return query


def _sorted(query, sort: str, now: datetime):
    if sort == "newest":
        return query.order_by(Opportunity.published_at.desc(), Opportunity.id.desc())
    if sort == "value":
        return query.order_by(Opportunity.value_max.desc(), Opportunity.id.desc())
    # Closing soonest: open ones first by deadline, then those already closed.
    open_first = case((Opportunity.status_clause("open", now), 0), else_=1)
    return query.order_by(open_first, Opportunity.closes_at.asc(), Opportunity.id)


@dataclass
class Page:
    items: list
    total: int
    page: int
    per_page: int
    message: str | None = None  # about the keywords, when they were odd

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


def _list_options() -> tuple:
    """What a list page shows of each opportunity, loaded with it. Made when a list is
    loaded, not at import: a loader option configures every mapper, which a command that
    never reads an opportunity has no need of."""
    return (
        selectinload(Opportunity.organisation), selectinload(Opportunity.indicators),
        selectinload(Opportunity.client_groups), selectinload(Opportunity.outcomes),
        selectinload(Opportunity.local_areas).selectinload(LocalArea.region),
    )


def brief() -> tuple:
    """Short lists on area and indicator pages show a title, the body and the deadline or
    status: only the organisation is loaded with them."""
    return (selectinload(Opportunity.organisation),)


def search(filters: Filters, *, per_page: int = PER_PAGE, loads=_list_options) -> Page:
    """One page of published opportunities for the list and the API. Keywords go through
    the search service (the words, ranked); the filters, sorting and paging run in SQL.
    `loads` gives the relationships read for the whole page at once (`brief` for short
    lists)."""
    now = clock.now()
    query = filtered_query(filters, now)
    message = None
    if filters.q:
        found = match_kind(filters.q, KIND)
        filters.q, message = found.query, found.message  # as searched: cleaned, cut short
        query = query.where(Opportunity.id.in_(found.ids))
        if filters.sort == "relevance":
            return _by_relevance(query, found.ids, filters, per_page, message, loads)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.session.scalars(
        _sorted(query, filters.sort, now).offset((filters.page - 1) * per_page).limit(per_page)
        .options(*loads()))
    return Page(items=list(rows), total=total, page=filters.page, per_page=per_page,
                message=message)


def every_match(filters: Filters) -> list:
    """Every published opportunity the list shows for these filters, in its order, not one
    page of them (the CSV download). EVERY_MATCH is only a guard on memory."""
    return search(replace(filters, page=1), per_page=EVERY_MATCH).items


def _by_relevance(query, ranked: list[int], filters: Filters, per_page: int,
                  message: str | None, loads) -> Page:
    """The filtered matches in the search service's order, one page of them loaded."""
    allowed = set(db.session.scalars(query.with_only_columns(Opportunity.id)))
    ordered = [object_id for object_id in ranked if object_id in allowed]
    start = (filters.page - 1) * per_page
    wanted = ordered[start:start + per_page]
    loaded = {o.id: o for o in db.session.scalars(
        select(Opportunity).where(Opportunity.id.in_(wanted)).options(*loads()))}
    return Page(items=[loaded[i] for i in wanted], total=len(ordered), page=filters.page,
                per_page=per_page, message=message)


def tagged(*, indicator: str | None = None, local_area: str | None = None,
           region: str | None = None, status: str = "open", limit: int = 10) -> list:
    """Opportunities by tag, for indicator and area pages (their brief lists)."""
    filters = Filters(status=[status] if status else [],
                      indicator=[indicator] if indicator else [],
                      local_area=[local_area] if local_area else [],
                      region=[region] if region else [], sort="closing")
    return search(filters, per_page=limit, loads=brief).items


def dashboard(actor) -> dict[str, list[dict]]:
    """The actor's body's opportunities grouped by status, with, where the actor may answer
    them (permissions.can_answer_questions, as on the questions page), the questions awaiting
    an answer (None where it may not), and after closing the number of bids received."""
    organisation_id = actor.organisation_id
    now = clock.now()
    unanswered = dict(db.session.execute(
        select(ClarificationQuestion.opportunity_id, func.count())
        .where(ClarificationQuestion.answered_at.is_(None))
        .group_by(ClarificationQuestion.opportunity_id)).all())
    submitted = dict(db.session.execute(
        select(Bid.opportunity_id, func.count()).join(Opportunity)
        .where(Bid.status == "submitted", Opportunity.closes_at <= now,
               Opportunity.organisation_id == organisation_id)
        .group_by(Bid.opportunity_id)).all())
    grouped: dict[str, list[dict]] = {}
    opportunities = db.session.scalars(
        select(Opportunity).where(Opportunity.organisation_id == organisation_id)
        .order_by(Opportunity.updated_at.desc()))
    for opportunity in opportunities:
        status = opportunity.status_at(now)
        grouped.setdefault(status, []).append({
            "opportunity": opportunity,
            "unanswered": (unanswered.get(opportunity.id, 0)
                           if permissions.can_answer_questions(actor, opportunity) else None),
            # Counted only once bids are unsealed.
            "bids": None if status in ("draft", "open") else submitted.get(opportunity.id, 0),
        })
    return grouped


def organisations_with_bids_in_progress(opportunity_id: int) -> set[int]:
    """Organisations with a draft or submitted bid (for amendment and cancellation emails)."""
    return set(db.session.scalars(select(Bid.organisation_id).where(
        Bid.opportunity_id == opportunity_id, Bid.status.in_(("draft", "submitted")))))


def own_bid(opportunity_id: int, organisation_id: int | None) -> Bid | None:
    """The organisation's own bid on the opportunity, if it has one (for the detail page)."""
    if organisation_id is None:
        return None
    return db.session.scalar(select(Bid).where(Bid.opportunity_id == opportunity_id,
                                               Bid.organisation_id == organisation_id))


def market_engagement(opportunity_id: int) -> list[Event]:
    """Published events held as the opportunity's market engagement, soonest first (events
    are organised above this area; their rows are read here for the opportunity's page)."""
    return list(db.session.scalars(select(Event).where(
        Event.opportunity_id == opportunity_id, Event.published_at.is_not(None),
        Event.cancelled_at.is_(None)).order_by(Event.starts_at)))
