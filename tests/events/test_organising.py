"""Who organises events and the rules an event keeps (services, both databases)."""

from datetime import timedelta

import pytest

from portal import clock
from portal.errors import NotFound, PermissionDenied, ValidationFailed
from portal.events import services
from portal.extensions import db
from portal.models import AuditEvent, OutboundEmail
from tests.events.factories import NORTH_WEST, details, draft_event, published_event

LONDON = "E12000007"
pytestmark = pytest.mark.usefixtures("app")


@pytest.fixture
def manchester_commissioner(make_user):
    user = make_user("commissioner")
    user.organisation.local_area_code = "E08000003"  # Manchester: the North West
    db.session.commit()
    return user


def test_staff_organise_an_event_as_a_draft(make_user):
    admin = make_user("admin")
    event = services.create_event(details(region_code=LONDON), actor=admin)
    db.session.commit()
    assert not event.is_published and event.organiser_id == admin.id
    assert db.session.query(AuditEvent).filter_by(action="event.created").count() == 1


def test_a_commissioner_organises_in_their_own_region(manchester_commissioner):
    event = services.create_event(details(), actor=manchester_commissioner)
    assert event.organisation_id == manchester_commissioner.organisation_id


def test_a_commissioner_cannot_organise_in_another_region(manchester_commissioner):
    with pytest.raises(ValidationFailed) as refused:
        services.create_event(details(region_code=LONDON), actor=manchester_commissioner)
    assert "region_code" in refused.value.errors


def test_a_commissioner_holds_market_engagement_for_their_own_opportunity_anywhere(
        manchester_commissioner, make_opportunity):
    opportunity = make_opportunity(owner=manchester_commissioner)
    event = services.create_event(details(region_code=LONDON, kind="market-engagement",
                                          opportunity_id=opportunity.id),
                                  actor=manchester_commissioner)
    assert event.opportunity_id == opportunity.id


def test_a_commissioner_cannot_attach_an_event_to_another_bodys_opportunity(
        manchester_commissioner, make_opportunity, make_user):
    other = make_opportunity(owner=make_user("commissioner"))
    with pytest.raises(ValidationFailed):
        services.create_event(details(opportunity_id=other.id, region_code=LONDON),
                              actor=manchester_commissioner)


@pytest.mark.parametrize("role", ["provider", "member"])
def test_providers_and_members_cannot_organise(make_user, role):
    with pytest.raises(PermissionDenied):
        services.create_event(details(), actor=make_user(role))


def test_an_unverified_commissioner_cannot_organise(make_user):
    with pytest.raises(PermissionDenied):
        services.create_event(details(), actor=make_user("commissioner", org_status="pending"))


def test_an_event_needs_a_place_to_be_and_an_end_after_its_start():
    starts = clock.now() + timedelta(days=3)
    with pytest.raises(ValidationFailed) as refused:
        draft_event(venue="", online_link=None, starts_at=starts, ends_at=starts, capacity=0)
    assert set(refused.value.errors) == {"venue", "ends_at", "capacity"}


def test_an_online_link_must_be_a_web_address():
    with pytest.raises(ValidationFailed) as refused:
        draft_event(online_link="javascript:alert(1)")
    assert "online_link" in refused.value.errors


def test_a_draft_is_seen_by_its_organisers_only(make_user):
    event = draft_event()
    with pytest.raises(NotFound):
        services.get_event(event.id, actor=make_user("provider"))
    assert services.get_event(event.id, actor=make_user("admin")) is event


def test_upcoming_events_are_published_ones_soonest_first():
    later = published_event(title="Later", starts_at=clock.now() + timedelta(days=20),
                            ends_at=clock.now() + timedelta(days=20, hours=2))
    sooner = published_event(title="Sooner")
    draft_event(title="Draft")
    assert services.upcoming_events() == [sooner, later]
    assert services.upcoming_events(region=LONDON) == []
    assert services.upcoming_events(region=NORTH_WEST, limit=1) == [sooner]


def test_cancelling_an_event_tells_everyone_with_a_place(make_user):
    event = published_event()
    from portal.events import registrations

    registrations.register(event, actor=make_user("provider"))
    services.cancel_event(event, actor=make_user("admin"))
    db.session.commit()
    assert event.is_cancelled
    assert [e.template for e in db.session.query(OutboundEmail).order_by(OutboundEmail.id)] == [
        "event_registered", "event_cancelled"]
    assert services.upcoming_events() == []
