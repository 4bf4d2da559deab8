"""Each event tells exactly the people it concerns, by email and on their notifications page,
and nobody else."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from portal.alerts import follows
from portal.auth import services as accounts
from portal.bids import evaluation
from portal.bids import services as bids
from portal.contracts import services as contracts
from portal.extensions import db
from portal.models import Notification
from portal.notifications.outbox import send_due
from portal.opportunities import questions
from portal.opportunities import services as opportunities
from tests.bids.helpers import award_after_standstill, complete_input
from tests.notifications.support import mail, recipients


@pytest.fixture
def cast(make_opportunity, make_user, commissioner):
    """An open opportunity; organisation A has a submitted bid (two members), B a draft bid,
    C a withdrawn bid; someone follows it; someone else has nothing to do with it."""
    opportunity = make_opportunity("open")
    a1 = make_user("provider")
    a2 = make_user("provider", organisation=a1.organisation)
    b1 = make_user("provider")
    c1 = make_user("provider")
    follower = make_user("provider")
    bystander = make_user("provider")
    colleague = make_user("commissioner", organisation=commissioner.organisation)
    submitted = bids.start_bid(opportunity, actor=a1)
    db.session.flush()
    bids.submit(submitted, complete_input(opportunity), revision=submitted.revision, actor=a1)
    draft = bids.start_bid(opportunity, actor=b1)
    withdrawn = bids.start_bid(opportunity, actor=c1)
    db.session.flush()
    bids.submit(withdrawn, complete_input(opportunity), revision=withdrawn.revision, actor=c1)
    bids.withdraw(withdrawn, revision=withdrawn.revision, actor=c1)
    follows.follow(opportunity, actor=follower)
    db.session.commit()
    db.session.execute(db.delete(Notification))
    from portal.models import OutboundEmail

    db.session.execute(db.delete(OutboundEmail))  # the receipts above: not under test here
    db.session.commit()
    return dict(opportunity=opportunity, a1=a1, a2=a2, b1=b1, c1=c1, follower=follower,
                bystander=bystander, commissioner=commissioner, colleague=colleague,
                submitted=submitted, draft=draft, withdrawn=withdrawn)


def emails(*people) -> list[str]:
    return sorted(person.email for person in people)


def notified(template: str) -> list[int]:
    return sorted(db.session.scalars(select(Notification.user_id).where(
        Notification.event == template)))


def test_an_amendment_goes_to_organisations_with_a_bid_in_progress_and_followers(cast):
    opportunity = cast["opportunity"]
    opportunities.update_overview(opportunity, title=opportunity.title, summary="New summary.",
                                  specification=opportunity.specification,
                                  reason="Clearer summary", actor=cast["commissioner"])
    db.session.commit()
    expected = (cast["a1"], cast["a2"], cast["b1"], cast["follower"])
    assert recipients("opportunity_amended") == emails(*expected)
    assert notified("opportunity_amended") == sorted(p.id for p in expected)


def test_a_cancellation_goes_to_the_same_people(cast):
    opportunities.cancel(cast["opportunity"], "Budget withdrawn", actor=cast["commissioner"])
    db.session.commit()
    assert recipients("opportunity_cancelled") == emails(
        cast["a1"], cast["a2"], cast["b1"], cast["follower"])


def test_an_answer_goes_to_the_asker_and_followers_only(cast, make_user):
    asker = make_user("provider")
    question = questions.ask(cast["opportunity"], "Can we bid as a consortium?", actor=asker)
    db.session.commit()
    assert recipients("question_asked") == emails(cast["commissioner"], cast["colleague"])
    questions.answer(question, "Yes.", actor=cast["commissioner"])
    db.session.commit()
    assert recipients("question_answered") == emails(asker, cast["follower"])
    own = next(m for m in mail("question_answered") if m.recipient == asker.email)
    assert own.subject.startswith("Your question has been answered")
    other = next(m for m in mail("question_answered") if m.recipient != asker.email)
    assert "which you follow" in other.body_text


def test_asking_a_question_follows_the_opportunity(cast, make_user):
    asker = make_user("provider")
    questions.ask(cast["opportunity"], "When is the site visit?", actor=asker)
    db.session.commit()
    assert follows.is_following(asker, cast["opportunity"])


def test_bid_receipts_reach_only_the_bidding_organisation_through_smtp(cast, inbox):
    opportunity, b1 = cast["opportunity"], cast["b1"]
    draft = cast["draft"]
    bids.submit(draft, complete_input(opportunity), revision=draft.revision, actor=b1)
    db.session.commit()
    bids.submit(draft, complete_input(opportunity, price="170000"), revision=draft.revision,
                actor=b1)
    db.session.commit()
    bids.withdraw(draft, revision=draft.revision, actor=b1)
    db.session.commit()
    send_due()
    assert sorted(m["To"] for m in inbox.messages) == [b1.email] * 3
    subjects = [m["Subject"].split(":")[0] for m in inbox.messages]
    assert subjects == ["Bid submitted", "Bid amended", "Bid withdrawn"]
    assert inbox.to(cast["a1"].email) == [] and inbox.to(cast["commissioner"].email) == []


def test_the_award_tells_every_bidder_its_own_result_and_followers_the_notice(cast, clock,
                                                                             inbox):
    opportunity, commissioner = cast["opportunity"], cast["commissioner"]
    follows.follow(opportunity, actor=cast["a2"])  # a bidder who also follows: one email
    db.session.commit()
    clock.set(opportunity.closes_at + timedelta(minutes=1))
    q, _p, s = opportunity.criteria
    submitted = cast["submitted"]
    evaluation.save_scores(submitted, {q.id: (3, ""), s.id: (3, "")}, "", actor=commissioner)
    award_after_standstill(opportunity, submitted, starts_on=date(2027, 4, 1),
                           ends_on=date(2028, 3, 31), actor=commissioner)
    db.session.commit()
    assert recipients("award_outcome") == emails(cast["a1"], cast["a2"])
    assert recipients("opportunity_awarded") == emails(cast["follower"])
    send_due()
    [notice] = inbox.to(cast["follower"].email)
    assert "has been awarded" in inbox.text(notice)
    assert "Your score" not in inbox.text(notice)  # followers never see a bidder's scores


def test_outcome_reports_go_to_the_commissioner_then_back_to_the_provider(cast, clock):
    opportunity, commissioner, a1 = cast["opportunity"], cast["commissioner"], cast["a1"]
    clock.set(opportunity.closes_at + timedelta(minutes=1))
    q, _p, s = opportunity.criteria
    evaluation.save_scores(cast["submitted"], {q.id: (3, ""), s.id: (3, "")}, "",
                           actor=commissioner)
    contract = award_after_standstill(opportunity, cast["submitted"], starts_on=date(2027, 4, 1),
                                      ends_on=date(2028, 3, 31), actor=commissioner)
    db.session.commit()
    clock.set(datetime(2027, 10, 1, 9, tzinfo=UTC))  # the period reported on has ended
    target, clause = opportunity.indicators[0], opportunity.social_clauses[0]
    report = contracts.submit_report(
        contract, period_start=date(2027, 4, 1), period_end=date(2027, 9, 30),
        results={target.id: (40, 26)}, deliveries={clause.id: Decimal(2)}, notes="",
        actor=a1)
    db.session.commit()
    assert recipients("report_submitted") == emails(commissioner, cast["colleague"])
    contracts.return_report(report, "Add the cohort's ages", actor=commissioner)
    db.session.commit()
    assert recipients("report_decided") == emails(a1, cast["a2"])


def test_organisation_decisions_go_to_its_members(make_organisation, make_user):
    organisation = make_organisation("New Charity", "charity", "pending")
    first = make_user("provider", organisation=organisation, org_status="pending")
    second = make_user("provider", organisation=organisation, org_status="pending")
    make_user("provider")  # another organisation's member
    accounts.decide_organisation(organisation, "verified", "", actor=make_user("admin"))
    db.session.commit()
    assert recipients("organisation_verified") == emails(first, second)
    assert notified("organisation_verified") == sorted([first.id, second.id])


def test_interest_in_an_innovation_goes_to_its_organisation(make_innovation, make_user):
    from portal.innovations.services import express_interest

    innovation = make_innovation()
    owner = innovation.organisation.members[0]
    express_interest(innovation, "We would like to talk.", "buyer@example.org",
                     actor=make_user("commissioner"))
    db.session.commit()
    assert recipients("innovation_interest") == [owner.email]


def test_a_moderation_decision_goes_to_the_contributor(make_user):
    from portal.library.services import moderate
    from tests.library.factories import submitted_entry

    contributor = make_user("provider")
    entry = submitted_entry(contributor)
    moderate(entry, "return", "Add the source", actor=make_user("admin"))
    db.session.commit()
    assert recipients("library_returned") == [contributor.email]
    assert notified("library_returned") == [contributor.id]


def test_secrets_stay_in_the_mailbox_not_on_the_notifications_page(make_user):
    user = make_user("provider")
    accounts.send_verification_email(user)
    accounts.request_password_reset(user.email)
    db.session.commit()
    assert recipients("verify_email") == [user.email]
    assert recipients("reset_password") == [user.email]
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 0


def test_the_email_and_the_notification_roll_back_with_the_event(cast):
    opportunity = cast["opportunity"]
    opportunities.cancel(opportunity, "Budget withdrawn", actor=cast["commissioner"])
    db.session.rollback()
    assert mail() == []
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 0


def test_events_during_an_smtp_outage_are_all_delivered_once_it_is_back(cast, inbox):
    inbox.stop()
    opportunity = cast["opportunity"]
    opportunities.update_overview(opportunity, title=opportunity.title, summary="Changed.",
                                  specification=opportunity.specification,
                                  reason="Clearer summary", actor=cast["commissioner"])
    opportunities.cancel(opportunity, "Budget withdrawn", actor=cast["commissioner"])
    db.session.commit()
    report = send_due()
    assert report.sent == 0
    assert len(mail()) == 8  # 4 people × (amendment + cancellation), all kept
    inbox.start()
    from portal import clock

    for message in mail():  # back-off would wait: make them due now
        message.next_attempt_at = clock.now()
    db.session.commit()
    send_due()
    send_due()
    assert len(inbox.messages) == 8
    assert sorted({m["To"] for m in inbox.messages}) == emails(
        cast["a1"], cast["a2"], cast["b1"], cast["follower"])


def test_every_email_has_a_plain_text_and_an_html_version():
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "templates" / "emails"
    names = {path.stem for path in folder.glob("*.*") if not path.stem.startswith("_")}
    for name in names:
        assert (folder / f"{name}.txt").exists() and (folder / f"{name}.html").exists(), name
    assert {"alert_match", "alert_digest", "deadline_reminder", "bids_ready",
            "opportunity_awarded"} <= names
