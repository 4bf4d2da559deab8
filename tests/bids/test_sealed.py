"""Sealed until the deadline: who can learn anything about a bid, by any route, before and
after closes_at. Actors: anonymous, a colleague in the bidding organisation, another
provider, the owning commissioner, another commissioner, an admin."""

import re
from datetime import timedelta

import pytest

from portal.extensions import db
from portal.notifications.outbox import send_due
from tests.conftest import csrf_token

ACTORS = ["anonymous", "colleague", "other_provider", "owner", "other_commissioner", "admin"]


@pytest.fixture
def sealed(make_opportunity, make_user, submit_bid, commissioner):
    opportunity = make_opportunity("open")
    bidder = make_user("provider")
    bid = submit_bid(opportunity, bidder, price="187654")
    actors = {
        "anonymous": None,
        "colleague": make_user("provider", organisation=bidder.organisation),
        "other_provider": make_user("provider"),
        "owner": commissioner,
        "other_commissioner": make_user("commissioner"),
        "admin": make_user("admin"),
    }
    return opportunity, bid, bidder, actors


def _as(client, auth, actor):
    if actor is not None:
        auth.login(actor)
    return client


BEFORE = {
    # route -> expected status per actor, before closes_at
    "bid page": dict(anonymous=302, colleague=200, other_provider=404, owner=404,
                     other_commissioner=404, admin=404),
    "evaluation page": dict(anonymous=302, colleague=404, other_provider=404, owner=404,
                            other_commissioner=404, admin=404),
    "bids received": dict(anonymous=302, colleague=403, other_provider=403, owner=403,
                          other_commissioner=403, admin=403),
    "award page": dict(anonymous=302, colleague=403, other_provider=403, owner=403,
                       other_commissioner=403, admin=403),
    "withdraw": dict(anonymous=302, colleague=303, other_provider=404, owner=404,
                     other_commissioner=404, admin=404),
    "check page": dict(anonymous=302, colleague=200, other_provider=404, owner=404,
                       other_commissioner=404, admin=404),
    "submit from check page": dict(anonymous=302, colleague=303, other_provider=404,
                                   owner=404, other_commissioner=404, admin=404),
}
AFTER = {
    "bid page": dict(anonymous=302, colleague=200, other_provider=404, owner=404,
                     other_commissioner=404, admin=404),
    "evaluation page": dict(anonymous=302, colleague=404, other_provider=404, owner=200,
                            other_commissioner=404, admin=200),
    "bids received": dict(anonymous=302, colleague=403, other_provider=403, owner=200,
                          other_commissioner=403, admin=200),
    "award page": dict(anonymous=302, colleague=403, other_provider=403, owner=200,
                       other_commissioner=403, admin=403),
    "withdraw": dict(anonymous=302, colleague=403, other_provider=404, owner=404,
                     other_commissioner=404, admin=404),
    "check page": dict(anonymous=302, colleague=303, other_provider=404, owner=404,
                       other_commissioner=404, admin=404),
    "submit from check page": dict(anonymous=302, colleague=403, other_provider=404,
                                   owner=404, other_commissioner=404, admin=404),
}


def _request(client, route, opportunity, bid):
    paths = {
        "bid page": f"/bids/{bid.reference}",
        "evaluation page": f"/bids/received/{opportunity.id}/{bid.reference}",
        "bids received": f"/bids/received/{opportunity.id}",
        "award page": f"/bids/award/{opportunity.id}",
        "check page": f"/bids/{bid.reference}/check",
    }
    posts = {"withdraw": f"/bids/{bid.reference}/withdraw",
             "submit from check page": f"/bids/{bid.reference}/check"}
    if route in posts:
        return client.post(posts[route], data={
            "csrf_token": csrf_token(client, "/register"), "revision": str(bid.revision)})
    return client.get(paths[route])


@pytest.mark.parametrize("when", ["before", "after"])
@pytest.mark.parametrize("route", list(BEFORE))
@pytest.mark.parametrize("actor", ACTORS)
def test_bid_routes_answer_each_actor_before_and_after_the_deadline(
        client, auth, sealed, clock, actor, route, when):
    opportunity, bid, _bidder, actors = sealed
    offset = timedelta(seconds=-1) if when == "before" else timedelta(seconds=1)
    clock.set(opportunity.closes_at + offset)
    response = _request(_as(client, auth, actors[actor]), route, opportunity, bid)
    expected = (BEFORE if when == "before" else AFTER)[route][actor]
    assert response.status_code == expected


def test_a_missing_bid_and_a_sealed_bid_look_the_same(client, auth, sealed):
    opportunity, bid, _bidder, actors = sealed
    auth.login(actors["other_provider"])
    sealed_page = client.get(f"/bids/{bid.reference}")
    missing_page = client.get("/bids/no-such-bid-at-all")
    assert sealed_page.status_code == missing_page.status_code == 404

    def without_nonce(response):
        return re.sub(r'nonce="[^"]+"', "", response.get_data(as_text=True))

    assert without_nonce(sealed_page) == without_nonce(missing_page)


@pytest.mark.parametrize("actor", ["anonymous", "other_provider", "owner", "other_commissioner",
                                   "admin"])
def test_no_public_page_or_api_reveals_a_sealed_bid(client, auth, sealed, actor):
    opportunity, bid, bidder, actors = sealed
    _as(client, auth, actors[actor])
    pages = [f"/opportunities/{opportunity.id}", "/opportunities/", "/dashboard",
             f"/api/v1/opportunities/{opportunity.id}", "/api/v1/opportunities", "/bids/",
             "/admin/audit", "/admin/outbox", "/admin/"]
    for path in pages:
        body = client.get(path).get_data(as_text=True)
        for secret in (bid.reference, "187654", "187,654", bidder.organisation.name,
                       "bid.submitted", "Bid submitted"):
            assert secret not in body, f"{secret!r} leaked on {path} to {actor}"


def test_the_admin_outbox_hides_sealed_receipts_even_when_they_fail(
        client, auth, sealed, inbox, app):
    opportunity, bid, bidder, actors = sealed
    app.config["OUTBOX_MAX_ATTEMPTS"] = 1
    inbox.stop()
    send_due()
    auth.login(actors["admin"])
    body = client.get("/admin/outbox").get_data(as_text=True)
    assert bidder.email not in body
    assert "No failed messages." in body


def test_after_the_deadline_the_owner_reads_the_bid_and_the_opening_is_audited(
        client, auth, sealed, clock):
    from sqlalchemy import func, select

    from portal.models import AuditEvent

    opportunity, bid, _bidder, actors = sealed
    clock.set(opportunity.closes_at + timedelta(minutes=1))
    auth.login(actors["owner"])
    for _ in range(2):
        body = client.get(f"/bids/received/{opportunity.id}/{bid.reference}").get_data(
            as_text=True)
        assert "187,654" in body
    openings = db.session.scalar(select(func.count()).where(AuditEvent.action == "bid.opened"))
    assert openings == 1


def test_withdrawn_bids_are_not_listed_after_closing(client, auth, sealed, clock):
    from portal.bids import services

    opportunity, bid, bidder, actors = sealed
    services.withdraw(bid, revision=bid.revision, actor=bidder)
    db.session.commit()
    clock.set(opportunity.closes_at + timedelta(minutes=1))
    auth.login(actors["owner"])
    body = client.get(f"/bids/received/{opportunity.id}").get_data(as_text=True)
    assert "0 bids received" in body
    assert client.get(f"/bids/received/{opportunity.id}/{bid.reference}").status_code == 404


def test_bids_on_an_opportunity_cancelled_before_its_deadline_stay_sealed_until_it(
        sealed, commissioner, make_user):
    """Cancelling ends the competition, not the promise made to bidders: until closes_at
    nobody outside the bidding organisation may read a bid or the list of bids."""
    from portal import permissions
    from portal.opportunities import services

    opportunity, bid, _bidder, actors = sealed
    services.cancel(opportunity, "The service is no longer needed", actor=commissioner)
    db.session.commit()
    assert opportunity.status == "cancelled"
    for actor in (actors["owner"], actors["admin"]):
        assert not permissions.can_read_bid(actor, bid)
        assert not permissions.can_view_bids_received(actor, opportunity)
