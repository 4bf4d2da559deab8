"""Places at events: registering (signed in, or as a guest confirmed by email), the waiting
list, cancelling by the emailed link, and the reminder the day before.

The capacity is kept by the database. Every change to who has a place first locks the
event's row with an UPDATE (PostgreSQL makes a second registration wait for the first to
commit; SQLite takes its one write lock), then counts; `places_taken` changes only by single
SQL statements, and a check constraint keeps it within the capacity. So twenty people
registering at once for five places leave five registered and fifteen waiting.

A guest's registration holds no place until they follow the link in the email, which works
for CONFIRM_WITHIN (24 hours); after that they register again.
"""

from datetime import datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer, URLSafeTimedSerializer
from sqlalchemy import select, update

from portal import audit, clock, permissions
from portal.errors import NotFound, ValidationFailed
from portal.extensions import db
from portal.models import Event, EventRegistration, User
from portal.notifications.events import notify
from portal.notifications.outbox import queue_email
from portal.urls import external_url

CONFIRM_WITHIN = timedelta(hours=24)
REMINDER_BEFORE = timedelta(hours=24)
HOLDS_PLACE = ("registered", "waiting")


# ---- Links in emails -------------------------------------------------------------------------

def cancel_token(registration: EventRegistration) -> str:
    """The one-click cancellation link's token: signed, valid until the event."""
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="event-cancel").dumps(
        registration.id)


def confirm_token(registration: EventRegistration) -> str:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="event-confirm").dumps(
        [registration.id, registration.email])


def by_cancel_token(token: str) -> EventRegistration:
    try:
        registration_id = URLSafeSerializer(
            current_app.config["SECRET_KEY"], salt="event-cancel").loads(token)
    except BadSignature:
        raise NotFound() from None
    return _found(db.session.get(EventRegistration, registration_id))


def by_confirm_token(token: str) -> EventRegistration:
    """The guest's registration, if the link is genuine and under CONFIRM_WITHIN old."""
    serializer = URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="event-confirm")
    try:
        registration_id, email = serializer.loads(
            token, max_age=int(CONFIRM_WITHIN.total_seconds()))
    except BadSignature:  # SignatureExpired is one too
        raise NotFound() from None
    registration = _found(db.session.get(EventRegistration, registration_id))
    if registration.email != email:
        raise NotFound()
    return registration


def _found(registration: EventRegistration | None) -> EventRegistration:
    if registration is None or not registration.event.is_published:
        raise NotFound()
    return registration


def _tell(registration: EventRegistration, template: str, subject: str, **context) -> None:
    """Email a registrant, with the cancellation link; someone with an account also sees it
    among their notifications."""
    event = registration.event
    cancel_link = external_url("events.cancel_place", token=cancel_token(registration))
    context |= {"event": event, "registration": registration, "cancel_link": cancel_link}
    link = external_url("events.detail", event_id=event.id)
    if registration.user is not None:
        notify(registration.user, template, subject, link=link, **context)
    else:
        queue_email(template, registration.email, subject, link=link,
                    member=registration, **context)


# ---- Taking and giving up places -------------------------------------------------------------

def _lock(event: Event) -> None:
    """Take the event's row lock until the commit, and read its places as they are now."""
    db.session.execute(update(Event).where(Event.id == event.id)
                       .values(places_taken=Event.places_taken)
                       .execution_options(synchronize_session=False))
    db.session.refresh(event)


def _take_place(event: Event) -> bool:
    """One place, if one is left: a single statement, so it cannot overshoot."""
    taken = db.session.execute(
        update(Event).where(Event.id == event.id, Event.places_taken < Event.capacity)
        .values(places_taken=Event.places_taken + 1)
        .execution_options(synchronize_session=False)).rowcount
    db.session.refresh(event)
    return taken == 1


def _give_back_place(event: Event) -> None:
    db.session.execute(update(Event).where(Event.id == event.id, Event.places_taken > 0)
                       .values(places_taken=Event.places_taken - 1)
                       .execution_options(synchronize_session=False))
    db.session.refresh(event)


def _join(registration: EventRegistration) -> None:
    """A place if there is one, else the end of the waiting list; the person is emailed."""
    event = registration.event
    registration.status = "registered" if _take_place(event) else "waiting"
    registration.queued_at = clock.now()
    registration.cancelled_at = None
    db.session.flush()
    if registration.status == "registered":
        _tell(registration, "event_registered", f"Your place: {event.title}")
    else:
        _tell(registration, "event_waiting", f"On the waiting list: {event.title}",
              position=waiting_position(registration))


def _registration_for(event: Event, email: str) -> EventRegistration | None:
    return db.session.scalar(select(EventRegistration).where(
        EventRegistration.event_id == event.id, EventRegistration.email == email))


def _open_for_registration(event: Event) -> None:
    if not permissions.can_register_for(event):
        raise ValidationFailed("Registration for this event is closed", "event")


def register(event: Event, *, actor: User) -> EventRegistration:
    """Register a signed-in person in one click: a place, or a place on the waiting list."""
    _open_for_registration(event)
    _lock(event)
    registration = _registration_for(event, actor.email)
    if registration is not None and registration.status in HOLDS_PLACE:
        raise ValidationFailed("You are already registered for this event", "event")
    if registration is None:
        registration = EventRegistration(event=event, email=actor.email, status="unconfirmed")
        db.session.add(registration)
    registration.user_id, registration.name = actor.id, actor.name
    _join(registration)
    audit.record("event.registered", event, actor=actor, status=registration.status)
    return registration


def register_guest(event: Event, name: str, email: str) -> EventRegistration:
    """Hold a guest's registration until they confirm it from the emailed link; until then
    it takes no place. Registering again sends a new link."""
    _open_for_registration(event)
    name, email = (name or "").strip(), (email or "").strip().lower()
    _lock(event)
    registration = _registration_for(event, email)
    if registration is not None and registration.status in HOLDS_PLACE:
        _tell(registration, "event_already_registered", f"You are registered: {event.title}")
        return registration  # the same answer as a new registration: no one learns who comes
    if registration is None:
        registration = EventRegistration(event=event, email=email, status="unconfirmed")
        db.session.add(registration)
    registration.name, registration.status = name, "unconfirmed"
    db.session.flush()
    queue_email("event_confirm", email, f"Confirm your place: {event.title}", member=registration,
                event=event, confirm_link=external_url(
                    "events.confirm_place", token=confirm_token(registration)),
                hours=int(CONFIRM_WITHIN.total_seconds() // 3600))
    return registration


def confirm_guest(registration: EventRegistration) -> EventRegistration:
    """The guest followed the link: a place, or the waiting list (once; again does nothing)."""
    event = registration.event
    _open_for_registration(event)
    _lock(event)
    db.session.refresh(registration)
    if registration.status == "unconfirmed":
        _join(registration)
        audit.record("event.registered", event, actor=None, status=registration.status)
    return registration


def cancel_place(registration: EventRegistration) -> None:
    """Give up a place (or leave the waiting list). A freed place goes at once to the first
    on the waiting list, who is emailed."""
    event = registration.event
    _lock(event)
    db.session.refresh(registration)
    if registration.status not in HOLDS_PLACE:
        raise ValidationFailed("This registration is already cancelled", "registration")
    if event.starts_at <= clock.now():
        raise ValidationFailed("The event has started, so the place cannot be cancelled",
                               "registration")
    had_place = registration.status == "registered"
    registration.status, registration.cancelled_at = "cancelled", clock.now()
    audit.record("event.place_cancelled", event, actor=registration.user)
    if had_place:
        _give_back_place(event)
        if not event.is_cancelled:
            _promote_next(event)


def _promote_next(event: Event) -> None:
    first = db.session.scalar(select(EventRegistration).where(
        EventRegistration.event_id == event.id, EventRegistration.status == "waiting")
        .order_by(EventRegistration.queued_at, EventRegistration.id).limit(1))
    if first is not None and _take_place(event):
        first.status = "registered"
        _tell(first, "event_promoted", f"A place for you: {event.title}")


def tell_of_cancellation(event: Event) -> int:
    """Email everyone with a place or waiting that the event is cancelled."""
    told = [r for r in event.registrations if r.status in HOLDS_PLACE]
    for registration in told:
        _tell(registration, "event_cancelled", f"Cancelled: {event.title}")
    return len(told)


# ---- Reading ---------------------------------------------------------------------------------

def waiting_position(registration: EventRegistration) -> int:
    """1 for the first in the queue."""
    ahead = [r for r in registration.event.registrations if r.status == "waiting"
             and (r.queued_at, r.id) < (registration.queued_at, registration.id)]
    return len(ahead) + 1


def of_user(event: Event, user) -> EventRegistration | None:
    """The signed-in person's registration for the event, if they hold or wait for a place."""
    if not getattr(user, "is_authenticated", False):
        return None
    found = _registration_for(event, user.email)
    return found if found is not None and found.status in HOLDS_PLACE else None


def attendees(event: Event, *, actor) -> list[EventRegistration]:
    """Who has a place, then who waits (in order): for the organisers only."""
    if not permissions.can_manage_event(actor, event):
        raise NotFound()
    rank = {"registered": 0, "waiting": 1}
    people = [r for r in event.registrations if r.status in rank]
    return sorted(people, key=lambda r: (rank[r.status], r.queued_at, r.id))


# ---- The reminder the day before -------------------------------------------------------------

def due_reminders(now: datetime) -> list[EventRegistration]:
    """Places at events starting within REMINDER_BEFORE: the tick reminds each once."""
    return list(db.session.scalars(
        select(EventRegistration).join(Event).where(
            Event.published_at.is_not(None), Event.cancelled_at.is_(None),
            Event.starts_at > now, Event.starts_at <= now + REMINDER_BEFORE,
            EventRegistration.status == "registered")
        .order_by(Event.starts_at, EventRegistration.id)))


def queue_reminder(registration: EventRegistration, *, dedupe_key: str) -> None:
    """The reminder, with the cancellation link (so a place not wanted goes to the queue)."""
    _tell(registration, "event_reminder", f"Tomorrow: {registration.event.title}",
          dedupe_key=dedupe_key)
