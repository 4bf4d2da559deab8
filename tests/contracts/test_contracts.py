"""Contracts and outcome reports: the winner reports, the commissioner confirms or returns,
confirmed results show on the public award notice, and a finished contract can seed a
practice library entry."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from portal.contracts import services as contracts
from portal.errors import PermissionDenied, ValidationFailed
from portal.extensions import db


@pytest.fixture
def contract(scheduled):
    """April 2027 to March 2028 (tests/contracts/factories.py); today is 5 October 2027."""
    return scheduled


def _report(contract, winner, worked=40, achieved=26, delivered="3", *,
            period=(date(2027, 4, 1), date(2027, 9, 30))):
    target = contract.opportunity.indicators[0]
    clause = contract.opportunity.social_clauses[0]
    return contracts.submit_report(
        contract, period_start=period[0], period_end=period[1],
        results={target.id: (worked, achieved)}, deliveries={clause.id: Decimal(delivered)},
        notes="First half year.", actor=winner)


QUARTERS = [(date(2027, 4, 1), date(2027, 6, 30)), (date(2027, 7, 1), date(2027, 9, 30)),
            (date(2027, 10, 1), date(2027, 12, 31))]


def _confirmed_quarters(made, winner, commissioner, clock, figures):
    """One confirmed report per quarter: figures are (worked with, achieved, delivered)."""
    clock.set(datetime(2028, 1, 10, 9, tzinfo=UTC))
    for period, (worked, achieved, delivered) in zip(QUARTERS, figures, strict=False):
        contracts.confirm_report(_report(made, winner, worked, achieved, delivered,
                                         period=period), actor=commissioner)
    db.session.commit()


def test_the_winner_reports_and_the_rate_is_derived(contract):
    made, winner = contract
    report = _report(made, winner)
    assert report.status == "submitted"
    assert report.results[0].rate_pct == Decimal("65.0")


def test_more_achieving_the_outcome_than_worked_with_is_refused(contract):
    made, winner = contract
    with pytest.raises(ValidationFailed, match="cannot be more than people worked with"):
        _report(made, winner, worked=10, achieved=11)


def test_only_the_winning_provider_reports(contract, make_user):
    made, _winner = contract
    with pytest.raises(PermissionDenied):
        _report(made, make_user("provider"))


def test_unconfirmed_results_are_not_public(client, contract):
    made, winner = contract
    _report(made, winner)
    db.session.commit()
    body = client.get(f"/contracts/{made.id}").get_data(as_text=True)
    assert "not yet reported" in body
    assert "26 of 40" not in body


def test_confirmed_results_show_delivered_against_committed(client, contract, commissioner):
    made, winner = contract
    report = _report(made, winner)
    contracts.confirm_report(report, actor=commissioner)
    db.session.commit()
    body = client.get(f"/contracts/{made.id}").get_data(as_text=True)
    assert "65.0% (26 of 40 people)" in body
    assert "66% reaching the outcome" in body  # what the bid committed
    assert "3 people" in body


def test_a_returned_report_needs_a_reason_and_tells_the_provider(contract, commissioner):
    from sqlalchemy import select

    from portal.models import OutboundEmail

    made, winner = contract
    report = _report(made, winner)
    with pytest.raises(ValidationFailed):
        contracts.return_report(report, " ", actor=commissioner)
    contracts.return_report(report, "Cohort numbers do not match our records",
                            actor=commissioner)
    db.session.commit()
    assert report.status == "returned"
    sent = db.session.scalars(select(OutboundEmail).where(
        OutboundEmail.template == "report_decided")).all()
    assert [m.recipient for m in sent] == [winner.email]
    assert "Cohort numbers do not match" in sent[0].body_text


def test_a_finished_contract_prefills_a_library_entry(contract, commissioner, clock):
    made, winner = contract
    contracts.confirm_report(_report(made, winner), actor=commissioner)
    with pytest.raises(ValidationFailed, match="not finished"):
        contracts.library_entry_prefill(made)
    clock.set(clock.current.replace(year=2028, month=6))
    entry = contracts.library_entry_prefill(made)
    assert entry["delivered_by"] == winner.organisation.name
    assert entry["commissioned_by"] == commissioner.organisation.name
    assert entry["client_groups"] == ["care-leavers"]
    assert entry["local_areas"] == ["E08000003"]
    assert entry["cost_per_person_gbp"] == 5000.0  # £200,000 ÷ 40 people
    assert entry["impacts"] == [{
        "indicator": "NI 148", "baseline_pct": 58.0, "baseline_period": "before the contract",
        "result_pct": 65.0, "result_period": "2027-04-01 to 2027-09-30", "cohort": 40}]


def test_a_party_turns_a_finished_contract_into_a_library_entry(
        client, auth, contract, commissioner, clock):
    from tests.conftest import csrf_token

    made, winner = contract
    contracts.confirm_report(_report(made, winner), actor=commissioner)
    db.session.commit()
    auth.login(winner)
    page = f"/contracts/{made.id}"
    assert "Share what this contract achieved" not in client.get(page).get_data(as_text=True)
    clock.set(clock.current.replace(year=2028, month=6))
    response = client.post(f"{page}/library-entry", data={"csrf_token": csrf_token(client, page)})
    assert response.status_code == 303 and "/library/" in response.headers["Location"]
    from portal.models import LibraryEntry

    entry = db.session.query(LibraryEntry).one()
    assert (entry.contract_id, entry.status) == (made.id, "submitted")
    assert [(i.indicator_code, float(i.change_pp)) for i in entry.impacts] == [("NI 148", 7.0)]
    again = client.post(f"{page}/library-entry", data={"csrf_token": csrf_token(client, page)})
    assert again.status_code == 303
    assert db.session.query(LibraryEntry).count() == 1


# ---- Periods that have ended, and adding reports up ------------------------------------------

def test_a_period_ending_after_today_is_refused(contract, clock):
    made, winner = contract
    clock.set(datetime(2027, 9, 29, 23, 30, tzinfo=UTC))  # 00:30 on the 30th in the UK
    _report(made, winner)  # ends on the 30th: today, in the UK
    with pytest.raises(ValidationFailed, match="must be today or earlier") as error:
        _report(made, winner, period=(date(2027, 10, 1), date(2027, 12, 31)))
    assert set(error.value.errors) == {"period_end"}


def test_the_report_form_refuses_a_period_not_yet_ended_and_keeps_what_was_typed(
        client, auth, contract):
    from portal.models import OutcomeReport
    from tests.conftest import csrf_token

    made, winner = contract
    target, clause = made.opportunity.indicators[0], made.opportunity.social_clauses[0]
    auth.login(winner)
    page = f"/contracts/{made.id}/reports/new"
    response = client.post(page, data={
        "csrf_token": csrf_token(client, page), "period_start": "2027-10-01",
        "period_end": "2027-12-31", f"worked-{target.id}": "41", f"achieved-{target.id}": "27",
        f"delivered-{clause.id}": "4", "notes": "Autumn so far"})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "The end of the period must be today or earlier" in body
    assert 'href="#period_end"' in body
    for kept in ('value="2027-12-31"', 'value="41"', 'value="27"', 'value="4"',
                 "Autumn so far"):
        assert kept in body
    assert db.session.query(OutcomeReport).count() == 0


def test_a_report_whose_period_has_not_ended_cannot_be_confirmed(contract, commissioner,
                                                                 clock):
    made, winner = contract
    report = _report(made, winner)
    db.session.commit()
    clock.set(datetime(2027, 9, 1, 9, tzinfo=UTC))  # as a report sent before the rule existed
    with pytest.raises(ValidationFailed, match="has not ended yet"):
        contracts.confirm_report(report, actor=commissioner)
    assert report.status == "submitted"


def test_confirming_a_report_too_early_on_the_page_says_why(client, auth, contract,
                                                          commissioner, clock):
    from tests.conftest import csrf_token

    made, winner = contract
    report = _report(made, winner)
    db.session.commit()
    clock.set(datetime(2027, 9, 1, 9, tzinfo=UTC))
    auth.login(commissioner)
    page = f"/contracts/{made.id}"
    response = client.post(f"{page}/reports/{report.id}/confirm",
                           data={"csrf_token": csrf_token(client, page)})
    assert response.status_code == 303
    assert "has not ended yet" in client.get(page).get_data(as_text=True)
    assert report.status == "submitted"


def test_people_so_far_are_the_latest_report_not_the_sum_of_reports(client, contract,
                                                                    commissioner, clock):
    made, winner = contract
    _confirmed_quarters(made, winner, commissioner, clock,
                        [(30, 12, "1"), (30, 18, "2"), (28, 21, "2")])
    so_far = contracts.delivered_so_far(made)
    target = made.opportunity.indicators[0]
    assert so_far.to == date(2027, 12, 31)
    assert so_far.results == {target.id: (28, 21)}
    assert so_far.people == 28
    body = client.get(f"/contracts/{made.id}").get_data(as_text=True)
    assert "75.0% (21 of 28 people)" in body
    assert "Delivered so far (to 31 December 2027)" in body
    # Summed, it would say "51 of 88 people" (a bare "88" can be in any id or hash on the page).
    assert "of 88" not in body and "51 of" not in body


@pytest.mark.parametrize(("unit", "label"), [
    ("people", "people"), ("percent", "per cent of contract value"), ("hours", "hours"),
    ("weeks", "weeks")])
def test_every_social_clause_unit_so_far_is_the_latest_report(client, contract, commissioner,
                                                              clock, unit, label):
    made, winner = contract
    made.opportunity.social_clauses[0].unit = unit
    db.session.commit()
    _confirmed_quarters(made, winner, commissioner, clock,
                        [(30, 12, "12"), (30, 18, "12"), (30, 20, "14")])
    clause = made.opportunity.social_clauses[0]
    assert contracts.delivered_so_far(made).deliveries == {clause.id: Decimal("14")}
    [row] = [r for r in contracts.delivered_against_committed(made)
             if r.label == clause.clause_type.name]
    assert row.delivered == f"14 {label}"
    assert f"38 {label}" not in client.get(f"/contracts/{made.id}").get_data(as_text=True)


def test_the_latest_period_counts_whatever_order_reports_came_in(contract, commissioner,
                                                                 clock):
    made, winner = contract
    clock.set(datetime(2028, 1, 10, 9, tzinfo=UTC))
    contracts.confirm_report(_report(made, winner, 50, 30, "5", period=QUARTERS[1]),
                             actor=commissioner)
    contracts.confirm_report(_report(made, winner, 20, 9, "1", period=QUARTERS[0]),
                             actor=commissioner)  # sent late
    later = _report(made, winner, 70, 40, "7", period=QUARTERS[2])  # not confirmed yet
    returned = _report(made, winner, 90, 80, "9", period=QUARTERS[2])
    contracts.return_report(returned, "Check the numbers", actor=commissioner)
    db.session.commit()
    so_far = contracts.delivered_so_far(made)
    assert so_far.to == QUARTERS[1][1]
    assert list(so_far.results.values()) == [(50, 30)]
    assert later.status == "submitted"


def test_the_library_entry_from_a_contract_counts_people_once(contract, commissioner, clock):
    made, winner = contract
    _confirmed_quarters(made, winner, commissioner, clock,
                        [(30, 12, "1"), (30, 18, "2"), (40, 26, "3")])
    clock.set(datetime(2028, 6, 1, 9, tzinfo=UTC))
    entry = contracts.library_entry_prefill(made)
    assert entry["cost_per_person_gbp"] == 5000.0  # £200,000 ÷ 40 people, not ÷ 100
    [impact] = entry["impacts"]
    assert (impact["cohort"], impact["result_pct"]) == (40, 65.0)
    assert impact["result_period"] == "2027-04-01 to 2027-12-31"


@pytest.mark.parametrize("typed", ["\u00b2", "99999999999999999999", "-3"])
def test_a_count_that_is_not_a_whole_number_is_explained(client, auth, contract, typed):
    from tests.conftest import csrf_token

    made, winner = contract
    target = made.opportunity.indicators[0]
    auth.login(winner)
    path = f"/contracts/{made.id}/reports/new"
    response = client.post(path, data={
        "csrf_token": csrf_token(client, path), "period_start": "2027-04-01",
        "period_end": "2027-09-30", f"worked-{target.id}": typed, f"achieved-{target.id}": "2"})
    assert response.status_code == 400
    assert f"Enter a whole number for {target.indicator_code}" in response.get_data(as_text=True)
