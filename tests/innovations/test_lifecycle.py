"""draft → submitted → returned → resubmitted → published → material change → moderation again."""

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Innovation
from portal.notifications.outbox import send_due
from tests.conftest import csrf_token
from tests.innovations.conftest import form_data


def _post(client, path, data=None, page=None):
    token = csrf_token(client, page or path)
    return client.post(path, data={"csrf_token": token, **(data or {})},
                       content_type="multipart/form-data")


def _status(innovation_id) -> str:
    db.session.expire_all()
    return db.session.get(Innovation, innovation_id).status


def test_innovation_moves_through_moderation_and_back_after_a_material_change(
        client, auth, make_user):
    provider, admin = make_user("provider"), make_user("admin")
    auth.login(provider)
    response = _post(client, "/innovations/new", form_data())
    assert response.status_code == 303
    innovation_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert _status(innovation_id) == "draft"

    _post(client, f"/innovations/{innovation_id}/submit", page=f"/innovations/{innovation_id}")
    assert _status(innovation_id) == "submitted"

    auth.logout()
    auth.login(admin)
    moderate = f"/innovations/{innovation_id}/moderate"
    _post(client, moderate, {"decision": "return", "reason": "Add the cost per person"})
    assert _status(innovation_id) == "returned"

    auth.logout()
    auth.login(provider)
    _post(client, f"/innovations/{innovation_id}/edit", form_data(cost_per_person="900"))
    _post(client, f"/innovations/{innovation_id}/submit", page=f"/innovations/{innovation_id}")
    assert _status(innovation_id) == "submitted"

    auth.logout()
    auth.login(admin)
    _post(client, moderate, {"decision": "publish"})
    assert _status(innovation_id) == "published"

    auth.logout()
    auth.login(provider)
    response = _post(client, f"/innovations/{innovation_id}/edit",
                     form_data(cost_per_person="900", title="Mentoring and jobs for care leavers"))
    assert response.status_code == 303
    assert _status(innovation_id) == "submitted"


def test_returning_needs_reasons_and_changes_nothing_without_them(client, auth, make_user,
                                                                   make_innovation):
    innovation = make_innovation("submitted")
    auth.login(make_user("admin"))
    response = _post(client, f"/innovations/{innovation.id}/moderate",
                     {"decision": "return", "reason": "  "})
    assert response.status_code == 400
    assert "Enter the reasons for returning the innovation" in response.get_data(as_text=True)
    assert _status(innovation.id) == "submitted"


def test_organisation_is_emailed_the_reasons_when_returned(client, auth, make_user,
                                                           make_innovation, inbox):
    provider = make_user("provider")
    innovation = make_innovation("submitted", provider=provider)
    auth.login(make_user("admin"))
    _post(client, f"/innovations/{innovation.id}/moderate",
          {"decision": "return", "reason": "Say which areas it runs in"})
    send_due()
    [message] = inbox.to(provider.email)
    assert "Changes needed" in message["Subject"]
    assert "Say which areas it runs in" in inbox.text(message)


def test_organisation_is_emailed_when_published(client, auth, make_user, make_innovation,
                                                inbox, live_server):
    provider = make_user("provider")
    innovation = make_innovation("submitted", provider=provider)
    auth.login(make_user("admin"))
    _post(client, f"/innovations/{innovation.id}/moderate", {"decision": "publish"})
    send_due()
    [message] = inbox.to(provider.email)
    assert "is published" in message["Subject"]
    assert f"{live_server.url}/innovations/{innovation.id}" in inbox.text(message)


def test_moderation_is_audited(client, auth, make_user, make_innovation):
    innovation = make_innovation("submitted")
    admin = make_user("admin")
    auth.login(admin)
    _post(client, f"/innovations/{innovation.id}/moderate", {"decision": "publish"})
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "innovation.published"))
    assert (event.actor_id, event.object_id) == (admin.id, innovation.id)


def test_moderation_queue_lists_oldest_submission_first(client, auth, make_user,
                                                        make_innovation):
    make_innovation("submitted", title="Older idea")
    make_innovation("submitted", title="Newer idea")
    make_innovation("published", title="Already public")
    auth.login(make_user("admin"))
    body = client.get("/innovations/moderation").get_data(as_text=True)
    assert body.index("Older idea") < body.index("Newer idea")
    assert "Already public" not in body


def test_admin_withdraws_a_published_innovation_with_a_reason(client, auth, make_user,
                                                               make_innovation, inbox):
    provider = make_user("provider")
    innovation = make_innovation("published", provider=provider)
    auth.login(make_user("admin"))
    response = _post(client, f"/innovations/{innovation.id}/withdraw",
                     {"reason": "The service has closed"},
                     page=f"/innovations/{innovation.id}/moderate")
    assert response.status_code == 303
    assert _status(innovation.id) == "withdrawn"
    send_due()
    assert "The service has closed" in inbox.text(inbox.to(provider.email)[-1])


def test_withdrawing_without_a_reason_is_refused(client, auth, make_user, make_innovation):
    innovation = make_innovation("published")
    auth.login(make_user("admin"))
    response = _post(client, f"/innovations/{innovation.id}/withdraw", {"reason": ""},
                     page=f"/innovations/{innovation.id}/moderate")
    assert response.status_code == 400
    assert _status(innovation.id) == "published"


def test_change_to_contact_details_stays_published_and_shows_a_dated_update(
        client, auth, make_user, make_innovation):
    provider = make_user("provider")
    innovation = make_innovation("published", provider=provider)
    auth.login(provider)
    response = _post(client, f"/innovations/{innovation.id}/edit",
                     form_data(contact_email="new@stepforward.org.uk",
                               update_note="Now running in Leeds too"))
    assert response.status_code == 303
    assert _status(innovation.id) == "published"
    auth.logout()
    body = client.get(f"/innovations/{innovation.id}").get_data(as_text=True)
    assert "Now running in Leeds too" in body
    assert "new@stepforward.org.uk" in body
    assert "Last updated" in body


@pytest.mark.parametrize("change", [
    {"summary": "A different summary"},
    {"client_groups": ["care-leavers", "offenders"]},
    {"stage": "scaling"},
    {"evidence_level": "4"},
])
def test_material_changes_send_a_published_innovation_back_to_moderation(
        client, auth, make_user, make_innovation, change):
    provider = make_user("provider")
    innovation = make_innovation("published", provider=provider)
    auth.login(provider)
    _post(client, f"/innovations/{innovation.id}/edit", form_data(**change))
    assert _status(innovation.id) == "submitted"


def test_submitted_innovation_cannot_be_edited_while_it_waits(client, auth, make_user,
                                                              make_innovation):
    provider = make_user("provider")
    innovation = make_innovation("submitted", provider=provider)
    auth.login(provider)
    assert client.get(f"/innovations/{innovation.id}/edit").status_code == 403
