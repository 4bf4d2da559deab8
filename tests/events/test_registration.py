"""Registering for events: one click when signed in, guests confirm by email, the waiting
list moves up on cancellation, and the reminder the day before goes once."""

import re
import time
from datetime import timedelta

import pytest
from itsdangerous import TimestampSigner

from portal.errors import ValidationFailed
from portal.events import registrations
from portal.extensions import db
from portal.jobs import tick
from portal.models import EventRegistration, Notification, OutboundEmail
from tests.conftest import csrf_token
from tests.events.factories import published_event


def _emails(template: str | None = None) -> list[OutboundEmail]:
    query = db.session.query(OutboundEmail).order_by(OutboundEmail.id)
    return query.filter_by(template=template).all() if template else query.all()


def _link(message: OutboundEmail, path: str) -> str:
    found = re.search(rf"http://[^/\s]+(/events/places/[^/\s]+/{path})", message.body_text)
    assert found, message.body_text
    return found.group(1)


def test_a_signed_in_person_registers_in_one_click(client, auth, make_user):
    event = published_event(capacity=2)
    person = make_user("provider")
    auth.login(person)
    answer = client.post(f"/events/{event.id}/register",
                         data={"csrf_token": csrf_token(client, f"/events/{event.id}")})
    assert answer.status_code == 303
    db.session.refresh(event)
    assert event.places_taken == 1
    assert [m.recipient for m in _emails("event_registered")] == [person.email]
    assert db.session.query(Notification).filter_by(user_id=person.id).count() == 1
    assert "You have a place" in client.get(f"/events/{event.id}").get_data(as_text=True)


def test_registering_twice_is_refused(make_user):
    event = published_event()
    person = make_user("provider")
    registrations.register(event, actor=person)
    with pytest.raises(ValidationFailed):
        registrations.register(event, actor=person)


def test_a_full_event_puts_people_on_the_waiting_list(make_user):
    event = published_event(capacity=1)
    first = registrations.register(event, actor=make_user("provider"))
    second = registrations.register(event, actor=make_user("provider"))
    db.session.commit()
    assert (first.status, second.status, event.places_taken) == ("registered", "waiting", 1)
    assert "number 1" in _emails("event_waiting")[0].body_text


def test_a_guest_holds_no_place_until_they_confirm_by_email(client):
    event = published_event(capacity=1)
    token = csrf_token(client, f"/events/{event.id}")
    answer = client.post(f"/events/{event.id}/register",
                         data={"csrf_token": token, "name": "Ann Guest",
                               "email": "Ann@Example.org"})
    assert answer.status_code == 303
    registration = db.session.query(EventRegistration).one()
    assert (registration.status, registration.email) == ("unconfirmed", "ann@example.org")
    db.session.refresh(event)
    assert event.places_taken == 0
    confirm = _link(_emails("event_confirm")[0], "confirm")
    assert "Confirm my place" in client.get(confirm).get_data(as_text=True)
    db.session.refresh(registration)
    assert registration.status == "unconfirmed"  # a GET changes nothing
    answer = client.post(confirm, data={"csrf_token": csrf_token(client, confirm)})
    assert answer.status_code == 303
    db.session.refresh(registration)
    db.session.refresh(event)
    assert registration.status == "registered" and event.places_taken == 1


def test_a_guest_form_with_errors_is_shown_again(client):
    event = published_event()
    answer = client.post(f"/events/{event.id}/register", data={
        "csrf_token": csrf_token(client, f"/events/{event.id}"), "name": "", "email": "nope"})
    assert answer.status_code == 400
    assert "Enter your name" in answer.get_data(as_text=True)


def test_a_confirmation_link_expires_after_a_day(client, monkeypatch):
    event = published_event()
    registrations.register_guest(event, "Ann", "ann@example.org")
    db.session.commit()
    confirm = _link(_emails("event_confirm")[0], "confirm")
    later = int(time.time()) + 25 * 3600
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: later)
    assert client.get(confirm).status_code == 404


def test_cancelling_by_the_emailed_link_gives_the_place_to_the_first_waiting(client,
                                                                            make_user):
    event = published_event(capacity=1)
    holder = make_user("provider")
    registrations.register(event, actor=holder)
    first, second = make_user("provider"), make_user("provider")
    registrations.register(event, actor=first)
    registrations.register(event, actor=second)
    db.session.commit()
    cancel = _link(_emails("event_registered")[0], "cancel")
    assert "Cancel my place" in client.get(cancel).get_data(as_text=True)
    assert db.session.query(EventRegistration).filter_by(status="cancelled").count() == 0
    answer = client.post(cancel, data={"csrf_token": csrf_token(client, cancel)})
    assert answer.status_code == 303
    statuses = {r.user_id: r.status for r in db.session.query(EventRegistration)}
    assert statuses == {holder.id: "cancelled", first.id: "registered", second.id: "waiting"}
    assert [m.recipient for m in _emails("event_promoted")] == [first.email]
    db.session.refresh(event)
    assert event.places_taken == 1


def test_a_forged_cancellation_link_is_not_found(client):
    assert client.get("/events/places/forged/cancel").status_code == 404


def test_registration_closes_when_the_event_starts(make_user, clock):
    event = published_event()
    clock.set(event.starts_at + timedelta(minutes=1))
    with pytest.raises(ValidationFailed):
        registrations.register(event, actor=make_user("provider"))


def test_the_reminder_the_day_before_goes_once(make_user, clock):
    event = published_event()
    person = make_user("provider")
    registrations.register(event, actor=person)
    db.session.commit()
    assert tick(event.starts_at - timedelta(days=2)).events == 0
    assert tick(event.starts_at - timedelta(hours=20)).events == 1
    assert tick(event.starts_at - timedelta(hours=19)).events == 0
    reminder = _emails("event_reminder")
    assert [m.recipient for m in reminder] == [person.email]
    assert "/cancel" in reminder[0].body_text


def test_nobody_is_reminded_of_a_cancelled_event(make_user):
    from portal.events import services

    event = published_event()
    registrations.register(event, actor=make_user("provider"))
    services.cancel_event(event, actor=make_user("admin"))
    db.session.commit()
    assert tick(event.starts_at - timedelta(hours=20)).events == 0
