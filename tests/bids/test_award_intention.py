"""Intention to award, standstill and challenge: nothing is public before the confirmation,
each bidder's debrief shows its own scores and the winner's only, and an open challenge
blocks the award."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal import jobs
from portal.bids import award, evaluation
from portal.errors import PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.models import AuditEvent, Contract, OutboundEmail
from portal.notifications.outbox import send_due
from tests.conftest import csrf_token


@pytest.fixture
def three_bids(make_opportunity, make_user, make_organisation, submit_bid, clock, commissioner):
    """Three scored bids: Brightside (intended winner), Second Chance and Third Way."""
    opportunity = make_opportunity("open")
    bids = {}
    for name, price, kind in (("Brightside", "200000", "charity"),
                              ("Second Chance", "160000", "social-enterprise"),
                              ("Third Way", "180000", "community-group")):
        person = make_user("provider", organisation=make_organisation(name, kind),
                           email=f"{name.split()[0].lower()}@example.org")
        bids[name] = submit_bid(opportunity, person, price=price)
    clock.set(opportunity.closes_at + timedelta(minutes=1))
    q, _p, s = opportunity.criteria
    for name, (quality, social, reason) in {
            "Brightside": (4, 3, "Outstanding coaching model"),
            "Second Chance": (3, 3, "Sound plan, thin on employers"),
            "Third Way": (1, 2, "Secret weakness of Third Way")}.items():
        evaluation.save_scores(bids[name], {q.id: (quality, reason), s.id: (social, reason)},
                               f"Feedback for {name}", actor=commissioner)
    db.session.commit()
    return opportunity, bids


def _intend(opportunity, winner, commissioner, days=10):
    intention = award.notify_intention(
        opportunity, winner, starts_on=date(2027, 4, 1), ends_on=date(2029, 3, 31),
        standstill_days=days, advantages="A stronger employer network.", actor=commissioner)
    db.session.commit()
    return intention


def test_the_intention_makes_nothing_public(three_bids, commissioner, client):
    opportunity, bids = three_bids
    _intend(opportunity, bids["Brightside"], commissioner)
    assert db.session.scalar(select(func.count()).select_from(Contract)) == 0
    assert opportunity.status == "closed" and opportunity.awarded_at is None
    assert client.get(f"/api/v1/opportunities/{opportunity.id}").get_json()["status"] == \
        "closed"
    assert "Brightside" not in client.get("/contracts/").get_data(as_text=True)
    releases = client.get("/api/v1/ocds/releases").get_data(as_text=True)
    assert "Brightside" not in releases and '"award"' not in releases
    page = client.get(f"/opportunities/{opportunity.id}").get_data(as_text=True)
    assert "Intention to award" in page and "standstill until" in page
    assert "Brightside" not in page


def test_each_bidder_is_debriefed_with_its_own_scores_and_the_winners_only(
        three_bids, commissioner, inbox):
    opportunity, bids = three_bids
    _intend(opportunity, bids["Brightside"], commissioner)
    send_due()
    [message] = inbox.to("second@example.org")[-1:]
    text = inbox.text(message)
    assert "intends to award" in text and "to Brightside" in text
    assert "Sound plan, thin on employers" in text  # its own consensus reason
    assert "Outstanding coaching model" not in text  # the winner's reasons stay private
    assert "Third Way" not in text and "Secret weakness" not in text
    assert "Feedback for Second Chance" in text and "Feedback for Brightside" not in text
    assert "A stronger employer network." in text
    ends = opportunity.current_intention.standstill_ends_at
    assert ends == opportunity.current_intention.notified_at + timedelta(days=10)


def test_the_debrief_on_the_bid_page_shows_nothing_of_other_losing_bids(
        three_bids, commissioner, client, auth):
    opportunity, bids = three_bids
    _intend(opportunity, bids["Brightside"], commissioner)
    auth.login("second@example.org")
    page = client.get(f"/bids/{bids['Second Chance'].reference}").get_data(as_text=True)
    assert "Intention to award" in page and "<strong>Brightside</strong>" in page
    assert "Sound plan, thin on employers" in page
    assert "Third Way" not in page and "Secret weakness" not in page
    assert "Outstanding coaching model" not in page
    assert "ranked <strong>2 of 3</strong>" in page


def test_the_standstill_is_configurable_within_limits(three_bids, commissioner):
    opportunity, bids = three_bids
    with pytest.raises(ValidationFailed, match="10 to 30 days"):
        _intend(opportunity, bids["Brightside"], commissioner, days=5)
    db.session.rollback()
    assert _intend(opportunity, bids["Brightside"], commissioner, days=14).standstill_days == 14


def test_confirmation_waits_for_the_end_of_the_standstill(three_bids, commissioner, clock):
    opportunity, bids = three_bids
    intention = _intend(opportunity, bids["Brightside"], commissioner)
    with pytest.raises(ValidationFailed, match="when the standstill ends"):
        award.confirm(opportunity, actor=commissioner)
    clock.set(intention.standstill_ends_at)
    contract = award.confirm(opportunity, actor=commissioner)
    db.session.commit()
    assert opportunity.status == "awarded" and contract.bid is bids["Brightside"]
    assert contract.starts_on == date(2027, 4, 1)


def test_no_path_makes_the_award_during_the_standstill(three_bids, commissioner, clock):
    """The award service itself refuses an intention marked confirmed too early: the rule
    does not rest on its one caller."""
    opportunity, bids = three_bids
    intention = _intend(opportunity, bids["Brightside"], commissioner)
    intention.confirmed_at = intention.notified_at
    with pytest.raises(PermissionDenied):
        evaluation.award(opportunity, intention, actor=commissioner)
    assert opportunity.status == "closed"


def test_an_open_challenge_blocks_the_award_until_answered(three_bids, commissioner, clock,
                                                          make_user):
    opportunity, bids = three_bids
    intention = _intend(opportunity, bids["Brightside"], commissioner)
    challenger = db.session.scalar(select(type(commissioner)).where(
        type(commissioner).email == "third@example.org"))
    challenge = award.raise_challenge(bids["Third Way"], "The price formula was misapplied.",
                                      None, actor=challenger)
    db.session.commit()
    clock.set(intention.standstill_ends_at + timedelta(days=1))
    with pytest.raises(ValidationFailed, match="Answer every challenge"):
        award.confirm(opportunity, actor=commissioner)
    award.answer_challenge(challenge, "We checked: it was applied as published.",
                           actor=commissioner)
    award.confirm(opportunity, actor=commissioner)
    db.session.commit()
    assert opportunity.status == "awarded"


def test_a_challenge_is_raised_only_in_the_standstill_by_a_bidder(three_bids, commissioner,
                                                                 clock, make_user):
    opportunity, bids = three_bids
    intention = _intend(opportunity, bids["Brightside"], commissioner)
    with pytest.raises(PermissionDenied):
        award.raise_challenge(bids["Third Way"], "Grounds", None, actor=make_user("provider"))
    clock.set(intention.standstill_ends_at)
    third = db.session.scalar(select(type(commissioner)).where(
        type(commissioner).email == "third@example.org"))
    with pytest.raises(PermissionDenied):
        award.raise_challenge(bids["Third Way"], "Grounds", None, actor=third)


def _challenge_on_the_page(client, auth, bid, *documents: tuple[bytes, str]):
    """Third Way's member challenges from its bid page, with these documents."""
    import io

    auth.login("third@example.org")
    path = f"/bids/{bid.reference}"
    response = client.post(f"{path}/challenge", data={
        "csrf_token": csrf_token(client, path), "grounds": "Scores are inconsistent.",
        "challenge_document": [(io.BytesIO(data), name) for data, name in documents]},
        content_type="multipart/form-data")
    return path, response


def test_a_challenge_with_a_document_through_the_bid_page(three_bids, commissioner, client,
                                                         auth):
    opportunity, bids = three_bids
    _intend(opportunity, bids["Brightside"], commissioner)
    path, response = _challenge_on_the_page(client, auth, bids["Third Way"],
                                            (b"%PDF-1.4\n", "grounds.pdf"))
    assert response.status_code == 303
    page = client.get(path).get_data(as_text=True)
    assert "Scores are inconsistent." in page and "grounds.pdf" in page
    told = db.session.scalars(select(OutboundEmail.recipient).where(
        OutboundEmail.template == "challenge_raised")).all()
    assert told == [commissioner.email]


def test_a_challenge_document_of_the_wrong_kind_is_refused_on_the_page(
        three_bids, commissioner, client, auth):
    opportunity, bids = three_bids
    _intend(opportunity, bids["Brightside"], commissioner)
    _, response = _challenge_on_the_page(client, auth, bids["Third Way"],
                                         (b"MZ\x90\x00", "tool.exe"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'href="#challenge_document"' in page
    assert ">Scores are inconsistent.</textarea>" in page  # the grounds are kept
    assert opportunity.current_intention.challenges == []


def test_a_challenge_may_carry_several_documents_but_not_too_many(
        three_bids, commissioner, client, auth):
    opportunity, bids = three_bids
    _intend(opportunity, bids["Brightside"], commissioner)
    too_many = [(b"%PDF-1.4\n", f"part-{n}.pdf") for n in range(award.CHALLENGE_DOCUMENTS + 1)]
    _, response = _challenge_on_the_page(client, auth, bids["Third Way"], *too_many)
    assert response.status_code == 400
    assert f"Attach at most {award.CHALLENGE_DOCUMENTS} documents" in response.get_data(
        as_text=True)
    auth.logout()
    path, response = _challenge_on_the_page(client, auth, bids["Third Way"], *too_many[:2])
    assert response.status_code == 303
    page = client.get(path).get_data(as_text=True)
    assert "part-0.pdf" in page and "part-1.pdf" in page


def test_withdrawing_the_intention_goes_back_to_evaluation(three_bids, commissioner):
    opportunity, bids = three_bids
    _intend(opportunity, bids["Brightside"], commissioner)
    q, _p, s = opportunity.criteria
    with pytest.raises(PermissionDenied):  # no scoring while the intention stands
        evaluation.save_scores(bids["Third Way"], {q.id: (4, "Re-read")}, "",
                               actor=commissioner)
    award.withdraw_intention(opportunity, "A scoring error on Third Way.", actor=commissioner)
    db.session.commit()
    assert opportunity.current_intention is None
    evaluation.save_scores(bids["Third Way"], {q.id: (4, "Re-read"), s.id: (4, "Re-read")}, "",
                           actor=commissioner)
    told = set(db.session.scalars(select(OutboundEmail.recipient).where(
        OutboundEmail.template == "award_intention_withdrawn")))
    assert told == {"brightside@example.org", "second@example.org", "third@example.org"}


def test_every_step_is_audited(three_bids, commissioner, clock):
    opportunity, bids = three_bids
    intention = _intend(opportunity, bids["Brightside"], commissioner)
    clock.set(intention.standstill_ends_at)
    award.confirm(opportunity, actor=commissioner)
    db.session.commit()
    actions = set(db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.opportunity_id == opportunity.id)))
    assert {"opportunity.intention_notified", "opportunity.awarded"} <= actions


def test_the_tick_reminds_the_day_before_and_when_it_can_be_confirmed_once_each(
        three_bids, commissioner, clock):
    opportunity, bids = three_bids
    intention = _intend(opportunity, bids["Brightside"], commissioner)

    def sent(subject_start):
        return db.session.scalar(select(func.count()).select_from(OutboundEmail).where(
            OutboundEmail.template == "standstill_reminder",
            OutboundEmail.subject.startswith(subject_start)))

    clock.set(intention.standstill_ends_at - timedelta(hours=23))
    jobs.tick()
    jobs.tick()
    assert sent("Standstill ends tomorrow") == 1 and sent("You can now confirm") == 0
    clock.set(intention.standstill_ends_at + timedelta(minutes=5))
    jobs.tick()
    jobs.tick()
    assert sent("You can now confirm") == 1


def test_the_public_notice_states_bids_kind_procedure_and_criteria(three_bids, commissioner,
                                                                  clock, client):
    opportunity, bids = three_bids
    intention = _intend(opportunity, bids["Second Chance"], commissioner)
    clock.set(intention.standstill_ends_at)
    contract = award.confirm(opportunity, actor=commissioner)
    db.session.commit()
    notice = client.get(f"/contracts/{contract.id}").get_data(as_text=True)
    assert re.search(r"Bids received\s*</dt>\s*<dd[^>]*>\s*3\s*</dd>", notice)
    assert "Social enterprise" in notice
    assert "Light-touch regime (Public Contracts Regulations), with a standstill period and " \
           "a debrief for every bidder" in notice  # no panel was formed: not claimed
    assert "Service model" in notice and "50%" in notice


def test_only_the_chair_or_owning_body_decides(three_bids, commissioner, make_user):
    opportunity, bids = three_bids
    with pytest.raises(PermissionDenied):
        _intend(opportunity, bids["Brightside"], make_user("commissioner"))


def test_the_demo_has_an_opportunity_in_standstill_with_an_open_challenge(runner, client,
                                                                         auth):
    from portal.demo import DEMO_PASSWORD
    from portal.models import Opportunity

    assert runner.invoke(args=["seed-demo", "--if-empty"]).exit_code == 0
    opportunity = db.session.scalar(select(Opportunity).where(
        Opportunity.title.startswith("Floating support")))
    assert opportunity.in_standstill and opportunity.current_intention.open_challenges
    assert opportunity.panel and "standstill until" in client.get(
        f"/opportunities/{opportunity.id}").get_data(as_text=True)
    auth.login("enterprise@example.org", DEMO_PASSWORD)
    bid = next(b for b in opportunity.current_intention.challenges).bid
    page = client.get(f"/bids/{bid.reference}").get_data(as_text=True)
    assert "intends to award the contract to" in page and "Waiting for an answer" in page


def test_a_decision_on_an_intention_already_withdrawn_is_refused_with_a_message(
        three_bids, commissioner, client, auth):
    opportunity, bids = three_bids
    _intend(opportunity, bids["Brightside"], commissioner)
    award.withdraw_intention(opportunity, "A scoring error.", actor=commissioner)
    db.session.commit()
    auth.login(commissioner)
    path = f"/bids/award/{opportunity.id}/withdraw"
    response = client.post(path, data={"csrf_token": csrf_token(client, "/"), "reason": "x"})
    assert response.status_code == 303
    assert response.location.endswith(f"/bids/received/{opportunity.id}")


def test_an_intention_must_be_withdrawn_before_the_opportunity_is_cancelled(
        three_bids, commissioner):
    from portal.opportunities import services as opportunities

    opportunity, bids = three_bids
    _intend(opportunity, bids["Brightside"], commissioner)
    with pytest.raises(PermissionDenied):
        opportunities.cancel(opportunity, "Budget withdrawn", actor=commissioner)
    award.withdraw_intention(opportunity, "The budget is withdrawn", actor=commissioner)
    opportunities.cancel(opportunity, "Budget withdrawn", actor=commissioner)
    db.session.commit()
    assert opportunity.status == "cancelled"
