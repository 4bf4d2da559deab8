"""Who may do what to an innovation, checked at the service layer (the HTTP matrix is in
tests/test_permissions.py)."""

import datetime

import pytest

from portal.errors import PermissionDenied
from portal.innovations import services
from tests.conftest import csrf_token
from tests.innovations.conftest import MANCHESTER, details, form_data


def test_only_members_of_the_owning_organisation_edit(make_user, make_innovation):
    owner = make_user("provider")
    innovation = make_innovation("draft", provider=owner)
    outsider = make_user("provider")
    with pytest.raises(PermissionDenied):
        services.update_innovation(innovation, details(title="Taken over"), actor=outsider)


def test_pending_member_of_the_organisation_cannot_edit(make_user, make_innovation):
    owner = make_user("provider")
    innovation = make_innovation("draft", provider=owner)
    pending = make_user("member", organisation=owner.organisation)
    with pytest.raises(PermissionDenied):
        services.update_innovation(innovation, details(), actor=pending)


@pytest.mark.parametrize("role", ["commissioner", "admin", "member"])
def test_only_providers_create_innovations(make_user, role):
    with pytest.raises(PermissionDenied):
        services.create_innovation(details(), actor=make_user(role))


@pytest.mark.parametrize("role", ["provider", "admin", "member"])
def test_only_commissioners_express_interest(make_user, make_innovation, role):
    innovation = make_innovation("published")
    with pytest.raises(PermissionDenied):
        services.express_interest(innovation, "Hello", "a@example.org", actor=make_user(role))


@pytest.mark.parametrize("role", ["provider", "admin", "member"])
def test_only_commissioners_record_adoptions(make_user, make_innovation, role):
    innovation = make_innovation("published")
    with pytest.raises(PermissionDenied):
        services.record_adoption(innovation, MANCHESTER, datetime.date(2009, 4, 1),
                                 actor=make_user(role))


def test_commissioner_of_an_unverified_body_cannot_adopt(make_user, make_innovation):
    innovation = make_innovation("published")
    with pytest.raises(PermissionDenied):
        services.record_adoption(innovation, MANCHESTER, datetime.date(2009, 4, 1),
                                 actor=make_user("commissioner", org_status="pending"))


@pytest.mark.parametrize("role", ["provider", "commissioner", "member"])
def test_only_admins_moderate(make_user, make_innovation, role):
    innovation = make_innovation("submitted")
    user = make_user(role)
    with pytest.raises(PermissionDenied):
        services.publish_innovation(innovation, actor=user)
    with pytest.raises(PermissionDenied):
        services.return_innovation(innovation, "No", actor=user)


def test_owner_cannot_publish_their_own_innovation(make_user, make_innovation):
    owner = make_user("provider")
    innovation = make_innovation("submitted", provider=owner)
    with pytest.raises(PermissionDenied):
        services.publish_innovation(innovation, actor=owner)


def test_editing_another_organisations_innovation_over_http_is_forbidden(
        client, auth, make_user, make_innovation):
    innovation = make_innovation("published")
    auth.login(make_user("provider"))
    path = f"/innovations/{innovation.id}/edit"
    response = client.post(path, data={"csrf_token": csrf_token(client, "/innovations/new"),
                                       **form_data(title="Hijacked")})
    assert response.status_code == 403
    assert innovation.title != "Hijacked"
