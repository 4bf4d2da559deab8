"""Admins verify or reject organisations; members hear of it; the audit log records it."""

from sqlalchemy import select

from portal import permissions
from portal.auth import services
from portal.extensions import db
from portal.models import AuditEvent, Organisation
from portal.notifications.outbox import send_due
from tests.conftest import csrf_token


def _decide(client, organisation_id, **data):
    page = f"/admin/organisations/{organisation_id}"
    return client.post(page, data={"csrf_token": csrf_token(client, page), **data})


def test_admin_verifies_a_commissioning_body_and_its_members_are_told(
        client, auth, make_user, inbox):
    commissioner = make_user("commissioner", org_status="pending")
    auth.login(make_user("admin"))
    response = _decide(client, commissioner.organisation_id, decision="verified")
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Organisation, commissioner.organisation_id).status == "verified"
    send_due()
    [message] = inbox.to(commissioner.email)
    assert "has been verified" in message["Subject"]
    assert "can now publish opportunities" in inbox.text(message)


def test_verification_is_audited_in_the_same_transaction(client, auth, make_user):
    commissioner = make_user("commissioner", org_status="pending")
    admin = make_user("admin")
    auth.login(admin)
    _decide(client, commissioner.organisation_id, decision="verified")
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "organisation.verified"))
    assert (event.actor_id, event.object_id) == (admin.id, commissioner.organisation_id)


def test_rejecting_needs_a_reason_and_changes_nothing_without_one(client, auth, make_user):
    commissioner = make_user("commissioner", org_status="pending")
    auth.login(make_user("admin"))
    response = _decide(client, commissioner.organisation_id, decision="rejected", reason="  ")
    assert response.status_code == 400
    assert "Enter the reason for rejecting" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Organisation, commissioner.organisation_id).status == "pending"


def test_rejection_reason_is_emailed(client, auth, make_user, inbox):
    commissioner = make_user("commissioner", org_status="pending")
    auth.login(make_user("admin"))
    _decide(client, commissioner.organisation_id, decision="rejected",
            reason="No such council exists")
    send_due()
    assert "No such council exists" in inbox.text(inbox.to(commissioner.email)[0])


def test_unverified_commissioning_body_cannot_publish_until_verified(make_user):
    commissioner = make_user("commissioner", org_status="pending")
    admin = make_user("admin")
    assert not permissions.can_publish_for(commissioner, commissioner.organisation)
    services.decide_organisation(commissioner.organisation, "verified", "", actor=admin)
    assert permissions.can_publish_for(commissioner, commissioner.organisation)


def test_audit_log_filters_by_object(client, auth, make_user):
    first = make_user("commissioner", org_status="pending")
    second = make_user("commissioner", org_status="pending")
    auth.login(make_user("admin"))
    _decide(client, first.organisation_id, decision="verified")
    _decide(client, second.organisation_id, decision="rejected", reason="Duplicate")
    page = client.get(f"/admin/audit?object_type=organisation&object_id={second.organisation_id}")
    body = page.get_data(as_text=True)
    assert "organisation.rejected" in body
    assert "organisation.verified" not in body


def test_admin_can_retry_a_failed_message(client, auth, make_user, inbox, app):
    app.config["OUTBOX_MAX_ATTEMPTS"] = 1
    inbox.stop()
    commissioner = make_user("commissioner", org_status="pending")
    auth.login(make_user("admin"))
    _decide(client, commissioner.organisation_id, decision="verified")
    send_due()
    inbox.start()
    body = client.get("/admin/outbox").get_data(as_text=True)
    assert commissioner.email in body
    from portal.models import OutboundEmail

    failed = db.session.scalar(select(OutboundEmail).where(OutboundEmail.status == "failed"))
    client.post(f"/admin/outbox/{failed.id}/retry",
                data={"csrf_token": csrf_token(client, "/admin/outbox")})
    assert send_due().sent == 1
    assert inbox.to(commissioner.email)
