"""Writing, submitting, amending and withdrawing a bid, and the deadline."""

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from portal.bids import services
from portal.errors import PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.models import AuditEvent, Bid, OutboundEmail
from tests.bids.helpers import complete_input


@pytest.fixture
def opportunity(make_opportunity):
    return make_opportunity("open")


def test_one_bid_per_organisation(opportunity, make_user):
    provider = make_user("provider")
    colleague = make_user("provider", organisation=provider.organisation)
    first = services.start_bid(opportunity, actor=provider)
    db.session.commit()
    assert services.start_bid(opportunity, actor=colleague) is first
    assert db.session.scalar(select(func.count()).select_from(Bid)) == 1


def test_commissioners_cannot_bid(opportunity, make_user):
    with pytest.raises(PermissionDenied):
        services.start_bid(opportunity, actor=make_user("commissioner"))


def test_a_draft_saves_incomplete_and_is_not_submitted(opportunity, make_user):
    provider = make_user("provider")
    bid = services.start_bid(opportunity, actor=provider)
    db.session.flush()
    services.save_draft(bid, services.BidInput(price=Decimal(1000)), revision=bid.revision,
                        actor=provider)
    assert (bid.status, bid.price, bid.versions) == ("draft", Decimal(1000), [])


def test_submission_names_every_gap(opportunity, make_user):
    provider = make_user("provider")
    bid = services.start_bid(opportunity, actor=provider)
    db.session.flush()
    with pytest.raises(ValidationFailed) as failure:
        services.submit(bid, services.BidInput(), revision=bid.revision, actor=provider)
    quality, _price, social = opportunity.criteria
    clause, target = opportunity.social_clauses[0], opportunity.indicators[0]
    assert set(failure.value.errors) == {
        "price", f"response-{quality.id}", f"response-{social.id}",
        f"commitment-{clause.id}", f"improvement-{target.id}"}


def test_answers_must_keep_to_the_word_limit(opportunity, make_user):
    provider = make_user("provider")
    bid = services.start_bid(opportunity, actor=provider)
    db.session.flush()
    too_long = complete_input(opportunity, answer="word " * 501)
    with pytest.raises(ValidationFailed, match="Service model must be 500 words or fewer"):
        services.submit(bid, too_long, revision=bid.revision, actor=provider)


def test_commitments_must_reach_the_clause_minimum(opportunity, make_user):
    provider = make_user("provider")
    bid = services.start_bid(opportunity, actor=provider)
    db.session.flush()
    with pytest.raises(ValidationFailed, match="must be at least 2 people"):
        services.submit(bid, complete_input(opportunity, commitment="1"),
                        revision=bid.revision, actor=provider)


def test_submitting_makes_version_one_and_a_receipt_for_the_organisation_only(
        opportunity, make_user, submit_bid):
    provider = make_user("provider")
    colleague = make_user("provider", organisation=provider.organisation)
    rival = make_user("provider")
    bid = submit_bid(opportunity, provider)
    assert bid.status == "submitted"
    assert [v.number for v in bid.versions] == [1]
    receipts = set(db.session.scalars(select(OutboundEmail.recipient).where(
        OutboundEmail.template == "bid_receipt")))
    assert receipts == {provider.email, colleague.email}
    assert rival.email not in receipts
    body = db.session.scalar(select(OutboundEmail.body_text).where(
        OutboundEmail.recipient == provider.email))
    assert bid.submitted_at.astimezone().strftime("%M:%S") in body  # to the second


def test_amending_makes_a_new_version_that_counts(opportunity, make_user, submit_bid):
    provider = make_user("provider")
    bid = submit_bid(opportunity, provider, price="180000")
    services.submit(bid, complete_input(opportunity, price="175000"), revision=bid.revision,
                    actor=provider)
    db.session.commit()
    assert [v.number for v in bid.versions] == [1, 2]
    assert bid.current_version.price == Decimal(175000)
    assert db.session.scalar(select(AuditEvent.action).where(
        AuditEvent.action == "bid.amended"))


def test_saving_changes_after_submission_leaves_the_submitted_version_counting(
        opportunity, make_user, submit_bid):
    provider = make_user("provider")
    bid = submit_bid(opportunity, provider, price="180000")
    services.save_draft(bid, complete_input(opportunity, price="1"), revision=bid.revision,
                        actor=provider)
    db.session.commit()
    assert bid.status == "submitted"
    assert bid.current_version.price == Decimal(180000)


def test_withdraw_then_resubmit_before_the_deadline(opportunity, make_user, submit_bid):
    provider = make_user("provider")
    bid = submit_bid(opportunity, provider)
    services.withdraw(bid, revision=bid.revision, actor=provider)
    db.session.commit()
    assert bid.status == "withdrawn"
    services.submit(bid, complete_input(opportunity), revision=bid.revision, actor=provider)
    db.session.commit()
    assert bid.status == "submitted" and len(bid.versions) == 2


def test_submission_a_second_before_the_deadline_is_accepted(opportunity, make_user, clock):
    provider = make_user("provider")
    bid = services.start_bid(opportunity, actor=provider)
    db.session.commit()
    clock.set(opportunity.closes_at - timedelta(seconds=1))
    services.submit(bid, complete_input(opportunity), revision=bid.revision, actor=provider)
    db.session.commit()
    assert bid.status == "submitted"


def test_submission_a_second_after_the_deadline_is_refused(opportunity, make_user, clock):
    provider = make_user("provider")
    bid = services.start_bid(opportunity, actor=provider)
    db.session.commit()
    clock.set(opportunity.closes_at + timedelta(seconds=1))
    with pytest.raises(PermissionDenied):
        services.submit(bid, complete_input(opportunity), revision=bid.revision, actor=provider)


def test_amend_and_withdraw_are_refused_after_the_deadline(
        opportunity, make_user, submit_bid, clock):
    provider = make_user("provider")
    bid = submit_bid(opportunity, provider)
    clock.set(opportunity.closes_at)
    with pytest.raises(PermissionDenied):
        services.withdraw(bid, revision=bid.revision, actor=provider)
    with pytest.raises(PermissionDenied):
        services.submit(bid, complete_input(opportunity, price="1"), revision=bid.revision,
                        actor=provider)


def test_the_deadline_is_judged_again_at_commit_time(opportunity, make_user, clock):
    provider = make_user("provider")
    bid = services.start_bid(opportunity, actor=provider)
    db.session.commit()
    clock.set(opportunity.closes_at - timedelta(seconds=1))
    services.submit(bid, complete_input(opportunity), revision=bid.revision, actor=provider)
    clock.set(opportunity.closes_at + timedelta(milliseconds=1))  # a slow request
    with pytest.raises(ValidationFailed, match="deadline for bids passed"):
        db.session.commit()
    db.session.rollback()
    db.session.expire_all()
    assert db.session.get(Bid, bid.id).status == "draft"


def test_a_form_opened_before_and_posted_after_the_deadline_is_refused(
        client, auth, opportunity, make_user, clock):
    from tests.conftest import csrf_token

    provider = make_user("provider")
    bid = services.start_bid(opportunity, actor=provider)
    db.session.commit()
    auth.login(provider)
    clock.set(opportunity.closes_at - timedelta(minutes=5))
    token = csrf_token(client, f"/bids/{bid.reference}")
    clock.set(opportunity.closes_at + timedelta(seconds=1))
    data = {"csrf_token": token, "revision": str(bid.revision)}
    response = client.post(f"/bids/{bid.reference}/check", data=data)
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Bid, bid.id).status == "draft"


def test_a_stale_form_cannot_overwrite_newer_work(opportunity, make_user):
    provider = make_user("provider")
    bid = services.start_bid(opportunity, actor=provider)
    db.session.commit()
    stale = bid.revision
    services.save_draft(bid, services.BidInput(price=Decimal(100)), revision=stale,
                        actor=provider)
    db.session.commit()
    with pytest.raises(services.ConcurrentChange):
        services.save_draft(bid, services.BidInput(price=Decimal(5)), revision=stale,
                            actor=provider)


def test_bad_input_on_the_form_keeps_everything_typed(client, auth, opportunity, make_user):
    from tests.conftest import csrf_token

    provider = make_user("provider")
    bid = services.start_bid(opportunity, actor=provider)
    db.session.commit()
    auth.login(provider)
    quality = opportunity.criteria[0]
    page = f"/bids/{bid.reference}"
    response = client.post(page, data={
        "csrf_token": csrf_token(client, page), "revision": str(bid.revision),
        "action": "save", "price": "lots", f"response-{quality.id}": "<b>Kept answer</b>"})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Enter your price in pounds, like 180000" in body
    assert "&lt;b&gt;Kept answer&lt;/b&gt;" in body
    assert 'value="lots"' in body


def test_clause_minimums_read_as_plain_numbers(client, auth, make_opportunity, make_user):
    from portal.models import OpportunitySocialClause

    opportunity = make_opportunity("open", social_clauses=[OpportunitySocialClause(
        clause_type_code="co-production", unit="hours", minimum=Decimal(40),
        requirement="Involve people who use the service.")])
    provider = make_user("provider")
    bid = services.start_bid(opportunity, actor=provider)
    db.session.commit()
    auth.login(provider)
    body = client.get(f"/bids/{bid.reference}").get_data(as_text=True)
    assert "At least 40 hours" in body and "E+" not in body


@pytest.mark.parametrize("revision", ["99999999999999999999", "abc", "\u00b2", ""])
def test_a_withdrawal_with_a_forged_revision_is_refused_as_changed_meanwhile(
        client, auth, opportunity, make_user, submit_bid, revision):
    from tests.conftest import csrf_token

    provider = make_user("provider")
    bid = submit_bid(opportunity, provider)
    auth.login(provider)
    response = client.post(f"/bids/{bid.reference}/withdraw", data={
        "csrf_token": csrf_token(client, f"/bids/{bid.reference}"), "revision": revision})
    assert response.status_code == 303
    page = client.get(f"/bids/{bid.reference}").get_data(as_text=True)
    assert services.CHANGED_MEANWHILE in page
    db.session.expire_all()
    assert bid.status == "submitted"
