"""Areas and indicators in headless Chromium: a member of the public finds their area from
the home page, sees its weakest indicator and opens a suggested library entry; axe-core on
the area, region and indicator pages, charts included."""

import pytest
from playwright.sync_api import expect

from portal.areas import demo
from portal.extensions import db
from portal.models import ENGLAND_CODE
from tests.areas.factories import MANCHESTER, NORTH_WEST, add_values, entry_on

pytestmark = pytest.mark.browser


def test_the_public_find_their_area_see_its_weakest_indicator_and_open_a_suggestion(
        page, assert_accessible):
    add_values({MANCHESTER: 51.5, NORTH_WEST: 60, ENGLAND_CODE: 63}, indicator="NI 148")
    add_values({MANCHESTER: 77, NORTH_WEST: 78, ENGLAND_CODE: 79}, indicator="NI 143")
    entry = entry_on("NI 148", 48, 61, rating=4, title="Employer mentors for care leavers")

    page.goto("/")
    page.get_by_label("Find your area").select_option(label="Manchester")
    page.get_by_role("button", name="Show the area").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Manchester")
    weakest = page.locator("#weakest")
    expect(weakest).to_contain_text("NI 148: Care leavers in employment, education or training")
    expect(weakest).to_contain_text("11.5 points below England")
    assert_accessible(page)

    weakest.get_by_role("link").click()
    suggestions = page.get_by_role("region", name="NI 148: Care leavers in employment")
    expect(suggestions).to_contain_text("Why it is suggested")
    suggestions.get_by_role("link", name=entry.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(entry.title)


@pytest.fixture
def demo_values(app):
    demo.load()
    db.session.commit()
    entry_on("NI 149", 50, 60, rating=3, title="Mental health tenancy sustainment")


@pytest.mark.parametrize("path", [f"/areas/{MANCHESTER}", f"/areas/{NORTH_WEST}",
                                  f"/areas/{ENGLAND_CODE}", "/indicators/ni-148", "/areas/",
                                  "/indicators/"])
def test_area_region_and_indicator_pages_have_no_accessibility_violations(
        page, demo_values, assert_accessible, path):
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
