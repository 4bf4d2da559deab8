"""`notify tick` and outcome reports: "due soon" to the provider a week before, "overdue" to
both sides after the due date, each once per period and person."""

from datetime import UTC, datetime

from sqlalchemy import select

from portal import jobs
from portal.extensions import db
from portal.models import OutboundEmail
from tests.contracts.factories import report_on


def _sent(template: str) -> list[tuple[str, str]]:
    return db.session.execute(select(OutboundEmail.recipient, OutboundEmail.subject).where(
        OutboundEmail.template == template).order_by(OutboundEmail.id)).all()


def test_the_provider_hears_a_week_before_a_report_is_due_once(scheduled, clock):
    made, winner = scheduled
    db.session.execute(db.delete(OutboundEmail))
    clock.set(datetime(2027, 10, 23, 9, tzinfo=UTC))  # the July-September report is due 30th
    jobs.tick()
    jobs.tick()
    assert _sent("report_due") == [(winner.email,
                                    f"Outcome report due in 7 days: {made.opportunity.title}")]
    assert _sent("report_overdue") == []


def test_an_overdue_report_is_told_to_both_sides_once_each(scheduled, commissioner, clock):
    made, winner = scheduled
    db.session.execute(db.delete(OutboundEmail))
    clock.set(datetime(2027, 10, 31, 9, tzinfo=UTC))
    jobs.tick()
    clock.set(datetime(2027, 11, 2, 9, tzinfo=UTC))
    jobs.tick()
    subject = f"Outcome report overdue: {made.opportunity.title}"
    assert sorted(_sent("report_overdue")) == sorted([(winner.email, subject),
                                                      (commissioner.email, subject)])


def test_a_period_with_a_report_waiting_is_not_chased(scheduled, clock):
    made, winner = scheduled
    report_on(made, winner, made.periods[1])
    db.session.commit()
    db.session.execute(db.delete(OutboundEmail))
    clock.set(datetime(2027, 10, 31, 9, tzinfo=UTC))
    jobs.tick()
    assert _sent("report_overdue") == [] and _sent("report_due") == []


def test_a_report_long_overdue_is_shown_but_not_emailed(scheduled, clock):
    """The first quarter was due on 30 July: by October that is past the window."""
    db.session.execute(db.delete(OutboundEmail))
    db.session.commit()
    jobs.tick()
    assert _sent("report_overdue") == []
