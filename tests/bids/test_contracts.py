"""Contracts and outcome reports: the winner reports, the commissioner confirms or returns,
confirmed results show on the public award notice, and a finished contract can seed a
practice library entry."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from portal.bids import contracts, evaluation
from portal.errors import PermissionDenied, ValidationFailed
from portal.extensions import db


@pytest.fixture
def contract(make_opportunity, make_user, submit_bid, commissioner, clock):
    opportunity = make_opportunity("open")
    winner = make_user("provider", email="winner@example.org")
    bid = submit_bid(opportunity, winner, price="200000", commitment="3")
    clock.set(opportunity.closes_at + timedelta(minutes=1))
    q, _p, s = opportunity.criteria
    evaluation.save_scores(bid, {q.id: (3, ""), s.id: (3, "")}, "", actor=commissioner)
    made = evaluation.award(opportunity, bid, starts_on=date(2027, 4, 1),
                            ends_on=date(2028, 3, 31), actor=commissioner)
    db.session.commit()
    return made, winner


def _report(contract, winner, worked=40, achieved=26, delivered="3"):
    target = contract.opportunity.indicators[0]
    clause = contract.opportunity.social_clauses[0]
    return contracts.submit_report(
        contract, period_start=date(2027, 4, 1), period_end=date(2027, 9, 30),
        results={target.id: (worked, achieved)}, deliveries={clause.id: Decimal(delivered)},
        notes="First half year.", actor=winner)


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
        "result_pct": 65.0, "result_period": "2027-04-01 to 2028-03-31", "cohort": 40}]


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
