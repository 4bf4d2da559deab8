"""Finding help in headless Chromium: the provider says how to get referred (mistakes first),
an advocate finds the service by where the person lives, and the home page leads there;
axe-core on each page."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from portal import clock
from tests.browser.support import sign_in

pytestmark = pytest.mark.browser


def test_a_provider_lists_its_service_and_an_advocate_finds_it(
        page, assert_accessible, make_contract):
    today = clock.uk_today()
    made = make_contract("Housing first", client_group="offenders", local_area="E08000003",
                         starts_on=today - timedelta(days=10), ends_on=today + timedelta(days=300))
    sign_in(page, made.organisation.members[0])
    page.goto(f"/contracts/{made.id}")
    page.get_by_role("link", name="Tell people how to get referred to this service").click()
    page.get_by_label("Phone number").fill("ring me")
    page.get_by_role("button", name="Save the directory entry").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Name of the service").fill("Keys to a home")
    page.get_by_label("How to get referred").fill("Ask your probation officer to ring us.")
    page.get_by_label("People can refer themselves").check()
    page.get_by_label("Phone number").fill("0161 496 0000")
    page.get_by_role("button", name="Save the directory entry").click()
    expect(page.get_by_text("The service's directory entry is saved.")).to_be_visible()
    page.context.clear_cookies()

    page.goto("/")
    assert_accessible(page)
    page.get_by_role("link", name="Find a service").first.click()
    page.get_by_label("Where do you live?").select_option("E08000003")
    page.get_by_label("Offenders under probation supervision").check()
    page.get_by_role("button", name="Find services").click()
    expect(page.get_by_role("heading", name="1 service in Manchester")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Keys to a home").click()
    expect(page.get_by_text("Ask your probation officer to ring us.")).to_be_visible()
    expect(page.get_by_text("You can refer yourself")).to_be_visible()
    assert_accessible(page)
