"""The directory of live services: a person or their advocate finds what is running for them
where they live, and how to get referred; the provider says how, nobody else but the
commissioner and site staff may."""

from datetime import date, timedelta

import pytest

from portal import clock as portal_clock
from portal.directory import services
from portal.directory.services import ListingContent
from portal.errors import PermissionDenied, ValidationFailed
from portal.extensions import db
from tests.conftest import csrf_token

TODAY = portal_clock.uk_today()
RUNNING = {"starts_on": TODAY - timedelta(days=30), "ends_on": TODAY + timedelta(days=300)}


def _listing(**changes) -> ListingContent:
    values = {"name": "Keys to a home", "description": "Help to find and keep a flat.",
              "how_to_refer": "Ask your personal adviser to ring us.", "self_referral": True,
              "phone": "0161 496 0000", "email": "keys@example.org",
              "website": "https://keys.example.org"}
    return ListingContent(**{**values, **changes})


def test_a_service_is_listed_while_its_contract_runs_and_not_before_or_after(
        client, make_contract):
    make_contract("Running now", **RUNNING)
    make_contract("Not started", starts_on=TODAY + timedelta(days=1),
                  ends_on=TODAY + timedelta(days=400))
    make_contract("Ended", starts_on=TODAY - timedelta(days=400),
                  ends_on=TODAY - timedelta(days=1))
    page = client.get("/services/").get_data(as_text=True)
    assert "Running now" in page
    assert "Not started" not in page and "Ended" not in page
    assert "1 service" in page


def test_the_last_day_of_a_contract_is_still_a_day_it_runs(client, make_contract):
    make_contract("Last day", starts_on=TODAY - timedelta(days=30), ends_on=TODAY)
    assert "Last day" in client.get("/services/").get_data(as_text=True)


def test_people_find_services_by_where_they_live_and_whom_they_are_for(
        client, make_contract):
    make_contract("Manchester care leavers", client_group="care-leavers",
                  local_area="E08000003", **RUNNING)
    make_contract("City offenders", client_group="offenders", local_area="E09000001", **RUNNING)
    by_area = client.get("/services/?area=E08000003").get_data(as_text=True)
    assert "Manchester care leavers" in by_area and "City offenders" not in by_area
    by_region = client.get("/services/?area=E12000007").get_data(as_text=True)
    assert "City offenders" in by_region and "Manchester care leavers" not in by_region
    by_group = client.get("/services/?client_group=care-leavers").get_data(as_text=True)
    assert "Manchester care leavers" in by_group and "City offenders" not in by_group


def test_an_unknown_area_or_group_is_explained_and_ignored(client, make_contract):
    make_contract("Running now", **RUNNING)
    response = client.get("/services/?area=nowhere&client_group=martians")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Choose an area from the list" in page
    assert "Choose who the service is for from the list" in page
    assert "Running now" in page


def test_the_provider_says_how_to_get_referred_and_the_public_reads_it(
        client, auth, make_contract):
    made = make_contract("Housing first", **RUNNING)
    winner = made.organisation.members[0]
    auth.login(winner)
    token = csrf_token(client, f"/services/{made.id}/listing")
    response = client.post(f"/services/{made.id}/listing", data={
        "csrf_token": token, "name": "Keys to a home", "description": "Help to find a flat.",
        "how_to_refer": "Ask your probation officer.\nOr ring us.", "self_referral": "y",
        "phone": "0161 496 0000", "email": "", "website": ""})
    assert response.status_code == 303
    auth.logout()
    page = client.get(f"/services/{made.id}").get_data(as_text=True)
    for text in ("Keys to a home", "Ask your probation officer.\nOr ring us.",
                 "You can refer yourself", 'href="tel:01614960000"'):
        assert text in page
    assert "Keys to a home" in client.get("/services/").get_data(as_text=True)


def test_a_listing_form_with_mistakes_says_what_to_fix_and_keeps_what_was_typed(
        client, auth, make_contract):
    made = make_contract("Housing first", **RUNNING)
    auth.login(made.organisation.members[0])
    token = csrf_token(client, f"/services/{made.id}/listing")
    response = client.post(f"/services/{made.id}/listing", data={
        "csrf_token": token, "name": "Keys to a home", "description": "Kept words",
        "how_to_refer": "", "phone": "ring me", "email": "not an email",
        "website": "javascript:alert(1)"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    for message in ("Say how someone gets referred to the service",
                    "Enter a phone number, like 0161 496 0000",
                    "Enter an email address in the correct format",
                    "Enter a web address that starts with https://"):
        assert message in page
    assert "Kept words" in page
    assert made.listing is None


def test_only_the_provider_the_commissioner_and_staff_may_write_a_listing(
        make_contract, make_user, commissioner):
    made = make_contract("Housing first", **RUNNING)
    for stranger in (make_user("provider"), make_user("commissioner"), None):
        with pytest.raises(PermissionDenied):
            services.save_listing(made, _listing(), actor=stranger)
    for allowed in (made.organisation.members[0], commissioner, make_user("admin")):
        services.save_listing(made, _listing(name=f"By {allowed.id}"), actor=allowed)
        db.session.commit()
        assert made.listing.name == f"By {allowed.id}"


def test_a_listing_must_say_how_to_get_referred(make_contract):
    made = make_contract("Housing first", **RUNNING)
    with pytest.raises(ValidationFailed) as refused:
        services.save_listing(made, _listing(how_to_refer="  "),
                              actor=made.organisation.members[0])
    assert "how_to_refer" in refused.value.errors


def test_saving_a_listing_is_in_the_audit_log(make_contract):
    from portal.models import AuditEvent

    made = make_contract("Housing first", **RUNNING)
    services.save_listing(made, _listing(), actor=made.organisation.members[0])
    db.session.commit()
    event = db.session.query(AuditEvent).filter_by(action="service_listing.saved").one()
    assert event.object_id == made.id


def test_a_service_not_running_has_no_directory_page(client, make_contract):
    ended = make_contract("Ended", starts_on=date(2020, 1, 1), ends_on=date(2021, 1, 1))
    assert client.get(f"/services/{ended.id}").status_code == 404
    assert client.get("/services/999999").status_code == 404


def test_without_a_listing_the_page_says_whom_to_ask(client, make_contract):
    made = make_contract("Housing first", **RUNNING)
    page = client.get(f"/services/{made.id}").get_data(as_text=True)
    assert "has not yet said how to get referred" in page
    assert made.opportunity.organisation.name in page


def test_the_award_notice_links_to_the_directory_while_the_service_runs(
        client, make_contract):
    running = make_contract("Housing first", **RUNNING)
    ended = make_contract("Ended", starts_on=date(2020, 1, 1), ends_on=date(2021, 1, 1))
    assert f'href="/services/{running.id}"' in client.get(
        f"/contracts/{running.id}").get_data(as_text=True)
    assert f'href="/services/{ended.id}"' not in client.get(
        f"/contracts/{ended.id}").get_data(as_text=True)


def test_an_area_page_says_how_many_services_run_there_and_links_to_them(
        client, make_contract):
    make_contract("Manchester care leavers", local_area="E08000003", **RUNNING)
    page = client.get("/areas/E08000003").get_data(as_text=True)
    assert "1 service paid for by public bodies is running in Manchester now" in page
    assert 'href="/services/?area=E08000003"' in page
    assert "No service commissioned through the portal is running in" in client.get(
        "/areas/E09000001").get_data(as_text=True)
