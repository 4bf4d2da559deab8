"""Scoring, ranking and awarding, with the arithmetic worked through by hand."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal.bids import evaluation
from portal.errors import PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.models import Contract, OutboundEmail
from portal.notifications.outbox import send_due
from tests.bids.helpers import award_after_standstill


@pytest.fixture
def closed_with_bids(make_opportunity, make_user, submit_bid, clock):
    """Quality 50, price 30, social value 20. Two bids: £200,000 and £160,000."""
    opportunity = make_opportunity("open")
    first = make_user("provider", email="first@example.org")
    second = make_user("provider", email="second@example.org")
    bid_a = submit_bid(opportunity, first, price="200000")
    bid_b = submit_bid(opportunity, second, price="160000")
    clock.set(opportunity.closes_at + timedelta(minutes=1))
    return opportunity, bid_a, bid_b


def _score(bid, opportunity, commissioner, quality, social, feedback=""):
    q, _p, s = opportunity.criteria
    evaluation.save_scores(bid, {q.id: (quality, "Clear plan"), s.id: (social, "")}, feedback,
                           actor=commissioner)


def test_worked_example_of_the_scoring_rule(closed_with_bids, commissioner):
    opportunity, bid_a, bid_b = closed_with_bids
    _score(bid_a, opportunity, commissioner, quality=4, social=2)
    _score(bid_b, opportunity, commissioner, quality=3, social=3)
    ranked = evaluation.results(opportunity, [bid_a, bid_b])
    q, p, s = opportunity.criteria
    by_bid = {r.bid.id: r for r in ranked}
    # Bid A: quality 4/4 × 50 = 50; price 160,000 ÷ 200,000 × 30 = 24; social 2/4 × 20 = 10
    assert by_bid[bid_a.id].points == {q.id: Decimal("50.00"), p.id: Decimal("24.00"),
                                       s.id: Decimal("10.00")}
    assert by_bid[bid_a.id].total == Decimal("84.00")
    # Bid B: quality 3/4 × 50 = 37.5; price lowest → 30; social 3/4 × 20 = 15
    assert by_bid[bid_b.id].total == Decimal("82.50")
    assert [(r.bid.id, r.rank) for r in ranked] == [(bid_a.id, 1), (bid_b.id, 2)]


def test_a_commissioner_may_score_price_instead_of_the_formula(closed_with_bids, commissioner):
    opportunity, bid_a, bid_b = closed_with_bids
    q, p, s = opportunity.criteria
    evaluation.save_scores(bid_a, {q.id: (4, ""), p.id: (1, "Poor value"), s.id: (2, "")}, "",
                           actor=commissioner)
    [result] = [r for r in evaluation.results(opportunity, [bid_a, bid_b]) if r.bid is bid_a]
    assert result.points[p.id] == Decimal("7.50")  # 1/4 × 30


def test_equal_totals_share_a_rank(closed_with_bids, commissioner):
    opportunity, bid_a, bid_b = closed_with_bids
    q, p, s = opportunity.criteria
    for bid in (bid_a, bid_b):
        evaluation.save_scores(bid, {q.id: (2, ""), p.id: (2, ""), s.id: (2, "")}, "",
                               actor=commissioner)
    assert [r.rank for r in evaluation.results(opportunity, [bid_a, bid_b])] == [1, 1]


def test_scores_must_be_0_to_4(closed_with_bids, commissioner):
    opportunity, bid_a, _ = closed_with_bids
    with pytest.raises(ValidationFailed):
        evaluation.save_scores(bid_a, {opportunity.criteria[0].id: (7, "")}, "",
                               actor=commissioner)


def test_scoring_is_refused_before_the_deadline(make_opportunity, make_user, submit_bid,
                                                commissioner):
    opportunity = make_opportunity("open")
    bid = submit_bid(opportunity, make_user("provider"))
    with pytest.raises(PermissionDenied):
        _score(bid, opportunity, commissioner, 4, 4)


def test_award_needs_every_bid_fully_scored(closed_with_bids, commissioner):
    opportunity, bid_a, bid_b = closed_with_bids
    _score(bid_a, opportunity, commissioner, 4, 2)
    with pytest.raises(ValidationFailed, match="1 bid not fully scored"):
        award_after_standstill(opportunity, bid_a, starts_on=date(2027, 4, 1),
                               ends_on=date(2029, 3, 31), actor=commissioner)


def test_award_makes_a_contract_and_a_public_notice(client, closed_with_bids, commissioner):
    opportunity, bid_a, bid_b = closed_with_bids
    _score(bid_a, opportunity, commissioner, 4, 2)
    _score(bid_b, opportunity, commissioner, 3, 3)
    contract = award_after_standstill(opportunity, bid_a, starts_on=date(2027, 4, 1),
                                      ends_on=date(2029, 3, 31), actor=commissioner)
    db.session.commit()
    assert opportunity.status == "awarded"
    assert (bid_a.outcome, bid_b.outcome) == ("successful", "unsuccessful")
    assert db.session.scalar(select(Contract)).value == Decimal(200000)
    notice = client.get(f"/contracts/{contract.id}").get_data(as_text=True)
    assert bid_a.organisation.name in notice and "£200,000" in notice
    assert "1 April 2027" in notice
    assert bid_b.organisation.name not in notice
    api = client.get(f"/api/v1/opportunities/{opportunity.id}").get_json()
    assert api["status"] == "awarded"


def test_award_emails_carry_each_bidders_own_scores(closed_with_bids, commissioner, inbox):
    opportunity, bid_a, bid_b = closed_with_bids
    _score(bid_a, opportunity, commissioner, 4, 2, feedback="Strong model.")
    _score(bid_b, opportunity, commissioner, 3, 3, feedback="Good value; thinner plan.")
    award_after_standstill(opportunity, bid_a, starts_on=date(2027, 4, 1),
                           ends_on=date(2029, 3, 31),
                           actor=commissioner)
    db.session.commit()
    send_due()
    [winner] = [m for m in inbox.to("first@example.org") if "successful" in m["Subject"]]
    [loser] = [m for m in inbox.to("second@example.org") if "Outcome" in m["Subject"]]
    loser_text = inbox.text(loser)
    assert "was not successful" in loser_text
    assert "Your score: 82.50 out of 100" in loser_text
    assert "Your rank: 2 of 2" in loser_text
    assert "Winning score: 84.00 out of 100" in loser_text
    assert "Good value; thinner plan." in loser_text
    assert "Strong model." not in loser_text
    assert "Your score: 84.00 out of 100" in inbox.text(winner)


def test_the_plain_text_award_email_gives_each_criterion_its_own_line(closed_with_bids,
                                                                     commissioner, inbox):
    opportunity, bid_a, bid_b = closed_with_bids
    _score(bid_a, opportunity, commissioner, 4, 2)
    _score(bid_b, opportunity, commissioner, 3, 3)
    award_after_standstill(opportunity, bid_a, starts_on=date(2027, 4, 1),
                           ends_on=date(2029, 3, 31),
                           actor=commissioner)
    db.session.commit()
    send_due()
    [loser] = [m for m in inbox.to("second@example.org") if "Outcome" in m["Subject"]]
    lines = inbox.text(loser).splitlines()
    start = lines.index("Your scores:")
    assert lines[start + 1:start + 4] == [
        "- Service model (50%): 3 (Good), 37.50 points. Clear plan",
        "- Price (30%): by formula, 30.00 points",
        "- Social value (20%): 3 (Good), 15.00 points",
    ]


def test_the_losing_provider_sees_its_own_scores_after_the_award(
        client, auth, closed_with_bids, commissioner):
    opportunity, bid_a, bid_b = closed_with_bids
    _score(bid_a, opportunity, commissioner, 4, 2)
    _score(bid_b, opportunity, commissioner, 3, 3, feedback="Thinner plan.")
    award_after_standstill(opportunity, bid_a, starts_on=date(2027, 4, 1),
                           ends_on=date(2029, 3, 31),
                           actor=commissioner)
    db.session.commit()
    loser = db.session.scalar(select(type(commissioner)).where(
        type(commissioner).email == "second@example.org"))
    auth.login(loser)
    body = client.get(f"/bids/{bid_b.reference}").get_data(as_text=True)
    assert "82.50 out of 100" in body and "ranked <strong>2 of 2</strong>" in body
    assert "The winning bid scored 84.00" in body
    assert "Thinner plan." in body


def test_not_awarded_tells_every_bidder(closed_with_bids, commissioner):
    from portal.opportunities import services

    opportunity, bid_a, bid_b = closed_with_bids
    services.mark_not_awarded(opportunity, "Budget withdrawn", actor=commissioner)
    db.session.commit()
    told = set(db.session.scalars(select(OutboundEmail.recipient).where(
        OutboundEmail.template == "opportunity_not_awarded")))
    assert told == {"first@example.org", "second@example.org"}


def test_scores_can_be_revised_until_the_award(closed_with_bids, commissioner):
    opportunity, bid_a, bid_b = closed_with_bids
    _score(bid_a, opportunity, commissioner, 1, 1)
    _score(bid_a, opportunity, commissioner, 4, 4)
    _score(bid_b, opportunity, commissioner, 0, 0)
    award_after_standstill(opportunity, bid_a, starts_on=date(2027, 4, 1),
                           ends_on=date(2029, 3, 31),
                           actor=commissioner)
    with pytest.raises(PermissionDenied):
        _score(bid_a, opportunity, commissioner, 0, 0)


def test_admin_reads_everything_about_one_opportunity_in_the_audit_log(
        client, auth, closed_with_bids, commissioner, make_user, make_opportunity):
    opportunity, bid_a, bid_b = closed_with_bids
    _score(bid_a, opportunity, commissioner, 4, 2)
    _score(bid_b, opportunity, commissioner, 3, 3)
    award_after_standstill(opportunity, bid_a, starts_on=date(2027, 4, 1),
                           ends_on=date(2029, 3, 31),
                           actor=commissioner)
    other = make_opportunity("open", title="Another opportunity")
    db.session.commit()
    auth.login(make_user("admin"))
    body = client.get(f"/admin/audit?opportunity={opportunity.id}").get_data(as_text=True)
    for action in ("bid.submitted", "bid.scored", "opportunity.awarded"):
        assert action in body
    other_body = client.get(f"/admin/audit?opportunity={other.id}").get_data(as_text=True)
    assert "bid.scored" not in other_body


def test_prices_and_commitments_read_the_same_on_every_page(
        client, auth, make_opportunity, make_user, submit_bid, commissioner, clock):
    opportunity = make_opportunity("open")
    bid = submit_bid(opportunity, make_user("provider"), price="199500", commitment="8")
    clock.set(opportunity.closes_at + timedelta(minutes=1))
    auth.login(commissioner)
    scoring = client.get(f"/bids/received/{opportunity.id}/{bid.reference}").get_data(
        as_text=True)
    assert "£199,500<" in scoring and "8 people" in scoring
    assert "199,500.00" not in scoring and "8.00" not in scoring
    q, _p, s = opportunity.criteria
    evaluation.save_scores(bid, {q.id: (3, ""), s.id: (3, "")}, "", actor=commissioner)
    contract = award_after_standstill(opportunity, bid, starts_on=date(2027, 4, 1),
                                      ends_on=date(2029, 3, 31), actor=commissioner)
    db.session.commit()
    for path in (f"/contracts/{contract.id}", f"/opportunities/{opportunity.id}"):
        page = client.get(path).get_data(as_text=True)
        assert "£199,500" in page and "199,500.00" not in page, path
        assert "8.00" not in page, path
