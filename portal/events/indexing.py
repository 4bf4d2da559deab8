"""Events as search documents: published events that are not cancelled, found by their
title, description, venue and region (and in the region facet)."""

from flask import url_for
from sqlalchemy import select

from portal import reference
from portal.markdown import plain
from portal.models import Event
from portal.search import SearchKind, register


def document(event: Event) -> dict:
    region = reference.names("regions").get(event.region_code, "")
    body = "\n\n".join([event.kind_label, region, event.venue, plain(event.description)])
    return {
        "title": event.title,
        "body": body.strip(),
        "region": [event.region_code],
        "published_at": event.published_at,
    }


def public_query():
    return (select(Event).where(Event.published_at.is_not(None), Event.cancelled_at.is_(None))
            .order_by(Event.id))


register(SearchKind(
    name="event",
    label="Events",
    model=Event,
    document=document,
    is_public=lambda event: event.is_published and not event.is_cancelled,
    url=lambda event_id: url_for("events.detail", event_id=event_id),
    public_query=public_query,
))
