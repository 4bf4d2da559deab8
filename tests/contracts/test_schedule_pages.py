"""The schedule on the pages: both sides see it and what is overdue (contract page and
dashboard); the commissioner keeps it through forms that keep bad input; the provider
reports on a period chosen from it."""

from datetime import date

from portal.extensions import db
from portal.models import OutcomeReport
from tests.conftest import csrf_token


def test_both_sides_see_the_schedule_and_what_is_overdue(client, auth, scheduled,
                                                         commissioner):
    made, winner = scheduled
    for person in (winner, commissioner):
        auth.login(person)
        page = client.get(f"/contracts/{made.id}").get_data(as_text=True)
        assert "Reporting schedule" in page and "1 outcome report is overdue" in page
        assert page.count("govuk-tag--red") == 1
        dashboard = client.get("/dashboard").get_data(as_text=True)
        assert "1 outcome report is overdue" in dashboard
        assert f"{made.opportunity.title}: 1 April 2027 to 30 June 2027" in dashboard
        auth.logout()


def test_the_public_sees_no_schedule(client, scheduled):
    made, _ = scheduled
    page = client.get(f"/contracts/{made.id}").get_data(as_text=True)
    assert "Reporting schedule" not in page and "overdue" not in page


def test_a_period_with_bad_dates_is_refused_and_what_was_typed_kept(client, auth, scheduled,
                                                                   commissioner):
    made, _ = scheduled
    auth.login(commissioner)
    path = f"/contracts/{made.id}/periods/new"
    response = client.post(path, data={"csrf_token": csrf_token(client, path),
                                       "starts_on": "2027-05-01", "ends_on": "2027-05-31",
                                       "due_on": "not a date"})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Enter the day the report is due" in body and 'value="2027-05-01"' in body
    response = client.post(path, data={"csrf_token": csrf_token(client, path),
                                       "starts_on": "2027-05-01", "ends_on": "2027-05-31",
                                       "due_on": "2027-06-30"})
    assert response.status_code == 400
    assert "overlaps the one from 1 April 2027" in response.get_data(as_text=True)
    assert len(made.periods) == 4


def test_the_commissioner_moves_a_period(client, auth, scheduled, commissioner):
    made, _ = scheduled
    last = made.periods[-1]
    auth.login(commissioner)
    path = f"/contracts/{made.id}/periods/{last.id}/edit"
    assert 'value="2028-04-30"' in client.get(path).get_data(as_text=True)
    response = client.post(path, data={"csrf_token": csrf_token(client, path),
                                       "starts_on": "2028-01-01", "ends_on": "2028-03-31",
                                       "due_on": "2028-04-14"})
    assert response.status_code == 303
    db.session.refresh(last)
    assert last.due_on == date(2028, 4, 14)


def test_the_provider_reports_on_a_period_chosen_from_the_schedule(client, auth, scheduled):
    made, winner = scheduled
    second = made.periods[1]
    target, clause = made.opportunity.indicators[0], made.opportunity.social_clauses[0]
    auth.login(winner)
    path = f"/contracts/{made.id}/reports/new?period={second.id}"
    form = client.get(path).get_data(as_text=True)
    assert "Which period are you reporting on?" in form
    assert "1 October 2027" not in form  # not ended: not offered
    response = client.post(path, data={
        "csrf_token": csrf_token(client, path), "period": str(second.id),
        f"worked-{target.id}": "40", f"achieved-{target.id}": "26",
        f"delivered-{clause.id}": "3"})
    assert response.status_code == 303
    report = db.session.query(OutcomeReport).one()
    assert report.period is second
    assert (report.period_start, report.period_end) == (date(2027, 7, 1), date(2027, 9, 30))


def test_a_report_with_no_period_chosen_asks_for_one(client, auth, scheduled):
    made, winner = scheduled
    target = made.opportunity.indicators[0]
    auth.login(winner)
    path = f"/contracts/{made.id}/reports/new"
    response = client.post(path, data={"csrf_token": csrf_token(client, path),
                                       f"worked-{target.id}": "40",
                                       f"achieved-{target.id}": "26"})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Choose the period you are reporting on" in body
    assert "Enter the start of the period" not in body
