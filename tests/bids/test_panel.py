"""Evaluation panels: forming one, conflicts of interest, scoring alone, moderation to a
consensus that ranks the bids, and the evaluation matrix."""

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.bids import evaluation, moderation, panel
from portal.errors import NotFound, PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.models import AuditEvent, OutboundEmail, PanelMember
from tests.bids.helpers import award_after_standstill
from tests.bids.panels import agree, declare, score_own

# ---- Forming the panel ------------------------------------------------------------------------

def test_the_person_forming_the_panel_chairs_it_and_a_colleague_joins_at_once(
        make_opportunity, make_user, commissioner):
    opportunity = make_opportunity("open")
    colleague = make_user("commissioner", organisation=commissioner.organisation)
    panel.add_member(opportunity, colleague.email, actor=commissioner)
    db.session.commit()
    roles = {m.user_id: (m.role, m.accepted_at is not None) for m in opportunity.panel}
    assert roles == {commissioner.id: ("chair", True), colleague.id: ("member", True)}


def test_someone_from_a_partner_body_is_invited_by_email_and_accepts(
        make_opportunity, make_user, make_organisation, commissioner, client, auth):
    opportunity = make_opportunity("open")
    probation = make_organisation("Probation", "probation-trust")
    officer = make_user("commissioner", organisation=probation)
    member = panel.add_member(opportunity, officer.email.upper(), actor=commissioner)
    db.session.commit()
    email = db.session.scalar(select(OutboundEmail).where(
        OutboundEmail.template == "panel_invitation"))
    assert email.recipient == officer.email and member.invitation_token in email.body_text
    auth.login(officer)
    path = f"/bids/panel/accept/{member.invitation_token}"
    assert client.get(path).status_code == 200
    response = client.post(path, data={"csrf_token": _token(client, path)})
    assert response.status_code == 303
    db.session.expire_all()
    assert member.user_id == officer.id and member.invitation_token is None


def test_an_invitation_is_accepted_only_by_the_address_it_was_sent_to(
        make_opportunity, make_user, commissioner):
    opportunity = make_opportunity("open")
    member = panel.add_member(opportunity, "someone@pct.nhs.uk", actor=commissioner)
    with pytest.raises(ValidationFailed, match="sent to someone@pct.nhs.uk"):
        panel.accept_invitation(member, actor=make_user("commissioner"))


def test_a_provider_cannot_sit_on_a_panel(make_opportunity, make_user, commissioner):
    provider = make_user("provider")
    with pytest.raises(ValidationFailed, match="commissioning bodies"):
        panel.add_member(make_opportunity("open"), provider.email, actor=commissioner)


def test_only_the_owning_body_forms_the_panel(make_opportunity, make_user):
    with pytest.raises(PermissionDenied):
        panel.add_member(make_opportunity("open"), "x@example.org",
                         actor=make_user("commissioner"))


# ---- Conflicts of interest --------------------------------------------------------------------

def test_a_member_sees_no_bid_before_declaring(panel_of_three, client, auth):
    opportunity, (chair, colleague, officer), (bid_a, _) = panel_of_three
    with pytest.raises(NotFound):
        evaluation.get_received_bid(opportunity, bid_a.reference, actor=officer)
    auth.login(officer)
    response = client.get(f"/bids/received/{opportunity.id}")
    assert response.status_code == 303 and response.location.endswith("/conflicts")
    page = client.get(f"/bids/received/{opportunity.id}/conflicts").get_data(as_text=True)
    assert "Brightside" in page and "Second Chance" in page


def test_a_declared_conflict_excludes_the_member_from_that_bid_only(panel_of_three):
    opportunity, (chair, colleague, officer), (bid_a, bid_b) = panel_of_three
    declare(opportunity, officer, conflicts={officer.id: {bid_a.reference: "I am a trustee"}})
    with pytest.raises(NotFound):
        evaluation.get_received_bid(opportunity, bid_a.reference, actor=officer)
    assert evaluation.get_received_bid(opportunity, bid_b.reference, actor=officer) is bid_b
    with pytest.raises(PermissionDenied):
        score_own(bid_a, officer, 4, 4)
    assert [m.user_id for m in panel.bid_evaluators(bid_a)] == [chair.id, colleague.id]


def test_the_declaration_is_made_once_and_audited(panel_of_three):
    opportunity, (chair, colleague, officer), (bid_a, _) = panel_of_three
    declare(opportunity, officer, conflicts={officer.id: {bid_a.reference: "I am a trustee"}})
    with pytest.raises(PermissionDenied):
        panel.declare_conflicts(opportunity, {}, actor=officer)
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "panel.conflicts_declared"))
    assert event.actor_id == officer.id
    assert event.details["conflicts"] == {"Brightside": "I am a trustee"}


def test_a_conflict_needs_its_reason(panel_of_three):
    opportunity, (_, _, officer), (bid_a, _) = panel_of_three
    with pytest.raises(ValidationFailed, match="Say what the conflict with Brightside is"):
        panel.declare_conflicts(opportunity, {bid_a.reference: " "}, actor=officer)


def test_the_chair_sees_who_is_excluded(panel_of_three, client, auth):
    opportunity, (chair, colleague, officer), (bid_a, _) = panel_of_three
    declare(opportunity, chair, colleague)
    declare(opportunity, officer, conflicts={officer.id: {bid_a.reference: "I am a trustee"}})
    auth.login(chair)
    page = client.get(f"/bids/panel/{opportunity.id}").get_data(as_text=True)
    assert f"{officer.name} is excluded from the bid by Brightside: I am a trustee" in page


def test_once_a_panel_is_formed_colleagues_off_it_read_no_bid(panel_of_three, make_user):
    opportunity, (chair, _, _), (bid_a, _) = panel_of_three
    outsider = make_user("commissioner", organisation=chair.organisation)
    with pytest.raises(NotFound):
        evaluation.get_received_bid(opportunity, bid_a.reference, actor=outsider)
    with pytest.raises(PermissionDenied):
        evaluation.bids_received(opportunity, actor=outsider)


# ---- Scoring alone ----------------------------------------------------------------------------

def test_an_evaluator_sees_no_other_score_until_submitting_their_own(panel_of_three, client,
                                                                     auth):
    opportunity, (chair, colleague, officer), (bid_a, _) = panel_of_three
    declare(opportunity, chair, colleague, officer)
    score_own(bid_a, colleague, 4, 3, comment="Colleague thinks it is excellent")
    with pytest.raises(PermissionDenied):
        moderation.spread(bid_a, actor=officer)
    auth.login(officer)
    path = f"/bids/received/{opportunity.id}/{bid_a.reference}"
    assert "Colleague thinks it is excellent" not in client.get(path).get_data(as_text=True)
    score_own(bid_a, officer, 2, 2, comment="Officer has doubts")
    page = client.get(path).get_data(as_text=True)
    assert "Colleague thinks it is excellent" in page and "Officer has doubts" in page


def test_own_scores_are_submitted_whole_and_once(panel_of_three):
    opportunity, (chair, colleague, _), (bid_a, _) = panel_of_three
    declare(opportunity, colleague)
    q, _p, _s = opportunity.criteria
    with pytest.raises(ValidationFailed, match="Choose a score for Social value"):
        moderation.submit_own_scores(bid_a, {q.id: (3, "")}, actor=colleague)
    assert moderation.own_scores(bid_a, colleague) == {}  # nothing half-written
    assert moderation.may_still_score(bid_a, colleague)
    score_own(bid_a, colleague, 3, 3)
    assert not moderation.may_still_score(bid_a, colleague)
    with pytest.raises(ValidationFailed, match="already submitted"):
        score_own(bid_a, colleague, 4, 4)


def test_submitting_through_the_page_keeps_the_consensus_empty(panel_of_three, client, auth):
    opportunity, (chair, colleague, _), (bid_a, _) = panel_of_three
    declare(opportunity, colleague)
    auth.login(colleague)
    q, _p, s = opportunity.criteria
    path = f"/bids/received/{opportunity.id}/{bid_a.reference}"
    response = client.post(path, data={"csrf_token": _token(client, path),
                                       f"score-{q.id}": "3", f"score-{s.id}": "2"})
    assert response.status_code == 303
    db.session.expire_all()
    assert {k: v.score for k, v in moderation.own_scores(bid_a, colleague).items()} == {
        q.id: 3, opportunity.criteria[1].id: None, s.id: 2}
    assert bid_a.scores == []
    page = client.get(path).get_data(as_text=True)
    assert "You have submitted your scores" in page and "Submit your scores" not in page


# ---- Moderation -------------------------------------------------------------------------------

def test_the_chair_sees_the_spread_and_where_evaluators_disagree(panel_of_three):
    opportunity, (chair, colleague, officer), (bid_a, _) = panel_of_three
    declare(opportunity, chair, colleague, officer)
    score_own(bid_a, chair, 3, 2)
    score_own(bid_a, colleague, 4, 2)
    score_own(bid_a, officer, 1, 3)
    quality, price, social = moderation.spread(bid_a, actor=chair)
    assert [e.score for e in quality.entries] == [3, 4, 1]
    assert (quality.range, quality.disagree) == ((1, 4), True)
    assert (social.range, social.disagree) == ((2, 3), False)
    assert price.range is None and not price.disagree


def test_no_consensus_until_every_evaluator_has_scored(panel_of_three):
    opportunity, (chair, colleague, officer), (bid_a, _) = panel_of_three
    declare(opportunity, chair, colleague, officer)
    score_own(bid_a, chair, 3, 2)
    score_own(bid_a, colleague, 4, 2)
    with pytest.raises(ValidationFailed, match="1 still to submit"):
        agree(bid_a, chair, 3, 2)


def test_a_conflicted_member_is_not_waited_for(panel_of_three):
    opportunity, (chair, colleague, officer), (bid_a, _) = panel_of_three
    declare(opportunity, chair, colleague)
    declare(opportunity, officer, conflicts={officer.id: {bid_a.reference: "Trustee"}})
    score_own(bid_a, chair, 3, 2)
    score_own(bid_a, colleague, 4, 2)
    agree(bid_a, chair, 3, 2)
    assert {s.score for s in bid_a.scores} == {3, 2}


def test_the_consensus_needs_a_reason(panel_of_three):
    opportunity, (chair, colleague, officer), (bid_a, _) = panel_of_three
    declare(opportunity, chair, colleague, officer)
    for person in (chair, colleague, officer):
        score_own(bid_a, person, 3, 3)
    with pytest.raises(ValidationFailed, match="Give the reason"):
        agree(bid_a, chair, 3, 3, reason="")


def test_only_the_chair_records_the_consensus(panel_of_three):
    opportunity, (chair, colleague, officer), (bid_a, _) = panel_of_three
    declare(opportunity, chair, colleague, officer)
    for person in (chair, colleague, officer):
        score_own(bid_a, person, 3, 3)
    with pytest.raises(PermissionDenied):
        agree(bid_a, colleague, 3, 3)


def test_the_consensus_not_the_average_ranks_the_bids(panel_of_three):
    """Own scores favour Brightside (A); the moderated consensus favours Second Chance (B)."""
    opportunity, (chair, colleague, officer), (bid_a, bid_b) = panel_of_three
    declare(opportunity, chair, colleague, officer)
    for person in (chair, colleague, officer):
        score_own(bid_a, person, 4, 4)
        score_own(bid_b, person, 2, 2)
    agree(bid_a, chair, 2, 2)
    agree(bid_b, chair, 3, 3)
    ranked = evaluation.results(opportunity, [bid_a, bid_b])
    # A: 2/4×50 + 160/200×30 + 2/4×20 = 25 + 24 + 10 = 59; B: 37.5 + 30 + 15 = 82.5
    assert [(r.bid, str(r.total)) for r in ranked] == [(bid_b, "82.50"), (bid_a, "59.00")]


def test_the_award_is_the_chairs(panel_of_three):
    from datetime import date

    opportunity, (chair, colleague, officer), (bid_a, bid_b) = panel_of_three
    declare(opportunity, chair, colleague, officer)
    for bid in (bid_a, bid_b):
        for person in (chair, colleague, officer):
            score_own(bid, person, 3, 3)
        agree(bid, chair, 3, 3)
    with pytest.raises(PermissionDenied):
        award_after_standstill(opportunity, bid_a, starts_on=date(2027, 4, 1),
                               ends_on=date(2029, 3, 31), actor=colleague)


def test_a_panel_of_one_scores_alone_and_that_is_the_consensus(
        make_opportunity, make_user, submit_bid, clock, commissioner):
    opportunity = make_opportunity("open")
    panel.add_member(opportunity, commissioner.email, actor=commissioner)
    db.session.commit()
    bid = submit_bid(opportunity, make_user("provider"))
    clock.set(opportunity.closes_at + timedelta(minutes=1))
    declare(opportunity, commissioner)
    score_own(bid, commissioner, 3, 1, comment="Clear plan")
    q, _p, s = opportunity.criteria
    assert {c.criterion_id: (c.score, c.comment) for c in bid.scores} == {
        q.id: (3, "Clear plan"), s.id: (1, "")}
    assert evaluation.results(opportunity, [bid])[0].complete


def test_the_moderation_page_flags_disagreement(panel_of_three, client, auth):
    opportunity, (chair, colleague, officer), (bid_a, _) = panel_of_three
    declare(opportunity, chair, colleague, officer)
    score_own(bid_a, chair, 3, 2)
    score_own(bid_a, colleague, 4, 2)
    score_own(bid_a, officer, 1, 3)
    auth.login(chair)
    path = f"/bids/received/{opportunity.id}/{bid_a.reference}/moderate"
    page = client.get(path).get_data(as_text=True)
    assert "Scores differ by 3" in page and "Scores from 1 to 4" in page
    q, _p, s = opportunity.criteria
    response = client.post(path, data={"csrf_token": _token(client, path),
                                       f"score-{q.id}": "3", f"comment-{q.id}": "Agreed",
                                       f"score-{s.id}": "2", f"comment-{s.id}": "Agreed",
                                       f"score-{_p.id}": "formula"})
    assert response.status_code == 303
    db.session.expire_all()
    assert {c.criterion_id: c.score for c in bid_a.scores} == {q.id: 3, s.id: 2}


# ---- The evaluation matrix --------------------------------------------------------------------

def test_the_matrix_lists_every_evaluators_scores_and_the_consensus(panel_of_three, client,
                                                                   auth):
    opportunity, (chair, colleague, officer), (bid_a, bid_b) = panel_of_three
    declare(opportunity, chair, colleague)
    declare(opportunity, officer, conflicts={officer.id: {bid_b.reference: "Trustee"}})
    for person in (chair, colleague, officer):
        score_own(bid_a, person, 3, 2)
    agree(bid_a, chair, 3, 2, reason="All agreed")
    auth.login(officer)
    response = client.get(f"/bids/received/{opportunity.id}/matrix.csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == moderation.MATRIX_HEADER
    assert {row[0] for row in rows[1:]} == {"Brightside"}  # excluded from Second Chance
    quality = [row[4:] for row in rows[1:] if row[2] == "Service model"]
    assert quality == [[chair.name, "3", "Own view"], [colleague.name, "3", "Own view"],
                       [officer.name, "3", "Own view"], ["Consensus", "3", "All agreed"]]


def test_everything_about_the_panel_is_audited(panel_of_three):
    opportunity, (chair, colleague, officer), (bid_a, _) = panel_of_three
    declare(opportunity, chair, colleague, officer)
    for person in (chair, colleague, officer):
        score_own(bid_a, person, 3, 2)
    agree(bid_a, chair, 3, 2)
    actions = set(db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.opportunity_id == opportunity.id)))
    assert {"panel.member_added", "panel.invitation_accepted", "panel.conflicts_declared",
            "panel.scored", "bid.scored"} <= actions


def test_removing_a_member_who_has_scored_is_refused(panel_of_three):
    opportunity, (chair, colleague, _), (bid_a, _) = panel_of_three
    declare(opportunity, colleague)
    score_own(bid_a, colleague, 3, 3)
    member = next(m for m in opportunity.panel if m.user_id == colleague.id)
    with pytest.raises(ValidationFailed, match="already scored"):
        panel.remove_member(member, actor=chair)
    assert db.session.get(PanelMember, member.id) is not None


def _token(client, path):
    from tests.conftest import csrf_token

    return csrf_token(client, path)


def test_the_demo_has_a_panel_for_the_chair_to_moderate(runner, client, auth):
    from portal.demo import DEMO_PASSWORD
    from portal.models import Opportunity

    assert runner.invoke(args=["seed-demo", "--if-empty"]).exit_code == 0
    opportunity = db.session.scalar(select(Opportunity).where(
        Opportunity.title.startswith("Shared lives")))
    auth.login("commissioner@example.org", DEMO_PASSWORD)
    bid = next(b for b in panel.submitted_bids(opportunity)
               if b.organisation.name == "Step Forward Housing")
    page = client.get(f"/bids/received/{opportunity.id}/{bid.reference}/moderate")
    assert page.status_code == 200 and "Scores differ by 2" in page.get_data(as_text=True)
