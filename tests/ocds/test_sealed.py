"""The sealed-bid rule in open contracting data: nothing from a bid that did not win, ever;
nothing about bids before the deadline (not even how many); drafts never."""

import json
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from portal.bids import evaluation
from portal.extensions import db
from portal.models import Bid
from portal.opportunities import services as opportunities
from tests.bids.helpers import award_after_standstill
from tests.ocds.conftest import all_releases


def _everything(client) -> list[dict]:
    """Every document the OCDS API serves: pages, single releases, records, the bulk file."""
    releases = all_releases(client)
    served = list(releases)
    for ocid in {release["ocid"] for release in releases}:
        served.append(client.get(f"/api/v1/ocds/records/{ocid}").get_json())
    served += [json.loads(line) for line in
               client.get("/api/v1/ocds/releases.jsonl").get_data(as_text=True).splitlines()]
    return served


def _numbers(data) -> set:
    if isinstance(data, dict):
        return set().union(*(_numbers(value) for value in data.values()))
    if isinstance(data, list):
        return set().union(*(_numbers(value) for value in data)) if data else set()
    return {Decimal(str(data))} if isinstance(data, int | float) and not isinstance(
        data, bool) else set()


def test_nothing_from_a_losing_bid_appears_in_any_release(client, demo_data):
    losers = db.session.scalars(select(Bid).where(Bid.outcome == "unsuccessful")).all()
    assert losers, "the demo has losing bids"
    served = _everything(client)
    text = json.dumps(served)
    numbers = _numbers(served)
    for bid in losers:
        assert bid.organisation.name not in text
        assert f'"org-{bid.organisation_id}"' not in text
        assert bid.reference not in text and bid.feedback not in text
        assert bid.current_version.price not in numbers
    winners = db.session.scalars(select(Bid).where(Bid.outcome == "successful")).all()
    assert all(bid.feedback not in text for bid in winners)  # feedback is the bidder's alone


def _open_with_a_bid(make_opportunity, make_user, submit_bid):
    opportunity = make_opportunity("open")
    provider = make_user("provider")
    bid = submit_bid(opportunity, provider, price="187654")
    return opportunity, bid


def test_before_the_deadline_no_release_says_anything_of_bids(client, make_opportunity,
                                                              make_user, submit_bid):
    opportunity, bid = _open_with_a_bid(make_opportunity, make_user, submit_bid)
    served = _everything(client)
    text = json.dumps(served)
    assert "numberOfTenderers" not in text
    assert bid.organisation.name not in text and bid.reference not in text
    assert Decimal("187654") not in _numbers(served)
    [release] = all_releases(client)
    assert release["tag"] == ["tender"] and release["tender"]["status"] == "active"


def test_the_number_of_bids_shows_only_in_releases_dated_after_the_deadline(
        client, make_opportunity, make_user, submit_bid, commissioner, clock):
    opportunity, bid = _open_with_a_bid(make_opportunity, make_user, submit_bid)
    clock.set(opportunity.closes_at + timedelta(days=2))
    opportunities.mark_not_awarded(opportunity, "The budget was withdrawn", actor=commissioner)
    db.session.commit()
    by_tag = {release["tag"][0]: release for release in all_releases(client)}
    assert "numberOfTenderers" not in by_tag["tender"]["tender"]
    update = by_tag["tenderUpdate"]["tender"]
    assert update["numberOfTenderers"] == 1 and update["status"] == "unsuccessful"
    assert bid.organisation.name not in json.dumps(by_tag)


def test_a_cancellation_before_the_deadline_never_counts_the_bids(
        client, make_opportunity, make_user, submit_bid, commissioner, clock):
    opportunity, _bid = _open_with_a_bid(make_opportunity, make_user, submit_bid)
    opportunities.cancel(opportunity, "The service is no longer needed", actor=commissioner)
    db.session.commit()
    clock.set(opportunity.closes_at + timedelta(days=30))  # the deadline has long passed
    served = _everything(client)
    assert "numberOfTenderers" not in json.dumps(served)
    cancellation = next(r for r in all_releases(client) if r["tag"] == ["tenderCancellation"])
    assert cancellation["tender"]["status"] == "cancelled"
    reason = [d for d in cancellation["tender"]["documents"]
              if d["documentType"] == "cancellationDetails"]
    assert reason[0]["description"] == "The service is no longer needed"


def test_only_the_winner_is_a_party_after_the_award(client, make_opportunity, make_user,
                                                    submit_bid, commissioner, clock):
    opportunity = make_opportunity("open")
    winner, loser = make_user("provider"), make_user("provider")
    won = submit_bid(opportunity, winner, price="190000")
    lost = submit_bid(opportunity, loser, price="165432")
    clock.set(opportunity.closes_at + timedelta(minutes=1))
    quality, _price, social = opportunity.criteria
    evaluation.save_scores(won, {quality.id: (4, ""), social.id: (4, "")}, "", actor=commissioner)
    evaluation.save_scores(lost, {quality.id: (1, ""), social.id: (1, "")}, "",
                           actor=commissioner)
    award_after_standstill(opportunity, won, starts_on=date(2027, 4, 1), ends_on=date(2028, 3, 31),
                           actor=commissioner)
    db.session.commit()
    served = _everything(client)
    text = json.dumps(served)
    assert loser.organisation.name not in text and Decimal("165432") not in _numbers(served)
    award = next(r for r in all_releases(client) if r["tag"] == ["award"])
    assert [s["name"] for s in award["awards"][0]["suppliers"]] == [winner.organisation.name]
    assert award["tender"]["numberOfTenderers"] == 2
    assert award["awards"][0]["value"] == {"amount": 190000, "currency": "GBP"}


def test_drafts_and_scheduled_opportunities_never_appear(client, make_opportunity, clock):
    draft = make_opportunity("draft")
    scheduled = make_opportunity("draft", published_at=clock.current + timedelta(days=1))
    assert client.get("/api/v1/ocds/releases").get_json()["releases"] == []
    assert client.get("/api/v1/ocds/releases.jsonl").get_data() == b""
    for opportunity in (draft, scheduled):
        ocid = f"ocds-213czf-{opportunity.id}"
        assert client.get(f"/api/v1/ocds/records/{ocid}").status_code == 404
        assert client.get(f"/api/v1/ocds/releases/{ocid}-tender-1").status_code == 404
