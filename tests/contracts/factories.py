"""A contract made the way the portal makes one: an opportunity published, bids submitted,
the deadline passed, every bid scored and one awarded."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from portal import clock
from portal.bids import evaluation
from portal.contracts import services as contracts
from portal.extensions import db
from portal.models import ClientGroup, LocalArea
from tests.bids.helpers import award_after_standstill


@pytest.fixture
def make_contract(make_opportunity, make_user, submit_bid, commissioner):
    """make_contract(title=..., losers=1, owner=..., winner=..., starts_on=..., ends_on=...,
    client_group=..., local_area=..., price=...) -> Contract, committed. Losing bids are
    priced 123456 and commit 7 of each social clause, so a test can look for them."""

    def make(title="Care leavers into work", *, losers=1, owner=None, winner=None,
             starts_on=date(2027, 4, 1), ends_on=date(2029, 3, 31), client_group=None,
             local_area=None, price="200000"):
        owner = owner or commissioner
        tags = {}
        if client_group:
            tags["client_groups"] = [db.session.get(ClientGroup, client_group)]
        if local_area:
            tags["local_areas"] = [db.session.get(LocalArea, local_area)]
        opportunity = make_opportunity("open", owner=owner, title=title, **tags)
        winner = winner or make_user("provider")
        bids = [submit_bid(opportunity, winner, price=price, commitment="3")]
        bids += [submit_bid(opportunity, make_user("provider"), price="123456", commitment="7",
                            answer="A losing answer nobody else may read.")
                 for _ in range(losers)]
        opportunity.questions_close_at = clock.now() - timedelta(days=2)
        opportunity.closes_at = clock.now() - timedelta(days=1)
        db.session.commit()
        quality, _price, social = opportunity.criteria
        for bid, score in zip(bids, [4] + [1] * losers, strict=True):
            evaluation.save_scores(bid, {quality.id: (score, ""), social.id: (score, "")}, "",
                                   actor=owner)
        made = award_after_standstill(opportunity, bids[0], starts_on=starts_on, ends_on=ends_on,
                                      actor=owner)
        db.session.commit()
        return made

    return make


@pytest.fixture
def scheduled(make_opportunity, make_user, submit_bid, commissioner, clock):
    """April 2027 to March 2028, won by winner@example.org; today is 5 October 2027."""
    opportunity = make_opportunity("open")
    winner = make_user("provider", email="winner@example.org")
    bid = submit_bid(opportunity, winner, price="200000", commitment="3")
    clock.set(opportunity.closes_at + timedelta(minutes=1))
    q, _p, s = opportunity.criteria
    evaluation.save_scores(bid, {q.id: (3, ""), s.id: (3, "")}, "", actor=commissioner)
    made = award_after_standstill(opportunity, bid, starts_on=date(2027, 4, 1),
                                  ends_on=date(2028, 3, 31), actor=commissioner)
    db.session.commit()
    clock.set(datetime(2027, 10, 5, 9, tzinfo=UTC))
    return made, winner


def report_on(contract, winner, ending, **kwargs):
    target = contract.opportunity.indicators[0]
    clause = contract.opportunity.social_clauses[0]
    return contracts.submit_report(
        contract, period_start=contract.starts_on, period_end=ending.ends_on,
        results={target.id: (40, 26)}, deliveries={clause.id: Decimal("3")}, notes="",
        actor=winner, **kwargs)
