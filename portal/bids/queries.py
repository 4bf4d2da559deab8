"""Read-only questions about bids that other areas ask (never revealing a sealed bid)."""

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Bid


def submitted_bid_count(opportunity_id: int) -> int:
    """Bids received. Callers show it only after closing."""
    return db.session.scalar(select(func.count()).where(
        Bid.opportunity_id == opportunity_id, Bid.status == "submitted"))


def bids_of(organisation_id: int) -> list[Bid]:
    return list(db.session.scalars(select(Bid).where(Bid.organisation_id == organisation_id)
                                   .order_by(Bid.updated_at.desc())))
