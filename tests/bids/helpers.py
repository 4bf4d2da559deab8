from decimal import Decimal

import pytest

from portal.bids import services
from portal.bids.services import BidInput
from portal.extensions import db


def complete_input(opportunity, *, price="180000", answer="We will coach every young person.",
                   commitment=None, evidence=None) -> BidInput:
    """A working copy that answers everything the opportunity asks."""
    return BidInput(
        price=Decimal(price),
        responses={c.id: answer for c in opportunity.criteria if c.kind != "price"},
        commitments={c.id: Decimal(commitment) if commitment is not None else c.minimum
                     for c in opportunity.social_clauses},
        improvements={t.id: (Decimal(66), 120) for t in opportunity.indicators},
        evidence=evidence,
    )


@pytest.fixture
def submit_bid():
    """submit_bid(opportunity, provider, price=...) -> a submitted Bid, committed."""

    def submit(opportunity, provider, **kwargs):
        bid = services.start_bid(opportunity, actor=provider)
        db.session.flush()
        services.submit(bid, complete_input(opportunity, **kwargs), revision=bid.revision,
                        actor=provider)
        db.session.commit()
        return bid

    return submit


def award_after_standstill(opportunity, winner, *, starts_on, ends_on, actor,
                           advantages="The strongest service model."):
    """Award as the portal does: notify the intention (every bidder is debriefed), let the
    standstill pass (the intention is dated back by its length), then confirm. Returns the
    contract. Commits nothing, like the services."""
    from datetime import timedelta

    from portal.bids import award

    intention = award.notify_intention(opportunity, winner, starts_on=starts_on,
                                       ends_on=ends_on, standstill_days=10,
                                       advantages=advantages, actor=actor)
    intention.notified_at -= timedelta(days=intention.standstill_days)
    db.session.flush()
    return award.confirm(opportunity, actor=actor)
