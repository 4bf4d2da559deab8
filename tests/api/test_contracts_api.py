"""Awards and contracts as open data: an awarded opportunity names its winner; the number of
bids only after the deadline; nothing from a losing bid, ever; no drafts; confirmed outcome
reports only."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal import clock
from portal.contracts import services as contracts
from portal.extensions import db
from portal.models import Bid


def _json(client, path: str) -> dict:
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_an_awarded_opportunity_names_its_winner(client, make_contract, make_organisation):
    made = make_contract(price="198500")
    made.organisation.charity_number = "1234567"
    db.session.commit()
    award = _json(client, f"/api/v1/opportunities/{made.opportunity_id}")["award"]
    assert award["supplier"] == {
        "id": made.organisation_id, "name": made.organisation.name, "kind": "charity",
        "charity_number": "1234567", "company_number": None}
    assert award["value"] == {"amount": 198500.0, "currency": "GBP"}
    assert award["date"] == made.awarded_at.isoformat()
    assert award["winning_score"] == float(made.winning_score)
    assert award["contract_period"] == {"start_date": "2027-04-01", "end_date": "2029-03-31"}
    assert award["contract"]["id"] == made.id
    assert award["contract"]["url"].endswith(f"/contracts/{made.id}")


def test_an_award_counts_the_bids_received(client, make_contract):
    made = make_contract(losers=2)
    award = _json(client, f"/api/v1/opportunities/{made.opportunity_id}")["award"]
    assert award["bids_received"] == 3


def test_the_number_of_bids_is_never_given_before_the_deadline(client, make_contract,
                                                               clock):
    made = make_contract()
    clock.set(made.opportunity.closes_at - timedelta(minutes=5))
    body = _json(client, f"/api/v1/opportunities/{made.opportunity_id}")
    assert "bids_received" not in body["award"]
    assert "bids_received" not in _json(client, f"/api/v1/contracts/{made.id}")


def test_an_opportunity_without_an_award_has_none(client, make_opportunity, make_user,
                                                 submit_bid):
    opportunity = make_opportunity("open")
    submit_bid(opportunity, make_user("provider"))
    body = _json(client, f"/api/v1/opportunities/{opportunity.id}")
    assert body["award"] is None
    assert "bids_received" not in str(body)


def test_nothing_of_a_losing_bid_appears_anywhere(client, make_contract):
    made = make_contract(losers=2)
    losers = db.session.scalars(select(Bid).where(Bid.opportunity_id == made.opportunity_id,
                                                  Bid.id != made.bid_id)).all()
    assert len(losers) == 2
    for path in (f"/api/v1/opportunities/{made.opportunity_id}", f"/api/v1/contracts/{made.id}",
                 "/api/v1/contracts", "/api/v1/opportunities"):
        text = client.get(path).get_data(as_text=True)
        assert "123456" not in text and "A losing answer" not in text, path
        for bid in losers:
            assert bid.reference not in text and bid.organisation.name not in text, path


def test_commitments_and_results_come_from_confirmed_reports_only(client, make_contract,
                                                                  make_user, commissioner):
    winner = make_user("provider")
    today = clock.uk_today()
    made = make_contract(winner=winner, starts_on=today - timedelta(days=200),
                         ends_on=today + timedelta(days=500))
    target, clause = made.opportunity.indicators[0], made.opportunity.social_clauses[0]

    def report(worked, achieved, delivered, end):
        return contracts.submit_report(
            made, period_start=made.starts_on, period_end=end,
            results={target.id: (worked, achieved)}, deliveries={clause.id: Decimal(delivered)},
            notes="", actor=winner)

    confirmed = report(40, 26, "2", today - timedelta(days=100))
    contracts.confirm_report(confirmed, actor=commissioner)
    report(80, 60, "5", today - timedelta(days=10))  # submitted, not confirmed
    db.session.commit()
    award = _json(client, f"/api/v1/opportunities/{made.opportunity_id}")["award"]
    assert award["social_clauses"] == [{
        "type": "targeted-recruitment", "name": clause.clause_type.name, "unit": "people",
        "minimum": 2.0, "committed": 3.0, "delivered": 2.0}]
    [result] = award["indicator_results"]
    assert (result["indicator"], result["worked_with"], result["achieved"],
            result["rate_pct"]) == ("NI 148", 40, 26, 65.0)
    assert award["results_up_to"] == confirmed.period_end.isoformat()
    assert [r["period_end"] for r in award["outcome_reports"]] == [
        confirmed.period_end.isoformat()]


def test_a_contract_reads_the_same_as_its_award(client, make_contract):
    made = make_contract()
    award = _json(client, f"/api/v1/opportunities/{made.opportunity_id}")["award"]
    contract = _json(client, f"/api/v1/contracts/{made.id}")
    assert contract["supplier"] == award["supplier"] and contract["value"] == award["value"]
    assert contract["opportunity"]["id"] == made.opportunity_id
    assert contract["buyer"]["name"] == made.opportunity.organisation.name


def test_an_unknown_contract_is_a_404_problem(client):
    response = client.get("/api/v1/contracts/999")
    assert (response.status_code, response.mimetype) == (404, "application/problem+json")


def test_a_contract_whose_opportunity_is_not_published_never_appears(client, make_contract):
    made = make_contract()
    made.opportunity.published_at = None
    db.session.commit()
    assert client.get(f"/api/v1/contracts/{made.id}").status_code == 404
    assert _json(client, "/api/v1/contracts")["data"] == []


def _ids(client, query: str = "") -> list[int]:
    return [c["id"] for c in _json(client, f"/api/v1/contracts?{query}")["data"]]


def test_contracts_filter_by_buyer_and_supplier(client, make_contract, make_user):
    other_buyer = make_user("commissioner")
    first, second = make_contract("First"), make_contract("Second", owner=other_buyer)
    assert _ids(client, f"buyer={other_buyer.organisation_id}") == [second.id]
    assert _ids(client, f"supplier={first.organisation_id}") == [first.id]


def test_contracts_filter_by_client_group_region_and_indicator(client, make_contract):
    offenders = make_contract("Offenders", client_group="offenders", local_area="E09000001")
    make_contract("Care leavers", client_group="care-leavers", local_area="E08000003")
    assert _ids(client, "client_group=offenders") == [offenders.id]
    assert _ids(client, "region=E12000007") == [offenders.id]
    assert len(_ids(client, "indicator=NI+148")) == 2
    assert _ids(client, "indicator=NI+143") == []


def test_contracts_filter_by_award_and_end_dates(client, make_contract):
    early = make_contract("Early", ends_on=date(2028, 3, 31))
    late = make_contract("Late", ends_on=date(2030, 3, 31))
    assert _ids(client, "ends_before=2028-12-31") == [early.id]
    assert _ids(client, "ends_after=2029-01-01") == [late.id]
    today = clock.uk_today().isoformat()
    assert sorted(_ids(client, f"awarded_after={today}&awarded_before={today}")) == sorted(
        [early.id, late.id])
    tomorrow = (clock.uk_today() + timedelta(days=1)).isoformat()
    assert _ids(client, f"awarded_after={tomorrow}") == []


def test_contracts_sort_by_end_date_soonest_first(client, make_contract):
    late = make_contract("Late", ends_on=date(2030, 3, 31))
    early = make_contract("Early", ends_on=date(2028, 3, 31))
    assert _ids(client, "sort=ending") == [early.id, late.id]
    assert _ids(client) == [early.id, late.id]  # newest award first


@pytest.mark.parametrize("query, parameter", [
    ("buyer=abc", "buyer"), ("ends_after=31/03/2028", "ends_after"),
    ("region=nowhere", "region"), ("indicator=NI+999", "indicator"),
    ("client_group=pirates", "client_group")])
def test_a_bad_contract_filter_is_a_400_problem(client, query, parameter):
    response = client.get(f"/api/v1/contracts?{query}")
    assert (response.status_code, response.mimetype) == (400, "application/problem+json")
    assert [e["parameter"] for e in response.get_json(force=True)["errors"]] == [parameter]


def test_the_contracts_list_pages_with_the_envelope(client, make_contract):
    for n in range(3):
        make_contract(f"Contract {n}")
    body = _json(client, "/api/v1/contracts?per_page=2")
    assert (body["meta"]["total"], body["meta"]["pages"], len(body["data"])) == (3, 2, 2)
    assert "page=2" in body["links"]["next"]
