"""Giving feedback on a funded service without an account: plain messages for every bad
input with nothing lost, the content check, the honeypot and the rate limit."""

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEvent, ServiceFeedback
from tests.conftest import csrf_token
from tests.test_rate_limits import limited  # noqa: F401  (fixture)


def _post(client, contract, **fields):
    data = {"csrf_token": csrf_token(client, f"/contracts/{contract.id}/feedback"),
            "giver": "person", "worked": "They found me a flat.", **fields}
    return client.post(f"/contracts/{contract.id}/feedback", data=data)


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(ServiceFeedback))


def test_anyone_gives_feedback_without_an_account_and_it_waits_for_moderation(
        client, make_contract):
    contract = make_contract()
    response = _post(client, contract, rating_listened="4", treated="With respect.")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/contracts/{contract.id}#feedback")
    feedback = db.session.scalar(select(ServiceFeedback))
    assert (feedback.status, feedback.giver, feedback.rating_listened) == ("waiting", "person", 4)
    page = client.get(f"/contracts/{contract.id}").get_data(as_text=True)
    assert "Your feedback is with our staff" in page
    assert "They found me a flat." not in page  # nothing public before moderation


def test_the_contract_page_asks_for_feedback(client, make_contract):
    contract = make_contract()
    page = client.get(f"/contracts/{contract.id}").get_data(as_text=True)
    assert "Tell us about this service" in page
    assert f'href="/contracts/{contract.id}/feedback"' in page


def test_an_advocate_giving_it_on_someones_behalf_is_recorded_as_such(client, make_contract):
    contract = make_contract()
    _post(client, contract, giver="advocate")
    assert db.session.scalar(select(ServiceFeedback.giver)) == "advocate"


def test_feedback_with_no_words_is_refused_and_what_was_typed_is_kept(client, make_contract):
    contract = make_contract()
    response = _post(client, contract, worked="", rating_helped="2", may_contact="yes",
                     name="Jo Bloggs", contact="jo@example.org")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "write in at least one of the three boxes" in page
    assert 'value="Jo Bloggs"' in page and 'value="jo@example.org"' in page
    assert 'value="2" checked' in page
    assert _count() == 0


def test_choosing_who_is_giving_it_is_asked_for(client, make_contract):
    response = _post(client, make_contract(), giver="")
    assert response.status_code == 400
    assert "Choose who is giving this feedback" in response.get_data(as_text=True)


def test_feedback_full_of_links_is_refused_with_a_message(client, make_contract):
    response = _post(client, make_contract(),
                     worked="https://a.example http://b.example www.c.example")
    assert response.status_code == 400
    assert "Take out some of the web links" in response.get_data(as_text=True)
    assert _count() == 0


@pytest.mark.parametrize(("contact", "message"), [
    ("", "Enter an email address or phone number so we can contact you"),
    ("not an address", "Enter an email address, like name@example.com"),
])
def test_a_giver_who_may_be_contacted_gives_a_way_to_reach_them(client, make_contract,
                                                                 contact, message):
    response = _post(client, make_contract(), may_contact="yes", contact=contact)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


@pytest.mark.parametrize("contact", ["jo@example.org", "07700 900982", "+44 20 7946 0000"])
def test_an_email_address_or_a_phone_number_is_kept_with_consent(client, make_contract,
                                                                 contact):
    _post(client, make_contract(), may_contact="yes", name="Jo", contact=contact)
    feedback = db.session.scalar(select(ServiceFeedback))
    assert (feedback.may_contact, feedback.giver_name, feedback.contact) == (True, "Jo", contact)


def test_name_and_contact_are_not_kept_without_consent(client, make_contract):
    _post(client, make_contract(), may_contact="no", name="Jo", contact="jo@example.org")
    feedback = db.session.scalar(select(ServiceFeedback))
    assert (feedback.may_contact, feedback.giver_name, feedback.contact) == (False, None, None)


def test_a_rating_outside_the_answers_is_refused(client, make_contract):
    response = _post(client, make_contract(), rating_listened="9")
    assert response.status_code == 400 and _count() == 0


def test_a_filled_honeypot_is_accepted_without_a_word_and_kept_nowhere(client, make_contract):
    contract = make_contract()
    events = db.session.scalar(select(func.count()).select_from(AuditEvent))
    response = _post(client, contract, trap="http://spam.example")
    assert response.status_code == 303
    assert "Your feedback is with our staff" in client.get(
        response.headers["Location"]).get_data(as_text=True)
    assert _count() == 0
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == events


def test_the_honeypot_is_hidden_from_people_and_assistive_technology(client, make_contract):
    page = client.get(f"/contracts/{make_contract().id}/feedback").get_data(as_text=True)
    assert '<div class="portal-trap" aria-hidden="true">' in page
    assert 'name="trap" value="" tabindex="-1" autocomplete="off"' in page


def test_giving_feedback_is_audited_without_the_givers_details(client, make_contract):
    contract = make_contract()
    _post(client, contract, may_contact="yes", contact="jo@example.org")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "feedback.given"))
    assert event.actor_id is None and event.details == {"contract_id": contract.id,
                                                        "giver": "person"}


def test_feedback_is_given_only_on_a_public_contract(client):
    assert client.get("/contracts/999999/feedback").status_code == 404


def test_feedback_is_limited_per_address(limited, make_contract):  # noqa: F811
    contract = make_contract()
    client = limited(FEEDBACK_RATE_LIMIT="2 per minute")
    statuses = [_post(client, contract).status_code for _ in range(3)]
    assert statuses == [303, 303, 429]
