"""Events for tests, made through the services."""

from datetime import timedelta

from portal import clock
from portal.events import services
from portal.events.services import EventDetails
from portal.extensions import db
from portal.permissions import COMMAND_LINE

NORTH_WEST = "E12000002"  # Manchester's region


def details(**overrides) -> EventDetails:
    starts = clock.now().replace(microsecond=0) + timedelta(days=10)
    values = {"title": "Commissioning from the third sector", "kind": "workshop",
              "region_code": NORTH_WEST, "starts_at": starts,
              "ends_at": starts + timedelta(hours=3), "capacity": 30,
              "venue": "Town Hall, Albert Square, Manchester", "audience": "everyone",
              "description": "How to **bid** for services."}
    return EventDetails(**(values | overrides))


def draft_event(actor=COMMAND_LINE, **overrides):
    event = services.create_event(details(**overrides), actor=actor)
    db.session.commit()
    return event


def published_event(actor=COMMAND_LINE, **overrides):
    event = services.create_event(details(**overrides), actor=actor)
    services.publish_event(event, actor=actor)
    db.session.commit()
    return event
