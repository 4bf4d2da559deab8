"""The events the demo ships: a workshop in each of the nine regions, one market engagement
day for an opportunity, one event full with a waiting list, all coming up."""

from sqlalchemy import select

from portal import demo, reference
from portal.events import services
from portal.extensions import db
from portal.models import Event


def test_the_demo_has_a_workshop_in_every_region_and_a_market_day(app, client):
    demo.load()
    db.session.commit()
    events = list(db.session.scalars(select(Event)))
    workshops = {e.region_code for e in events if e.kind == "workshop"}
    assert workshops == {region.code for region in reference.regions()}
    assert len(services.upcoming()) == len(events)
    market_day = next(e for e in events if e.kind == "market-engagement")
    page = client.get(f"/opportunities/{market_day.opportunity_id}").get_data(as_text=True)
    assert market_day.title in page
    full = [e for e in events if e.places_left == 0]
    assert full and any(r.status == "waiting" for r in full[0].registrations)
    assert all(e.places_taken == sum(r.status == "registered" for r in e.registrations)
               for e in events)
    assert client.get("/events/").status_code == 200
