"""Nothing public before moderation: staff publish their own version of the words without
the giver's details, reject, or send a safeguarding concern privately to the commissioner;
the provider replies once; the commissioner sees everything and notes actions."""

import pytest
from sqlalchemy import select

from portal.errors import PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.feedback import services
from portal.models import AuditEvent, Notification, OutboundEmail
from tests.conftest import csrf_token
from tests.feedback.factories import given, published


@pytest.fixture
def admin(make_user):
    return make_user("admin")


def _moderate(client, feedback, decision, **fields):
    path = f"/feedback/{feedback.id}/moderate"
    return client.post(path, data={"csrf_token": csrf_token(client, path),
                                   "decision": decision, **fields})


def test_staff_see_the_queue_with_the_givers_words_and_details(client, auth, admin,
                                                                make_contract):
    feedback = given(make_contract(), may_contact=True, name="Jo Bloggs", contact="jo@x.org")
    auth.login(admin)
    assert f"/feedback/{feedback.id}/moderate" in client.get(
        "/feedback/moderation").get_data(as_text=True)
    page = client.get(f"/feedback/{feedback.id}/moderate").get_data(as_text=True)
    assert "Jo Bloggs" in page and "jo@x.org" in page
    assert "Sam Jones at 12 Low Street" in page  # the public version starts from the original


def test_published_feedback_shows_only_the_staff_version_without_the_giver(
        client, auth, admin, make_contract):
    contract = make_contract()
    feedback = given(contract, may_contact=True, name="Jo Bloggs", contact="jo@x.org")
    auth.login(admin)
    response = _moderate(client, feedback, "publish", public_worked="My worker helped me.",
                         public_not_worked="", public_treated="")
    assert response.status_code == 303
    auth.logout()
    page = client.get(f"/contracts/{contract.id}").get_data(as_text=True)
    assert "My worker helped me." in page
    for private in ("Sam Jones", "12 Low Street", "Kindly.", "Jo Bloggs", "jo@x.org"):
        assert private not in page
    assert "1 person has given feedback" in page


def test_publishing_needs_some_words(client, auth, admin, make_contract):
    feedback = given(make_contract())
    auth.login(admin)
    response = _moderate(client, feedback, "publish", public_worked="", public_treated="")
    assert response.status_code == 400
    assert "Enter the words to publish" in response.get_data(as_text=True)
    assert feedback.status == "waiting"


def test_rejected_feedback_is_never_public(client, admin, make_contract):
    contract = make_contract()
    feedback = given(contract)
    services.moderate(feedback, "reject", public={"worked": "Spam"}, staff_note="Advert",
                      actor=admin)
    db.session.commit()
    assert "Spam" not in client.get(f"/contracts/{contract.id}").get_data(as_text=True)


def test_a_safeguarding_concern_goes_privately_to_the_commissioner(
        client, auth, admin, commissioner, make_contract):
    contract = make_contract()
    feedback = given(contract, worked="Staff there hurt me.")
    services.moderate(feedback, "safeguarding", public={}, staff_note="", actor=admin)
    db.session.commit()
    email = db.session.scalar(select(OutboundEmail).where(
        OutboundEmail.template == "feedback_safeguarding"))
    assert email.recipient == commissioner.email
    assert "hurt me" not in email.body_text  # the words stay in the portal
    assert f"/contracts/{contract.id}/feedback/all#feedback-{feedback.id}" in email.body_text
    assert db.session.scalar(select(Notification.user_id).where(
        Notification.event == "feedback_safeguarding")) == commissioner.id
    assert "hurt me" not in client.get(f"/contracts/{contract.id}").get_data(as_text=True)
    auth.login(commissioner)
    page = client.get(f"/contracts/{contract.id}/feedback/all").get_data(as_text=True)
    assert "Staff there hurt me." in page and "safeguarding concern" in page
    with pytest.raises(ValidationFailed):  # and it can never be published
        services.moderate(feedback, "publish", public={"worked": "x"}, staff_note="",
                          actor=admin)


def test_only_staff_moderate(make_contract, commissioner):
    with pytest.raises(PermissionDenied):
        services.moderate(given(make_contract()), "publish", public={"worked": "x"},
                          staff_note="", actor=commissioner)


def test_moderation_is_audited(admin, make_contract):
    feedback = published(make_contract(), admin)
    actions = db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.object_type == "service_feedback",
        AuditEvent.object_id == feedback.id)).all()
    assert actions == ["feedback.given", "feedback.published"]


def test_the_provider_replies_publicly_once(client, auth, admin, make_user, make_contract):
    winner = make_user("provider")
    contract = make_contract(winner=winner)
    feedback = published(contract, admin)
    auth.login(winner)
    path = f"/feedback/{feedback.id}/reply"
    assert f'href="{path}"' in client.get(f"/contracts/{contract.id}").get_data(as_text=True)
    response = client.post(path, data={"csrf_token": csrf_token(client, path),
                                       "text": "Thank you, we will pass this on."})
    assert response.status_code == 303
    page = client.get(f"/contracts/{contract.id}").get_data(as_text=True)
    assert "Thank you, we will pass this on." in page
    assert f"Reply from {contract.organisation.name}" in page
    assert client.get(path).status_code == 403  # once


def test_an_empty_reply_is_refused_with_a_message(client, auth, admin, make_user,
                                                  make_contract):
    winner = make_user("provider")
    feedback = published(make_contract(winner=winner), admin)
    auth.login(winner)
    path = f"/feedback/{feedback.id}/reply"
    response = client.post(path, data={"csrf_token": csrf_token(client, path), "text": " "})
    assert response.status_code == 400
    assert "Enter your reply" in response.get_data(as_text=True)


def test_the_provider_cannot_reply_before_publication_nor_to_another_contract(
        make_user, make_contract):
    winner = make_user("provider")
    waiting = given(make_contract(winner=winner))
    with pytest.raises(PermissionDenied):
        services.reply(waiting, "Hello", actor=winner)
    with pytest.raises(PermissionDenied):
        services.reply(given(make_contract()), "Hello", actor=winner)


def test_the_commissioner_sees_all_feedback_with_contact_details_only_with_consent(
        client, auth, admin, commissioner, make_contract):
    contract = make_contract()
    given(contract, worked="Unpublished words.", name="Ann", contact="ann@x.org",
          may_contact=True)
    given(contract, worked="Kept private.", name="Bob", contact="bob@x.org")
    auth.login(commissioner)
    page = client.get(f"/contracts/{contract.id}/feedback/all").get_data(as_text=True)
    assert "Unpublished words." in page and "Kept private." in page
    assert "ann@x.org" in page
    assert "bob@x.org" not in page and "Bob" not in page


def test_the_provider_never_sees_unpublished_feedback_or_who_gave_it(
        client, auth, make_user, make_contract):
    winner = make_user("provider")
    contract = make_contract(winner=winner)
    given(contract, name="Ann", contact="ann@x.org", may_contact=True)
    auth.login(winner)
    assert client.get(f"/contracts/{contract.id}/feedback/all").status_code == 403
    assert "ann@x.org" not in client.get(f"/contracts/{contract.id}").get_data(as_text=True)


def test_the_commissioner_notes_what_was_done_for_staff_not_the_public(
        client, auth, admin, commissioner, make_contract):
    contract = make_contract()
    feedback = published(contract, admin)
    auth.login(commissioner)
    path = f"/feedback/{feedback.id}/actions"
    response = client.post(path, data={"csrf_token": csrf_token(client, path),
                                       "text": "Raised it at the contract review."})
    assert response.status_code == 303
    assert "Raised it at the contract review." in client.get(
        f"/contracts/{contract.id}/feedback/all").get_data(as_text=True)
    auth.logout()
    assert "Raised it at the contract review." not in client.get(
        f"/contracts/{contract.id}").get_data(as_text=True)
