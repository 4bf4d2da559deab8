"""Registering, confirming an email address, joining an organisation."""

import re
from datetime import timedelta

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEvent, Organisation, OutboundEmail, User
from portal.notifications.outbox import send_due
from tests.conftest import csrf_token

STRONG = "leaving-care-is-hard-2009"


def _register(client, **fields):
    data = {
        "name": "Nadia Khan",
        "email": "nadia@stepforward.org.uk",
        "password": STRONG,
        "confirm_password": STRONG,
        "organisation_id": "0",
        "organisation_name": "Northern Pathways",
        "kind": "charity",
        "charity_number": "1123456",
        "company_number": "",
        "csrf_token": csrf_token(client, "/register"),
    }
    data.update(fields)
    return client.post("/register", data=data)


def _link_in(inbox, address, path):
    [message] = inbox.to(address)
    match = re.search(rf"http://\S+{path}/\S+", inbox.text(message))
    assert match, inbox.text(message)
    return match.group(0).split("127.0.0.1:5000", 1)[1]


def test_registering_creates_the_user_and_a_pending_organisation(client):
    response = _register(client)
    assert response.status_code == 303
    user = User.by_email("nadia@stepforward.org.uk")
    assert user.organisation.name == "Northern Pathways"
    assert user.organisation.status == "pending"
    assert user.membership == "active"
    assert user.email_verified is False
    assert user.password_hash.startswith("scrypt:")


def test_registering_records_an_audit_event(client):
    _register(client)
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"user.registered", "organisation.created"} <= actions


def test_verification_link_arrives_by_smtp_and_confirms_the_address(client, inbox):
    _register(client)
    assert send_due().sent == 1
    path = _link_in(inbox, "nadia@stepforward.org.uk", "/verify-email")
    response = client.get(path)
    assert response.status_code == 303
    db.session.expire_all()
    assert User.by_email("nadia@stepforward.org.uk").email_verified


def test_unverified_user_cannot_sign_in(client, auth):
    _register(client)
    response = auth.login("nadia@stepforward.org.uk", STRONG)
    assert response.status_code == 400
    assert "Confirm your email address first" in response.get_data(as_text=True)


def test_tampered_verification_link_is_refused(client, inbox):
    _register(client)
    send_due()
    path = _link_in(inbox, "nadia@stepforward.org.uk", "/verify-email")
    response = client.get(path[:-3] + "abc")
    assert response.status_code == 400
    assert "This link does not work" in response.get_data(as_text=True)


def test_empty_form_shows_every_error_and_saves_nothing(client):
    response = client.post("/register", data={"csrf_token": csrf_token(client, "/register")})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in body
    for message in ("Enter your full name", "Enter your email address", "Enter a password",
                    "Choose your organisation from the list, or enter its name to register it",
                    "Select the kind of organisation"):
        assert message in body
    assert db.session.scalar(select(User.id)) is None


def test_invalid_input_keeps_what_the_user_typed(client):
    response = _register(client, email="not-an-email", name="Nadia Keeps This")
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Enter an email address in the correct format" in body
    assert 'value="Nadia Keeps This"' in body
    assert 'value="Northern Pathways"' in body


def test_common_password_is_refused(client):
    response = _register(client, password="password123", confirm_password="password123")
    assert response.status_code == 400
    assert "Password is too common" in response.get_data(as_text=True)
    assert db.session.scalar(select(Organisation.id)) is None


def test_short_password_is_refused(client):
    response = _register(client, password="Sh0rt!", confirm_password="Sh0rt!")
    assert "Password must be 10 characters or more" in response.get_data(as_text=True)


def test_mismatched_passwords_are_refused(client):
    response = _register(client, confirm_password="something-else-entirely")
    assert "Passwords must match" in response.get_data(as_text=True)


def _check_page(client, response, address) -> tuple:
    """What the visitor sees after registering: the answer, then the page it leads to."""
    page = client.get(response.headers["Location"])
    return response.status_code, response.headers["Location"], _page(page, address)


def test_registering_an_address_that_has_an_account_answers_as_for_a_new_one(
        client, make_user):
    make_user("provider", email="taken@example.org")
    new = _check_page(client, _register(client), "nadia@stepforward.org.uk")
    taken = _check_page(client, _register(client, email="TAKEN@example.org",
                                          organisation_name="Southern Pathways"),
                        "taken@example.org")
    assert taken == new
    assert new[0] == 303 and "Check your email" in new[2]


def test_registering_an_address_that_has_an_account_changes_nothing(client, make_user):
    owner = make_user("provider", email="taken@example.org")
    before = owner.password_hash
    _register(client, email="taken@example.org", password="a-different-password-2009",
              confirm_password="a-different-password-2009")
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(User)) == 1
    assert Organisation.by_name("Northern Pathways") is None
    assert User.by_email("taken@example.org").password_hash == before
    assert [m.template for m in db.session.scalars(select(OutboundEmail))] == [
        "registration_attempt"]


def test_the_owner_of_the_address_is_told_and_can_sign_in_or_reset(client, make_user, inbox):
    make_user("provider", email="taken@example.org")
    _register(client, email="taken@example.org")
    assert send_due().sent == 1
    [message] = inbox.to("taken@example.org")
    text = inbox.text(message)
    assert "Someone tried to create an account with this email address" in text
    assert "http://127.0.0.1:5000/sign-in" in text
    reset = _link_in(inbox, "taken@example.org", "/reset-password")
    assert client.get(reset).status_code == 200


def test_repeated_attempts_tell_the_owner_once_an_hour(client, make_user, clock):
    make_user("provider", email="taken@example.org")
    for _ in range(3):
        assert _register(client, email="taken@example.org").status_code == 303
    clock.advance(timedelta(hours=1))
    _register(client, email="taken@example.org")
    assert [m.template for m in db.session.scalars(select(OutboundEmail))] == [
        "registration_attempt", "registration_attempt"]


def test_registering_hashes_the_password_whether_or_not_the_address_is_taken(
        client, make_user, monkeypatch):
    from portal.auth import passwords

    make_user("provider", email="taken@example.org")
    calls = []
    real = passwords.hash_password
    monkeypatch.setattr(passwords, "hash_password", lambda pw: calls.append(pw) or real(pw))
    _register(client, email="taken@example.org")
    _register(client, email="new@example.org", organisation_name="Southern Pathways")
    assert calls == [STRONG, STRONG]


def test_a_weak_password_is_refused_whether_or_not_the_address_is_taken(client, make_user):
    make_user("provider", email="taken@example.org")
    taken = _register(client, email="taken@example.org", password="short",
                      confirm_password="short")
    new = _register(client, password="short", confirm_password="short")
    assert taken.status_code == new.status_code == 400
    assert "An account with this email address" not in taken.get_data(as_text=True)
    assert _page(taken, "taken@example.org") == _page(new, "nadia@stepforward.org.uk")


def _page(response, address) -> str:
    """The page with what differs by request alone (address, token, script nonce) blanked."""
    page = response.get_data(as_text=True).replace(address, "ADDRESS")
    page = re.sub(r'name="csrf_token"([^>]*)value="[^"]+"', r'name="csrf_token"\1value=""', page)
    return re.sub(r'nonce="[^"]+"', 'nonce=""', page)


def test_organisation_names_are_unique_ignoring_case_and_spaces(client, make_organisation):
    make_organisation("Northern Pathways")
    response = _register(client, organisation_name="  northern   PATHWAYS ")
    assert response.status_code == 400
    assert "already registered" in response.get_data(as_text=True)


def test_very_long_input_gets_a_message_not_an_error(client):
    response = _register(client, name="x" * 10_000, organisation_name="y" * 10_000)
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Full name must be 120 characters or fewer" in body
    assert "Organisation name must be 200 characters or fewer" in body


def test_html_in_fields_is_shown_as_text(client):
    response = _register(client, name="<script>alert(1)</script>", email="bad")
    body = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_joining_an_existing_organisation_waits_for_a_member_to_confirm(
        client, make_user, inbox):
    existing = make_user("commissioner")
    response = _register(client, organisation_id=str(existing.organisation_id))
    assert response.status_code == 303
    newcomer = User.by_email("nadia@stepforward.org.uk")
    assert newcomer.membership == "pending"
    assert newcomer.role == "member"
    send_due()
    assert "asked to join" in inbox.to(existing.email)[0]["Subject"]


def test_a_member_confirms_a_newcomer_who_then_acts_for_the_organisation(
        client, auth, make_user, inbox):
    existing = make_user("commissioner")
    _register(client, organisation_id=str(existing.organisation_id))
    newcomer = User.by_email("nadia@stepforward.org.uk")
    auth.login(existing)
    page = f"/organisations/{existing.organisation_id}"
    response = client.post(f"{page}/members/{newcomer.id}/confirm",
                           data={"csrf_token": csrf_token(client, page)})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(User, newcomer.id).role == "commissioner"


def test_a_newcomer_cannot_confirm_themselves(client, auth, make_user):
    existing = make_user("commissioner")
    pending = make_user("member", organisation=existing.organisation)
    auth.login(pending)
    response = client.post(
        f"/organisations/{existing.organisation_id}/members/{pending.id}/confirm",
        data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(User, pending.id).membership == "pending"
