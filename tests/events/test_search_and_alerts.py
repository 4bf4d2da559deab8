"""Events in search (both backends: Whoosh on SQLite, full-text search on PostgreSQL), in
the API's kind enum, and in saved alerts for a region."""

import json

from werkzeug.datastructures import MultiDict

from portal.events import services
from portal.extensions import db
from portal.models import AlertMatch, SavedAlert
from tests.events.factories import NORTH_WEST, draft_event, published_event
from tests.search.indexed import indexed_keys


def _search(client, query: str) -> dict:
    return client.get(f"/api/v1/search?{query}").get_json()


def test_search_finds_published_events_by_title_venue_and_region(client):
    event = published_event(title="Market day for housing support", venue="Leeds Civic Hall")
    draft_event(title="Draft housing day")
    for words in ("housing", "civic", "north+west"):
        body = _search(client, f"q={words}")
        assert [(h["kind"], h["title"]) for h in body["results"]] == [
            ("event", "Market day for housing support")], words
    assert body["results"][0]["url"].endswith(f"/events/{event.id}")
    assert _search(client, "q=housing")["facets"]["kind"] == {"event": 1}
    assert indexed_keys() == {f"event:{event.id}"}


def test_events_are_in_the_region_facet(client):
    published_event(title="Workshop in the north west")
    body = _search(client, f"q=workshop&kind=event&region={NORTH_WEST}")
    assert [h["title"] for h in body["results"]] == ["Workshop in the north west"]
    assert _search(client, "q=workshop&region=E12000007")["results"] == []


def test_a_cancelled_event_leaves_search(client, make_user):
    event = published_event(title="Webinar on full cost recovery")
    services.cancel_event(event, actor=make_user("admin"))
    db.session.commit()
    assert _search(client, "q=recovery")["results"] == []
    assert indexed_keys() == set()


def test_a_saved_search_for_events_in_my_region_hears_of_a_new_one(make_user):
    person = make_user("provider")
    from portal.alerts import services as alerts

    watch = alerts.Watch("search", MultiDict({"kind": "event", "region": NORTH_WEST}))
    alert = alerts.create(watch, "Events near me", "immediately", actor=person)
    db.session.commit()
    published_event(title="Elsewhere", region_code="E12000007")
    event = published_event(title="Near me")
    matches = db.session.query(AlertMatch).all()
    assert [(m.alert_id, m.object_id, m.kind) for m in matches] == [(alert.id, event.id, "event")]
    assert db.session.get(SavedAlert, alert.id).name == "Events near me"


def test_the_api_documents_the_event_kind(client):
    spec = json.dumps(client.get("/api/v1/openapi.json").get_json())
    assert '["opportunity", "award", "innovation", "library", "guidance", "event"]' in spec
    published_event(title="Workshop")
    assert _search(client, "q=workshop")["results"][0]["kind"] == "event"
