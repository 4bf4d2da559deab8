"""Variations: the commissioner changes the value or end date with a public reason; an
extension moves the end date later. The contract shows its current terms and keeps the
original ones; the notice, the API and the open contracting data show each variation."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from portal.contracts import variations
from portal.errors import PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.models import AuditEvent
from tests.conftest import csrf_token
from tests.ocds.conftest import all_releases


def _extend(contract, commissioner, **changes):
    values = {"effective_on": date(2028, 1, 1), "reason": "Demand doubled in the winter.",
              "value": Decimal("260000"), "ends_on": date(2028, 9, 30)} | changes
    variation = variations.record_variation(contract, actor=commissioner, **values)
    db.session.commit()
    return variation


def test_an_extension_changes_the_terms_and_keeps_the_original_ones(scheduled, commissioner):
    made, _ = scheduled
    variation = _extend(made, commissioner)
    assert variation.is_extension
    assert (made.value, made.ends_on) == (Decimal("260000"), date(2028, 9, 30))
    assert (made.original_value, made.original_ends_on) == (Decimal("200000"),
                                                            date(2028, 3, 31))
    event = db.session.scalars(db.select(AuditEvent).where(
        AuditEvent.action == "contract.extended")).one()
    assert event.details["reason"] == "Demand doubled in the winter."
    assert event.details["ends_on_after"] == "2028-09-30"


def test_an_extension_adds_periods_for_its_new_months(scheduled, commissioner):
    made, _ = scheduled
    _extend(made, commissioner)
    assert [(p.starts_on, p.ends_on) for p in made.periods[-2:]] == [
        (date(2028, 4, 1), date(2028, 6, 30)), (date(2028, 7, 1), date(2028, 9, 30))]


def test_a_shorter_contract_loses_its_unreported_periods_after_the_new_end(scheduled,
                                                                            commissioner):
    made, _ = scheduled
    variation = _extend(made, commissioner, value=None, ends_on=date(2028, 1, 31))
    assert not variation.is_extension
    assert made.periods[-1].ends_on == date(2028, 1, 31) and len(made.periods) == 4
    assert db.session.scalars(db.select(AuditEvent.action).where(
        AuditEvent.action.like("contract.%ed"))).all() == ["contract.varied"]


@pytest.mark.parametrize(("changes", "field"), [
    ({"reason": "  "}, "reason"),
    ({"value": None, "ends_on": None}, "value"),
    ({"value": Decimal("200000"), "ends_on": date(2028, 3, 31)}, "value"),  # nothing changes
    ({"value": Decimal("0")}, "value"),
    ({"ends_on": date(2027, 1, 1)}, "ends_on"),
    ({"ends_on": date(9999, 12, 31)}, "ends_on"),
    ({"effective_on": date(2027, 3, 1)}, "effective_on"),
])
def test_a_variation_needs_a_reason_a_change_and_sensible_dates(scheduled, commissioner,
                                                                changes, field):
    made, _ = scheduled
    with pytest.raises(ValidationFailed) as failed:
        _extend(made, commissioner, **changes)
    assert field in failed.value.errors
    assert made.variations == []


def test_only_the_commissioning_body_varies_a_contract(scheduled, make_user):
    made, winner = scheduled
    for someone in (winner, make_user("commissioner"), make_user("admin")):
        with pytest.raises(PermissionDenied):
            _extend(made, someone)


def test_the_award_notice_and_the_api_show_the_history(client, scheduled, commissioner):
    made, _ = scheduled
    _extend(made, commissioner)
    page = client.get(f"/contracts/{made.id}").get_data(as_text=True)
    assert "Demand doubled in the winter." in page and "Extension" in page
    assert "awarded at £200,000" in page and "originally 31 March 2028" in page
    [listed] = client.get("/api/v1/contracts").get_json()["data"]
    assert listed["value"]["amount"] == 260000
    assert listed["contract_period"]["end_date"] == "2028-09-30"
    assert listed["variations"] == [{
        "effective_date": "2028-01-01", "recorded_at": listed["variations"][0]["recorded_at"],
        "reason": "Demand doubled in the winter.", "extension": True,
        "value_before": {"amount": 200000, "currency": "GBP"},
        "value_after": {"amount": 260000, "currency": "GBP"},
        "end_date_before": "2028-03-31", "end_date_after": "2028-09-30"}]


def test_the_variation_form_keeps_what_was_typed_when_refused(client, auth, scheduled,
                                                              commissioner):
    made, _ = scheduled
    auth.login(commissioner)
    path = f"/contracts/{made.id}/variations/new"
    response = client.post(path, data={"csrf_token": csrf_token(client, path),
                                       "value": "250,000", "effective_on": "2028-01-01",
                                       "reason": ""})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Enter the reason for the variation" in body and 'value="250,000"' in body
    response = client.post(path, data={"csrf_token": csrf_token(client, path),
                                       "value": "250,000", "effective_on": "2028-01-01",
                                       "reason": "More referrals."})
    assert response.status_code == 303
    assert made.value == Decimal("250000")


def test_each_variation_is_a_contract_amendment_release(client, scheduled, commissioner,
                                                        clock):
    made, _ = scheduled
    clock.set(datetime(2027, 12, 20, 9, tzinfo=UTC))
    _extend(made, commissioner)
    releases = all_releases(client)  # each page checked against the OCDS 1.1.5 schema
    [amendment] = [r for r in releases if r["tag"] == ["contractAmendment"]]
    [contract_release] = [r for r in releases if r["tag"] == ["contract"]]
    [change] = amendment["contracts"][0]["amendments"]
    assert change["rationale"] == "Demand doubled in the winter."
    assert "Value changed from £200,000.00 to £260,000.00" in change["description"]
    assert change["amendsReleaseID"] == contract_release["id"]
    assert change["releaseID"] == amendment["id"]
    assert amendment["contracts"][0]["value"]["amount"] == 260000
    assert amendment["awards"][0]["value"]["amount"] == 200000  # the award as made
    assert contract_release["contracts"][0]["value"]["amount"] == 200000
    assert "amendments" not in contract_release["contracts"][0]
    ocid = amendment["ocid"]
    [record] = client.get(f"/api/v1/ocds/records/{ocid}").get_json()["records"]
    compiled = record["compiledRelease"]["contracts"][0]
    assert compiled["value"]["amount"] == 260000
    assert compiled["period"]["endDate"] == "2028-09-30T23:59:59Z"
