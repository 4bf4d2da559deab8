"""Searching from the header in a real headless Chromium, with axe-core on each page."""

import pytest
from playwright.sync_api import expect

from portal.library.demo_entries import ENTRIES
from tests.browser.support import sign_in
from tests.library.factories import published_entry

pytestmark = pytest.mark.browser


@pytest.fixture
def library(app):
    return [published_entry(**record) for record in ENTRIES]


def test_search_narrow_with_two_facets_open_a_result_and_come_back(page, library,
                                                                   assert_accessible):
    page.goto("/")
    page.get_by_label("Search opportunities, innovations and the practice library").fill(
        "housing")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("heading", name="Search", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("group", name="Client group").get_by_label("Offenders", exact=False).check()
    page.get_by_role("group", name="Region").get_by_label("North West", exact=False).check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("status")).to_have_text("1 result")
    assert "client_group=offenders" in page.url and "region=E12000002" in page.url

    page.get_by_role("link", name="Housing first for prison leavers").click()
    expect(page.get_by_role("heading", name="Housing first for prison leavers")).to_be_visible()
    assert_accessible(page)

    page.go_back()
    expect(page.get_by_role("group", name="Client group").get_by_label(
        "Offenders", exact=False)).to_be_checked()
    expect(page.get_by_role("group", name="Region").get_by_label(
        "North West", exact=False)).to_be_checked()
    expect(page.get_by_role("status")).to_have_text("1 result")


def test_misspelt_query_offers_did_you_mean(page, library, assert_accessible):
    page.goto("/search?q=tenansy")
    page.get_by_role("link", name="tenancy").click()
    expect(page.get_by_role("status")).not_to_have_text("0 results")
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/library/", "/library/evidence", "/library/{entry}",
                                  "/search?q=%22unclosed", "/search?q=support&sort=newest"])
def test_library_and_search_pages_have_no_axe_violations(page, library, assert_accessible,
                                                          path):
    response = page.goto(path.format(entry=library[0].id))
    assert response.status == 200
    assert_accessible(page)


def test_contribution_form_with_errors_has_no_axe_violations(page, make_user, assert_accessible):
    sign_in(page, make_user("provider"))
    page.goto("/library/new")
    page.get_by_role("button", name="Send for moderation").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)


def test_two_pages_of_results_page_through_with_no_axe_violations(page, library,
                                                                   assert_accessible):
    page.goto("/search?kind=library")
    pagination = page.get_by_role("navigation", name="Pages of results")
    expect(pagination.get_by_role("link", name="Page 1")).to_have_attribute(
        "aria-current", "page")
    assert_accessible(page)
    pagination.get_by_role("link", name="Next page").click()
    expect(page.get_by_role("navigation", name="Pages of results").get_by_role(
        "link", name="Page 2")).to_have_attribute("aria-current", "page")
    assert "kind=library" in page.url and "page=2" in page.url
    assert_accessible(page)
