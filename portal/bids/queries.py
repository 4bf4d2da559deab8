"""Read-only questions about bids that other areas ask (never revealing a sealed bid)."""

from sqlalchemy import func, select

from portal import clock
from portal.extensions import db
from portal.models import Bid, BidCitation, Opportunity


def organisations_with_bids_in_progress(opportunity_id: int) -> set[int]:
    """Organisations with a draft or submitted bid (for amendment and cancellation emails)."""
    return set(db.session.scalars(select(Bid.organisation_id).where(
        Bid.opportunity_id == opportunity_id, Bid.status.in_(("draft", "submitted")))))


def submitted_bid_count(opportunity_id: int) -> int:
    """Bids received. Callers show it only after closing."""
    return db.session.scalar(select(func.count()).where(
        Bid.opportunity_id == opportunity_id, Bid.status == "submitted"))


def bid_for(opportunity_id: int, organisation_id: int | None) -> Bid | None:
    """The organisation's own bid on the opportunity, if it has one."""
    if organisation_id is None:
        return None
    return db.session.scalar(select(Bid).where(Bid.opportunity_id == opportunity_id,
                                               Bid.organisation_id == organisation_id))


def bids_of(organisation_id: int) -> list[Bid]:
    return list(db.session.scalars(select(Bid).where(Bid.organisation_id == organisation_id)
                                   .order_by(Bid.updated_at.desc())))


def closed_bids_citing(innovation_id: int) -> int:
    """How many bids cited the innovation, counting only bids on opportunities that have
    closed: a sealed bid reveals nothing, not even that it exists."""
    return db.session.scalar(
        select(func.count(BidCitation.bid_id))
        .join(Bid, Bid.id == BidCitation.bid_id)
        .join(Opportunity, Opportunity.id == Bid.opportunity_id)
        .where(BidCitation.innovation_id == innovation_id, Bid.status == "submitted",
               Opportunity.closes_at <= clock.now()))
