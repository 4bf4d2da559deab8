"""Public organisation profiles, page and API: what an organisation has done in the open
(opportunities published, contracts won, innovations and library entries published), to
anyone, and never its drafts, its bids or its members' details."""

import re
from datetime import date, timedelta

import pytest

from portal import clock as portal_clock
from portal.bids import evaluation
from portal.extensions import db
from tests.bids.helpers import award_after_standstill
from tests.library.factories import published_entry, submitted_entry


@pytest.fixture
def profiles(make_opportunity, make_user, make_innovation, submit_bid, commissioner, clock):
    """A commissioning body in Manchester with a draft, an opportunity announced for later,
    an awarded one and one still open; a winner and a loser of the award; the winner's
    innovations and library entries, published and not."""
    body = commissioner.organisation
    body.local_area_code = "E08000003"
    body.company_number = "01234567"
    make_opportunity("draft", title="Draft plan nobody may see")
    later = portal_clock.now() + timedelta(days=60)
    make_opportunity("draft", title="Announced later", published_at=later,
                     closes_at=later + timedelta(days=30))
    still_open = make_opportunity("open", title="Open call for mentoring")
    awarded = make_opportunity("open", title="Housing support tender")
    winner = make_user("provider")
    winner.organisation.charity_number = "1101234"
    loser = make_user("provider")
    winning_bid = submit_bid(awarded, winner, price="200000", commitment="3")
    losing_bid = submit_bid(awarded, loser, price="123456", commitment="2")
    submit_bid(still_open, loser, price="654321", commitment="2")
    clock.set(awarded.closes_at + timedelta(minutes=1))
    quality, _price, social = awarded.criteria
    evaluation.save_scores(winning_bid, {quality.id: (3, ""), social.id: (3, "")}, "",
                           actor=commissioner)
    evaluation.save_scores(losing_bid, {quality.id: (1, ""), social.id: (1, "")}, "",
                           actor=commissioner)
    contract = award_after_standstill(awarded, winning_bid, starts_on=date(2027, 4, 1),
                                      ends_on=date(2028, 3, 31), actor=commissioner)
    db.session.commit()
    shown = make_innovation("published", provider=winner, title="Employer mentors")
    hidden = make_innovation("draft", provider=winner, title="Unfinished innovation")
    entry = published_entry(delivered_by=winner.organisation.name, title="Mentoring that worked")
    submitted_entry(winner, delivered_by=winner.organisation.name, title="Entry awaiting review")
    return {"body": body, "winner": winner, "loser": loser, "commissioner": commissioner,
            "contract": contract, "open": still_open, "awarded": awarded, "innovation": shown,
            "draft_innovation": hidden, "entry": entry}


def _main(response) -> str:
    """The page's own content, without the site's header and navigation."""
    html = response.get_data(as_text=True)
    return html[html.index("<main"):html.index("</main>")]


def test_anyone_can_read_an_organisation_profile(client, profiles):
    winner = profiles["winner"].organisation
    response = client.get(f"/organisations/{winner.id}")
    assert response.status_code == 200
    page = _main(response)
    assert winner.name in page
    assert "Charity" in page and "1101234" in page
    assert "Verified" in page


def test_a_commissioning_body_profile_gives_its_region_and_published_opportunities(
        client, profiles):
    page = _main(client.get(f"/organisations/{profiles['body'].id}"))
    assert "North West" in page and "01234567" in page
    assert "Open call for mentoring" in page and "Housing support tender" in page
    assert "Draft plan nobody may see" not in page
    assert "Announced later" not in page


def test_a_profile_lists_contracts_won_and_published_work_only(client, profiles):
    page = _main(client.get(f"/organisations/{profiles['winner'].organisation_id}"))
    assert f"/contracts/{profiles['contract'].id}" in page
    assert "Housing support tender" in page
    assert f"/innovations/{profiles['innovation'].id}" in page
    assert "Unfinished innovation" not in page
    assert f"/library/{profiles['entry'].id}" in page
    assert "Entry awaiting review" not in page


def test_a_profile_says_nothing_about_bids(client, auth, make_user, profiles):
    """Neither the loser's profile nor the winner's tells of a bid, even to a signed-in
    member of another organisation."""
    auth.login(make_user("commissioner"))
    for organisation_id in (profiles["loser"].organisation_id,
                            profiles["winner"].organisation_id):
        page = _main(client.get(f"/organisations/{organisation_id}"))
        assert not re.search(r"\bbids?\b", page, re.IGNORECASE)
        assert "123456" not in page and "654321" not in page and "123,456" not in page
    loser_page = _main(client.get(f"/organisations/{profiles['loser'].organisation_id}"))
    assert "Open call for mentoring" not in loser_page
    assert "Housing support tender" not in loser_page


def test_members_and_their_email_addresses_are_for_members_only(client, auth, make_user,
                                                                 profiles):
    winner = profiles["winner"]
    assert winner.email not in client.get(f"/organisations/{winner.organisation_id}").get_data(
        as_text=True)
    auth.login(make_user("provider"))
    assert winner.email not in client.get(f"/organisations/{winner.organisation_id}").get_data(
        as_text=True)
    auth.logout()
    auth.login(winner)
    assert winner.email in client.get(f"/organisations/{winner.organisation_id}").get_data(
        as_text=True)


def test_an_organisation_that_does_not_exist_is_not_found(client, profiles):
    assert client.get("/organisations/987654").status_code == 404
    assert client.get("/api/v1/organisations/987654").status_code == 404


def test_the_api_gives_the_same_facts_with_ids_and_urls(client, profiles):
    body = profiles["body"]
    data = client.get(f"/api/v1/organisations/{body.id}").get_json()
    assert data["id"] == body.id and data["name"] == body.name
    assert data["kind"] == "local-authority" and data["verified"] is True
    assert data["company_number"] == "01234567" and data["charity_number"] is None
    assert data["region"] == {"code": "E12000002", "name": "North West"}
    assert data["url"].endswith(f"/organisations/{body.id}")
    assert {o["title"] for o in data["opportunities"]} == {
        "Open call for mentoring", "Housing support tender"}
    opened = next(o for o in data["opportunities"] if o["id"] == profiles["open"].id)
    assert opened["url"].endswith(f"/opportunities/{profiles['open'].id}")
    assert opened["api_url"].endswith(f"/api/v1/opportunities/{profiles['open'].id}")


def test_the_api_lists_contracts_won_and_published_work_only(client, profiles):
    winner = profiles["winner"]
    data = client.get(f"/api/v1/organisations/{winner.organisation_id}").get_json()
    contract = profiles["contract"]
    assert [c["id"] for c in data["contracts_won"]] == [contract.id]
    assert data["contracts_won"][0]["url"].endswith(f"/contracts/{contract.id}")
    assert data["contracts_won"][0]["buyer"]["id"] == profiles["body"].id
    assert data["contracts_won"][0]["value"] == {"amount": 200000.0, "currency": "GBP"}
    assert [i["id"] for i in data["innovations"]] == [profiles["innovation"].id]
    assert [e["id"] for e in data["library_entries"]] == [profiles["entry"].id]
    assert data["opportunities"] == []


def test_the_api_says_nothing_about_bids(client, profiles):
    for organisation_id in (profiles["loser"].organisation_id,
                            profiles["winner"].organisation_id):
        text = client.get(f"/api/v1/organisations/{organisation_id}").get_data(as_text=True)
        assert "bid" not in text.lower()
        assert "123456" not in text and "654321" not in text
        assert profiles["winner"].email not in text


@pytest.mark.parametrize("page, organisation", [
    ("/opportunities/{open}", "body"), ("/contracts/{contract}", "body"),
    ("/contracts/{contract}", "winner"), ("/innovations/{innovation}", "winner")])
def test_organisation_names_link_to_their_profile(client, profiles, page, organisation):
    values = {"open": profiles["open"].id, "contract": profiles["contract"].id,
              "innovation": profiles["innovation"].id}
    found = profiles[organisation]
    organisation_id = found.id if organisation == "body" else found.organisation_id
    html = client.get(page.format(**values)).get_data(as_text=True)
    assert f'href="/organisations/{organisation_id}"' in html
