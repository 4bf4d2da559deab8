"""The rules of organising events: staff, or a verified commissioner in their own region or for
their own opportunity, write an event as a draft, publish it (alerts hear of it) and may
cancel it (everyone with a place hears). Reading: upcoming and past events, by region."""

from dataclasses import asdict, dataclass
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import select

from portal import audit, clock, permissions, reference
from portal.alerts.services import item_published as tell_alerts
from portal.errors import NotFound, PermissionDenied, ValidationFailed
from portal.events import registrations
from portal.extensions import db
from portal.models import EVENT_AUDIENCES, EVENT_KINDS, Event, Opportunity

PAST_SHOWN = 20


@dataclass
class EventDetails:
    """What an organiser writes on the event form."""

    title: str
    kind: str
    region_code: str
    starts_at: datetime | None
    ends_at: datetime | None
    capacity: int | None
    venue: str = ""
    online_link: str | None = None
    audience: str = "everyone"
    description: str = ""
    opportunity_id: int | None = None


def _link_errors(link: str | None) -> dict[str, str]:
    if link and urlsplit(link).scheme not in ("https", "http"):
        return {"online_link": "Enter the online link as a web address starting https://"}
    return {}


def _checked(details: EventDetails, event: Event | None) -> EventDetails:
    """The details cleaned, or ValidationFailed naming each field that breaks a rule."""
    details.title = (details.title or "").strip()
    details.venue = (details.venue or "").strip()
    details.online_link = (details.online_link or "").strip() or None
    errors = _link_errors(details.online_link)
    if not details.title:
        errors["title"] = "Enter a title"
    if details.kind not in EVENT_KINDS:
        errors["kind"] = "Choose the kind of event"
    if details.audience not in EVENT_AUDIENCES:
        errors["audience"] = "Choose who the event is for"
    if reference.find("regions", details.region_code) is None:
        errors["region_code"] = "Choose the region"
    if not details.venue and not details.online_link:
        errors["venue"] = "Enter the venue, or an online link for a webinar"
    if details.starts_at and details.ends_at and details.ends_at <= details.starts_at:
        errors["ends_at"] = "The event must end after it starts"
    if event is None and details.starts_at and details.starts_at <= clock.now():
        errors["starts_at"] = "The event must start in the future"
    taken = event.places_taken if event else 0
    if details.capacity is None or details.capacity < 1:
        errors["capacity"] = "Enter how many places there are, like 40"
    elif details.capacity < taken:
        errors["capacity"] = (f"{taken} people already have a place: the capacity must be "
                              f"{taken} or more")
    if errors:
        raise ValidationFailed(errors)
    return details


def _opportunity(details: EventDetails) -> Opportunity | None:
    if details.opportunity_id is None:
        return None
    opportunity = db.session.get(Opportunity, details.opportunity_id)
    if opportunity is None or not opportunity.is_published:
        raise ValidationFailed("Choose a published opportunity", "opportunity_id")
    return opportunity


def _may_organise(details: EventDetails, actor) -> None:
    if not permissions.can_organise_event_for(actor, details.region_code, _opportunity(details)):
        raise ValidationFailed(
            "You can organise events in your own body's region, or a market engagement day "
            "for your own opportunity", "region_code")


def create_event(details: EventDetails, *, actor) -> Event:
    """Start an event as a draft: only its organisers see it until it is published."""
    if not permissions.can_organise_events(actor):
        raise PermissionDenied()
    details = _checked(details, None)
    _may_organise(details, actor)
    event = Event(organiser_id=actor.id, organisation_id=getattr(actor, "organisation_id", None),
                  **asdict(details))
    db.session.add(event)
    db.session.flush()
    audit.record("event.created", event, actor=actor, title=event.title)
    return event


def update_event(event: Event, details: EventDetails, *, actor) -> None:
    """Change an event that is not cancelled. People with a place are not emailed: the
    reminder the day before carries the details as they are then."""
    _require_manager(event, actor)
    if event.is_cancelled:
        raise ValidationFailed("A cancelled event cannot be changed", "title")
    details = _checked(details, event)
    _may_organise(details, actor)
    for name, value in asdict(details).items():
        setattr(event, name, value)
    audit.record("event.updated", event, actor=actor)


def publish_event(event: Event, *, actor) -> None:
    """Put a draft on the public site, in search, and in front of matching saved alerts."""
    _require_manager(event, actor)
    if event.is_published:
        raise ValidationFailed("The event is already published", "status")
    if event.starts_at <= clock.now():
        raise ValidationFailed("The event has started: it can no longer be published", "status")
    event.published_at = clock.now()
    audit.record("event.published", event, actor=actor)
    db.session.flush()
    tell_alerts("event", event)


def cancel_event(event: Event, *, actor) -> int:
    """Cancel the event; everyone with a place or on the waiting list is emailed. Returns
    how many were told."""
    _require_manager(event, actor)
    if event.is_cancelled:
        raise ValidationFailed("The event is already cancelled", "status")
    event.cancelled_at = clock.now()
    audit.record("event.cancelled", event, actor=actor)
    return registrations.tell_of_cancellation(event)


def _require_manager(event: Event, actor) -> None:
    if not permissions.can_manage_event(actor, event):
        raise PermissionDenied()


# ---- Reading ---------------------------------------------------------------------------------

def get_event(event_id: int, *, actor) -> Event:
    """An event the actor may see; for anyone else it does not exist."""
    event = db.session.get(Event, event_id)
    if event is None or not permissions.can_view_event(actor, event):
        raise NotFound()
    return event


def _public():
    return select(Event).where(Event.published_at.is_not(None), Event.cancelled_at.is_(None))


def _filtered(query, region: str | None, audience: str | None, kind: str | None):
    if region:
        query = query.where(Event.region_code == region)
    if audience:
        query = query.where(Event.audience.in_([audience, "everyone"]))
    if kind:
        query = query.where(Event.kind == kind)
    return query


def upcoming(region: str | None = None, audience: str | None = None,
             kind: str | None = None) -> list[Event]:
    """Published events not yet over, soonest first."""
    query = _filtered(_public().where(Event.ends_at > clock.now()), region, audience, kind)
    return list(db.session.scalars(query.order_by(Event.starts_at, Event.id)))


def past(region: str | None = None, audience: str | None = None,
         kind: str | None = None) -> list[Event]:
    """The latest events that are over, most recent first."""
    query = _filtered(_public().where(Event.ends_at <= clock.now()), region, audience, kind)
    return list(db.session.scalars(query.order_by(Event.starts_at.desc()).limit(PAST_SHOWN)))


def upcoming_events(region: str | None = None, limit: int = 3) -> list[Event]:
    """The next few events (in a region, or anywhere): what the home, area and region
    pages show."""
    query = _filtered(_public().where(Event.ends_at > clock.now()), region, None, None)
    return list(db.session.scalars(query.order_by(Event.starts_at, Event.id).limit(limit)))


def managed_by(actor) -> list[Event]:
    """Every event the actor organises (all of them, for staff), newest first."""
    query = select(Event).order_by(Event.starts_at.desc())
    if not permissions.is_admin(actor):
        query = query.where(Event.organisation_id == actor.organisation_id)
    return list(db.session.scalars(query))


def opportunities_for(actor) -> list[Opportunity]:
    """Published opportunities the actor may hold a market engagement day for."""
    query = select(Opportunity).where(Opportunity.published_at.is_not(None),
                                      Opportunity.cancelled_at.is_(None))
    if not permissions.is_admin(actor):
        query = query.where(Opportunity.organisation_id == actor.organisation_id)
    return list(db.session.scalars(query.order_by(Opportunity.title)))
