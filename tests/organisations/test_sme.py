"""An organisation says whether it is an SME (yes, no, not recorded); the award notice of a
contract it wins says so."""

import re

import pytest

from portal.errors import PermissionDenied
from portal.extensions import db
from portal.models import AuditEvent
from portal.organisations.services import set_sme
from tests.conftest import csrf_token


def test_a_member_records_that_the_organisation_is_an_sme(client, auth, make_contract):
    contract = make_contract()
    winner = contract.organisation.members[0]
    assert "(SME)" not in client.get(f"/contracts/{contract.id}").get_data(as_text=True)
    auth.login(winner)
    path = f"/organisations/{contract.organisation_id}/sme"
    assert 'value="unknown" checked' in client.get(path).get_data(as_text=True)
    response = client.post(path, data={"csrf_token": csrf_token(client, path), "is_sme": "yes"})
    assert response.status_code == 303
    assert contract.organisation.is_sme is True
    notice = client.get(f"/contracts/{contract.id}").get_data(as_text=True)
    assert "Small or medium-sized enterprise (SME)" in notice
    event = db.session.scalars(db.select(AuditEvent).where(
        AuditEvent.action == "organisation.sme_set")).one()
    assert (event.details["before"], event.details["after"]) == (None, True)


def test_no_choice_is_refused_with_a_message(client, auth, make_user):
    member = make_user("provider")
    auth.login(member)
    path = f"/organisations/{member.organisation_id}/sme"
    response = client.post(path, data={"csrf_token": csrf_token(client, path)})
    assert response.status_code == 400
    assert "Select yes, no or not recorded" in response.get_data(as_text=True)
    assert member.organisation.is_sme is None


def test_someone_outside_the_organisation_cannot_set_it(make_user):
    member, outsider = make_user("provider"), make_user("provider")
    with pytest.raises(PermissionDenied):
        set_sme(member.organisation, True, actor=outsider)


def test_no_is_different_from_not_recorded(client, make_user, auth):
    member = make_user("provider")
    set_sme(member.organisation, False, actor=member)
    db.session.commit()
    page = client.get(f"/organisations/{member.organisation_id}").get_data(as_text=True)
    assert re.search(r"Small or medium-sized enterprise\s*</dt>\s*<dd[^>]*>\s*No\s*</dd>",
                     page)
