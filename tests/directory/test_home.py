"""The home page shows what each kind of visitor comes for: what closes soon, the latest
award notices, new innovations, a way to a service for people looking for help, and the
guidance for each audience; nothing unpublished."""

from datetime import timedelta

from portal import clock
from tests.guidance.factories import draft_page, published_page


def test_the_home_page_lists_what_closes_soonest_first(client, make_opportunity):
    now = clock.now()
    make_opportunity("open", title="Closes later", closes_at=now + timedelta(days=20))
    make_opportunity("open", title="Closes first", closes_at=now + timedelta(days=2))
    make_opportunity("draft", title="Still a draft")
    make_opportunity("closed", title="Already closed")
    page = client.get("/").get_data(as_text=True)
    closing = page[page.index('id="closing-soon"'):page.index('id="latest-awards"')]
    assert closing.index("Closes first") < closing.index("Closes later")
    assert "Still a draft" not in page and "Already closed" not in closing
    assert "All 2 open opportunities" in closing


def test_the_home_page_shows_the_latest_award_notices(client, make_contract):
    made = make_contract("Housing first", price="198500")
    page = client.get("/").get_data(as_text=True)
    awards = page[page.index('id="latest-awards"'):page.index('id="new-innovations"')]
    assert f'href="/contracts/{made.id}"' in awards
    assert made.organisation.name in awards and "£198,500" in awards


def test_the_home_page_shows_new_published_innovations_only(client, make_innovation):
    make_innovation(title="Published mentoring")
    make_innovation("draft", title="Unpublished idea")
    page = client.get("/").get_data(as_text=True)
    assert "Published mentoring" in page and "Unpublished idea" not in page


def test_the_home_page_leads_into_guidance_for_each_audience(client):
    published_page(title="How to write a bid", audiences=["providers"])
    published_page(title="Commissioning from the sector", audiences=["commissioners"])
    draft_page(title="Not yet published", audiences=["providers"])
    page = client.get("/").get_data(as_text=True)
    guidance = page[page.index('id="guidance"'):]
    assert "For providers" in guidance and "For commissioners" in guidance
    assert "How to write a bid" in guidance and "Not yet published" not in guidance


def test_the_home_page_says_so_when_there_is_nothing_yet(client):
    page = client.get("/").get_data(as_text=True)
    assert "No opportunity is open now" in page
    assert "No contract has been awarded yet" in page


def test_people_looking_for_help_find_the_directory_from_every_page(client):
    page = client.get("/").get_data(as_text=True)
    assert "Looking for help?" in page and 'href="/services/"' in page
    assert 'href="/services/"' in client.get("/contracts/").get_data(as_text=True)


def test_the_home_page_shows_events_coming_up_in_the_visitors_region(
        client, auth, make_user):
    from portal.extensions import db
    from tests.events.factories import NORTH_WEST, published_event

    published_event(title="Manchester workshop", region_code=NORTH_WEST)
    published_event(title="London workshop", region_code="E12000007")
    anonymous = client.get("/").get_data(as_text=True)
    assert "Manchester workshop" in anonymous and "London workshop" in anonymous
    provider = make_user("provider")
    provider.organisation.local_area_code = "E08000003"  # Manchester, in the North West
    db.session.commit()
    auth.login(provider)
    page = client.get("/").get_data(as_text=True)
    assert "Events coming up in North West" in page
    assert "Manchester workshop" in page and "London workshop" not in page
