"""Read-only questions about bids that other areas ask (never revealing a sealed bid)."""

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Bid


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
