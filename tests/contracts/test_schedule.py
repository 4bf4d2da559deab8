"""The reporting schedule: derived quarterly at the award, kept by the commissioner, each
period's status derived from today and its reports, and reports made against a period."""

from datetime import date, timedelta

import pytest

from portal.contracts import schedule
from portal.contracts import services as contracts
from portal.errors import PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.models import AuditEvent
from tests.contracts.factories import report_on


def _days(contract):
    return [(p.starts_on, p.ends_on, p.due_on) for p in contract.periods]


def test_the_award_derives_quarterly_periods_each_due_30_days_after_it_ends(scheduled):
    made, _ = scheduled
    assert _days(made) == [
        (date(2027, 4, 1), date(2027, 6, 30), date(2027, 7, 30)),
        (date(2027, 7, 1), date(2027, 9, 30), date(2027, 10, 30)),
        (date(2027, 10, 1), date(2027, 12, 31), date(2028, 1, 30)),
        (date(2028, 1, 1), date(2028, 3, 31), date(2028, 4, 30))]


def test_quarters_count_from_the_first_day_and_the_last_is_cut_at_the_end():
    assert schedule.quarters(date(2027, 1, 31), date(2027, 8, 15)) == [
        (date(2027, 1, 31), date(2027, 4, 29)), (date(2027, 4, 30), date(2027, 7, 30)),
        (date(2027, 7, 31), date(2027, 8, 15))]


def test_each_period_status_follows_today_and_its_reports(scheduled, commissioner):
    made, winner = scheduled
    first, second, third, _ = made.periods
    assert [schedule.status(p) for p in made.periods] == ["overdue", "due", "upcoming",
                                                          "upcoming"]
    report = report_on(made, winner, second)
    assert schedule.status(second) == "reported"
    contracts.return_report(report, "Figures missing", actor=commissioner)
    assert schedule.status(second) == "returned"
    assert schedule.status(second, date(2027, 10, 31)) == "overdue"
    contracts.confirm_report(report_on(made, winner, first), actor=commissioner)
    assert schedule.status(first) == "confirmed"
    assert schedule.overdue(made) == []


def test_a_report_joins_the_period_chosen_or_the_one_its_end_falls_in(scheduled):
    made, winner = scheduled
    first, second, *_ = made.periods
    assert report_on(made, winner, first).period is first
    assert report_on(made, winner, second, period=second).period is second


def test_a_period_with_a_report_waiting_cannot_be_reported_again(scheduled):
    made, winner = scheduled
    first = made.periods[0]
    report_on(made, winner, first, period=first)
    with pytest.raises(ValidationFailed) as failed:
        report_on(made, winner, first, period=first)
    assert "already waiting" in failed.value.errors["period"]
    assert schedule.reportable(made) == [made.periods[1]]


def test_the_commissioner_adds_moves_and_removes_periods_with_an_audit(scheduled,
                                                                       commissioner):
    made, _ = scheduled
    last = made.periods[-1]
    schedule.edit_period(last, date(2028, 1, 1), date(2028, 2, 29), date(2028, 3, 15),
                         actor=commissioner)
    added = schedule.add_period(made, date(2028, 3, 1), date(2028, 3, 31), date(2028, 4, 10),
                                actor=commissioner)
    schedule.remove_period(made.periods[2], actor=commissioner)
    db.session.commit()
    assert _days(made)[-2:] == [(date(2028, 1, 1), date(2028, 2, 29), date(2028, 3, 15)),
                                (date(2028, 3, 1), date(2028, 3, 31), date(2028, 4, 10))]
    assert added in made.periods and len(made.periods) == 4
    actions = db.session.scalars(db.select(AuditEvent.action).where(
        AuditEvent.action.like("contract.period_%")).order_by(AuditEvent.id)).all()
    assert actions == ["contract.period_changed", "contract.period_added",
                       "contract.period_removed"]


@pytest.mark.parametrize(("dates", "field", "message"), [
    ((date(2027, 3, 1), date(2027, 3, 31), date(2027, 4, 30)), "starts_on", "within the"),
    ((date(2028, 3, 1), date(2028, 4, 30), date(2028, 5, 30)), "starts_on", "within the"),
    ((date(2027, 6, 1), date(2027, 7, 31), date(2027, 8, 30)), "starts_on", "overlaps"),
    ((date(2027, 6, 1), date(2027, 5, 31), date(2027, 8, 30)), "ends_on", "on or after"),
    ((date(2028, 4, 1), date(2028, 4, 1), date(2028, 4, 1)), "due_on", "due after"),
])
def test_a_period_must_fit_the_contract_not_overlap_and_be_due_after_it_ends(
        scheduled, commissioner, dates, field, message):
    made, _ = scheduled
    made.periods.pop()  # leaves January to March 2028 free
    db.session.flush()
    with pytest.raises(ValidationFailed) as failed:
        schedule.add_period(made, *dates, actor=commissioner)
    assert message in failed.value.errors[field]


def test_a_reported_period_cannot_be_moved_or_removed(scheduled, commissioner):
    made, winner = scheduled
    first = made.periods[0]
    report_on(made, winner, first)
    with pytest.raises(PermissionDenied):
        schedule.remove_period(first, actor=commissioner)
    with pytest.raises(PermissionDenied):
        schedule.edit_period(first, first.starts_on, first.ends_on, first.due_on + timedelta(1),
                             actor=commissioner)


def test_only_the_commissioning_body_keeps_the_schedule(scheduled, make_user):
    made, winner = scheduled
    for someone in (winner, make_user("commissioner"), make_user("admin")):
        with pytest.raises(PermissionDenied):
            schedule.add_period(made, date(2028, 4, 1), date(2028, 4, 2), date(2028, 5, 1),
                                actor=someone)
