"""Opportunities and award notices as search documents. Drafts are never indexed; nothing
a bidder wrote is ever indexed (bids are not a searchable kind)."""

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.markdown import plain
from portal.models import (
    Contract,
    LocalArea,
    Opportunity,
    OpportunityAttachment,
    OpportunityIndicator,
    OpportunitySocialClause,
)
from portal.search import SearchKind, register
from portal.templating import money


def _tags(opportunity: Opportunity) -> dict:
    return {
        "client_group": [group.code for group in opportunity.client_groups],
        "outcome": [outcome.code for outcome in opportunity.outcomes],
        "indicator": [target.indicator_code for target in opportunity.indicators],
        "region": sorted({area.region_code for area in opportunity.local_areas}),
    }


def opportunity_document(opportunity: Opportunity) -> dict:
    return {
        "title": opportunity.title,
        "body": "\n\n".join([
            opportunity.summary,
            plain(opportunity.specification),
            f"Commissioned by {opportunity.organisation.name}.",
            "Where: " + ", ".join(area.name for area in opportunity.local_areas) + ".",
            "Outcomes sought: " + "; ".join(t.description for t in opportunity.indicators),
            "Social clauses: " + "; ".join(
                f"{c.clause_type.name}: {c.requirement}" for c in opportunity.social_clauses),
        ]),
        **_tags(opportunity),
        "published_at": opportunity.published_at,
        "closes_at": opportunity.closes_at,
    }


def award_document(contract: Contract) -> dict:
    opportunity = contract.opportunity
    return {
        "title": f"Award: {opportunity.title}",
        "body": "\n\n".join([
            f"Awarded to {contract.organisation.name} by {opportunity.organisation.name}.",
            f"Value {money(contract.value)}, from {contract.starts_on:%-d %B %Y} "
            f"to {contract.ends_on:%-d %B %Y}.",
            opportunity.summary,
        ]),
        **_tags(opportunity),
        "published_at": contract.awarded_at,
    }


def _opportunity_query():
    return (
        select(Opportunity).where(Opportunity.published_at.is_not(None)).order_by(Opportunity.id)
        .options(selectinload(Opportunity.client_groups), selectinload(Opportunity.outcomes),
                 selectinload(Opportunity.local_areas).selectinload(LocalArea.region),
                 selectinload(Opportunity.indicators),
                 selectinload(Opportunity.social_clauses))
    )


register(SearchKind(
    name="opportunity",
    label="Opportunities",
    model=Opportunity,
    document=opportunity_document,
    is_public=lambda opportunity: opportunity.is_published,
    url=lambda object_id: url_for("opportunities.detail", opportunity_id=object_id),
    public_query=_opportunity_query,
    parents={
        OpportunityIndicator: lambda row: row.opportunity_id,
        OpportunitySocialClause: lambda row: row.opportunity_id,
        OpportunityAttachment: lambda row: row.opportunity_id,
    },
))

register(SearchKind(
    name="award",
    label="Award notices",
    model=Contract,
    document=award_document,
    is_public=lambda contract: contract.opportunity.awarded_at is not None,
    url=lambda object_id: url_for("contracts.detail", contract_id=object_id),
    public_query=lambda: select(Contract).order_by(Contract.id),
))
