"""A panel of three on a closed opportunity with two bids, and the steps of its evaluation
(shared by the panel tests and the browser journey)."""

from datetime import timedelta

import pytest

from portal.bids import evaluation, moderation, panel
from portal.extensions import db


@pytest.fixture
def panel_of_three(make_opportunity, make_user, make_organisation, submit_bid, clock,
                   commissioner):
    """The owner chairs; a colleague from the same body and an invited probation officer sit
    on the panel. Two bids (Brightside £200,000, Second Chance £160,000); the deadline passed."""
    opportunity = make_opportunity("open")
    colleague = make_user("commissioner", organisation=commissioner.organisation)
    probation = make_organisation("Greater Manchester Probation", "probation-trust")
    officer = make_user("commissioner", organisation=probation, email="officer@probation.gov.uk")
    panel.add_member(opportunity, colleague.email, actor=commissioner)
    invited = panel.add_member(opportunity, officer.email, actor=commissioner)
    panel.accept_invitation(invited, actor=officer)
    db.session.commit()
    first = make_user("provider", organisation=make_organisation("Brightside"))
    second = make_user("provider", organisation=make_organisation("Second Chance"))
    bid_a = submit_bid(opportunity, first, price="200000")
    bid_b = submit_bid(opportunity, second, price="160000")
    clock.set(opportunity.closes_at + timedelta(minutes=1))
    return opportunity, (commissioner, colleague, officer), (bid_a, bid_b)


def declare(opportunity, *people, conflicts=None):
    for person in people:
        panel.declare_conflicts(opportunity, (conflicts or {}).get(person.id, {}), actor=person)
    db.session.commit()


def score_own(bid, person, quality, social, comment="Own view"):
    q, _p, s = bid.opportunity.criteria
    moderation.submit_own_scores(bid, {q.id: (quality, comment), s.id: (social, "")},
                                 actor=person)
    db.session.commit()


def agree(bid, chair, quality, social, reason="Agreed after discussion"):
    q, _p, s = bid.opportunity.criteria
    evaluation.save_scores(bid, {q.id: (quality, reason), s.id: (social, reason)}, "",
                           actor=chair)
    db.session.commit()
