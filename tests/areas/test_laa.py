"""Commissioners record their area's Local Area Agreement indicators and yearly targets."""

import pytest
from sqlalchemy import select

from portal.areas.services import save_laa_targets, set_organisation_area
from portal.errors import PermissionDenied
from portal.extensions import db
from portal.models import ENGLAND_CODE, LaaTarget, LocalArea
from tests.areas.factories import MANCHESTER, NORTH_WEST, SOUTHWARK, add_values
from tests.conftest import csrf_token


@pytest.fixture
def manchester_commissioner(make_user):
    user = make_user("commissioner")
    user.organisation.local_area_code = MANCHESTER
    db.session.commit()
    return user


def _targets() -> list[tuple]:
    return [(t.indicator_code, t.period, float(t.target_pct)) for t in db.session.scalars(
        select(LaaTarget).order_by(LaaTarget.indicator_code, LaaTarget.period))]


def _post(client, code=MANCHESTER, **fields):
    data = {"csrf_token": csrf_token(client, f"/areas/{code}/laa"), **fields}
    return client.post(f"/areas/{code}/laa", data=data)


def test_a_commissioner_records_the_laa_of_the_area_their_body_serves(
        client, auth, manchester_commissioner):
    auth.login(manchester_commissioner)
    response = _post(client, ni148_2008_09="60", ni148_2009_10="62.5", ni148_2010_11="65")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/areas/{MANCHESTER}#laa"
    assert _targets() == [("NI 148", "2008-09", 60.0), ("NI 148", "2009-10", 62.5),
                          ("NI 148", "2010-11", 65.0)]


def test_the_area_page_shows_the_targets_and_the_distance_to_them(
        client, auth, manchester_commissioner):
    add_values({MANCHESTER: 58, ENGLAND_CODE: 63}, indicator="NI 148", period="2009-10")
    add_values({MANCHESTER: 66, ENGLAND_CODE: 64}, indicator="NI 148", period="2010-11")
    auth.login(manchester_commissioner)
    _post(client, ni148_2009_10="62.5", ni148_2010_11="65")
    page = " ".join(client.get(f"/areas/{MANCHESTER}").get_data(as_text=True).split())
    assert "Manchester chose 1 of the eight indicators" in page
    assert "62.5%</td> <td class=\"govuk-table__cell govuk-table__cell--numeric\">58.0%</td>" \
        in page
    assert "4.5 points to go" in page
    assert "Target met (1.0 points above)" in page


def test_the_region_page_says_which_of_its_areas_chose_each_indicator(
        client, auth, manchester_commissioner):
    auth.login(manchester_commissioner)
    _post(client, ni147_2008_09="90")
    page = client.get(f"/areas/{NORTH_WEST}").get_data(as_text=True)
    assert f'NI 147: <a class="govuk-link" href="/areas/{MANCHESTER}#laa">Manchester</a>' in page


def test_saving_again_replaces_the_agreement(client, auth, manchester_commissioner):
    auth.login(manchester_commissioner)
    _post(client, ni148_2008_09="60")
    _post(client, ni143_2010_11="80")
    assert _targets() == [("NI 143", "2010-11", 80.0)]


def test_the_form_shows_the_current_targets(client, auth, manchester_commissioner):
    auth.login(manchester_commissioner)
    _post(client, ni148_2008_09="60.5")
    page = client.get(f"/areas/{MANCHESTER}/laa").get_data(as_text=True)
    assert 'name="ni148_2008_09" type="text" inputmode="decimal" spellcheck="false" ' \
        'value="60.5"' in page


def test_a_target_above_100_is_refused_with_a_message_and_nothing_is_saved(
        client, auth, manchester_commissioner):
    auth.login(manchester_commissioner)
    _post(client, ni148_2008_09="60")
    response = _post(client, ni148_2008_09="61", ni148_2009_10="150")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "There is a problem" in page
    assert "Enter the NI 148 target for 2009-10 as a percentage from 0 to 100" in page
    assert 'value="150"' in page  # the input is kept
    assert _targets() == [("NI 148", "2008-09", 60.0)]


def test_a_target_that_is_not_a_number_is_named_and_kept(client, auth,
                                                        manchester_commissioner):
    auth.login(manchester_commissioner)
    response = _post(client, ni143_2010_11="about 70", ni148_2008_09="61")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Enter the NI 143 target for 2010-11 as a number, like 62.5" in page
    assert 'value="about 70"' in page and 'value="61"' in page
    assert _targets() == []


def test_a_commissioner_cannot_record_another_areas_laa(client, auth, manchester_commissioner):
    auth.login(manchester_commissioner)
    assert client.get(f"/areas/{SOUTHWARK}/laa").status_code == 403


def test_a_commissioner_of_an_unverified_body_cannot_record_an_laa(make_user):
    user = make_user("commissioner", org_status="pending")
    user.organisation.local_area_code = MANCHESTER
    with pytest.raises(PermissionDenied):
        save_laa_targets(db.session.get(LocalArea, MANCHESTER), {}, actor=user)


def test_the_area_page_links_to_the_form_only_for_the_areas_commissioners(
        client, auth, manchester_commissioner, make_user):
    link = f'href="/areas/{MANCHESTER}/laa"'
    assert link not in client.get(f"/areas/{MANCHESTER}").get_data(as_text=True)
    auth.login(make_user("commissioner"))
    assert link not in client.get(f"/areas/{MANCHESTER}").get_data(as_text=True)
    auth.logout()
    auth.login(manchester_commissioner)
    assert link in client.get(f"/areas/{MANCHESTER}").get_data(as_text=True)


def test_site_staff_set_the_area_a_commissioning_body_serves(client, auth, make_user):
    commissioner = make_user("commissioner")
    auth.login(make_user("admin"))
    path = f"/admin/organisations/{commissioner.organisation_id}"
    response = client.post(f"{path}/local-area", data={
        "csrf_token": csrf_token(client, path), "local_area": MANCHESTER})
    assert response.status_code == 303
    db.session.refresh(commissioner.organisation)
    assert commissioner.organisation.local_area_code == MANCHESTER


def test_a_charity_cannot_be_given_a_local_area(make_user):
    provider, admin = make_user("provider"), make_user("admin")
    with pytest.raises(PermissionDenied):
        set_organisation_area(provider.organisation, MANCHESTER, actor=admin)
