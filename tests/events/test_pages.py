"""The event pages: the list by region with its filters, the organiser's form, calendar
files, the attendee list, and events on area and opportunity pages."""

from datetime import timedelta

from icalendar import Calendar

from portal import clock as portal_clock
from portal.events import registrations
from portal.extensions import db
from portal.models import Event
from tests.conftest import csrf_token
from tests.events.factories import NORTH_WEST, draft_event, published_event


def test_the_list_shows_upcoming_events_by_region_and_past_ones_apart(client, clock):
    today = clock.current
    clock.set(today - timedelta(days=60))
    published_event(title="Last year's day")
    clock.set(today)
    published_event(title="Manchester workshop")
    published_event(title="London webinar", region_code="E12000007", kind="webinar",
                    venue="", online_link="https://meet.example.org/psa")
    draft_event(title="Not yet")
    page = client.get("/events/").get_data(as_text=True)
    assert "Manchester workshop" in page and "London webinar" in page
    assert page.index("Past events") < page.index("Last year&#39;s day")
    assert "Not yet" not in page
    filtered = client.get(f"/events/?region={NORTH_WEST}&kind=workshop").get_data(as_text=True)
    assert "Manchester workshop" in filtered and "London webinar" not in filtered


def test_an_event_page_renders_its_description_as_markdown(client):
    event = published_event()
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "<strong>bid</strong>" in page and "Register" in page


def test_staff_organise_publish_and_edit_an_event_through_the_pages(client, auth, make_user):
    auth.login(make_user("admin"))
    assert client.get("/events/new").status_code == 200
    starts = portal_clock.to_uk(portal_clock.now() + timedelta(days=14))
    data = {"csrf_token": csrf_token(client, "/events/new"), "title": "Bid writing workshop",
            "kind": "workshop", "region_code": "E12000003", "audience": "providers",
            "starts_at-day": starts.day, "starts_at-month": starts.month,
            "starts_at-year": starts.year, "starts_at-time": "10:00",
            "ends_at-day": starts.day, "ends_at-month": starts.month,
            "ends_at-year": starts.year, "ends_at-time": "13:00", "capacity": "25",
            "venue": "Leeds Civic Hall", "online_link": "", "description": "Bring a bid.",
            "opportunity_id": ""}
    answer = client.post("/events/new", data=data)
    assert answer.status_code == 303, answer.get_data(as_text=True)
    event = db.session.query(Event).one()
    assert client.get(f"/events/{event.id}/edit").status_code == 200
    client.post(f"/events/{event.id}/publish",
                data={"csrf_token": csrf_token(client, f"/events/{event.id}")})
    db.session.refresh(event)
    assert event.is_published and portal_clock.to_uk(event.starts_at).hour == 10


def test_the_event_calendar_file_is_rfc_5545(client):
    event = published_event(title="Workshop, with commas; and semicolons")
    answer = client.get(f"/events/{event.id}.ics")
    assert answer.mimetype == "text/calendar"
    calendar = Calendar.from_ical(answer.data)
    entry = calendar.walk("VEVENT")[0]
    assert str(entry["summary"]) == "Workshop, with commas; and semicolons"
    assert entry.decoded("dtstart") == event.starts_at
    assert str(entry["uid"]).startswith(f"event-{event.id}@")
    assert b"\r\n" in answer.data


def test_the_region_feed_holds_that_regions_events(client):
    published_event(title="North west day")
    published_event(title="London day", region_code="E12000007")
    answer = client.get(f"/events/region/{NORTH_WEST}.ics")
    titles = [str(e["summary"]) for e in Calendar.from_ical(answer.data).walk("VEVENT")]
    assert titles == ["North west day"]
    assert client.get("/events/region/E99999999.ics").status_code == 404


def test_the_organiser_downloads_the_attendee_list(client, auth, make_user):
    event = published_event(capacity=1)
    registrations.register(event, actor=make_user("provider"))
    registrations.register_guest(event, "=Eve", "eve@example.org")
    registrations.confirm_guest(db.session.query(Event).one().registrations[1])
    db.session.commit()
    auth.login(make_user("admin"))
    answer = client.get(f"/events/{event.id}/attendees.csv")
    lines = answer.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0] == "name,email,status,since"
    assert [line.split(",")[2] for line in lines[1:]] == ["registered", "waiting"]
    assert lines[2].startswith("'=Eve")


def test_an_area_page_shows_its_regions_upcoming_events(client):
    published_event(title="North west workshop")
    published_event(title="London workshop", region_code="E12000007")
    page = client.get("/areas/E08000003").get_data(as_text=True)
    assert "North west workshop" in page and "London workshop" not in page


def test_an_opportunity_page_shows_its_market_engagement_day(client, make_opportunity):
    opportunity = make_opportunity()
    published_event(title="Market day for this", kind="market-engagement",
                    opportunity_id=opportunity.id)
    page = client.get(f"/opportunities/{opportunity.id}").get_data(as_text=True)
    assert "Market day for this" in page
