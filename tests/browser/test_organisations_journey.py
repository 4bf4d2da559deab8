"""A visitor reads an organisation's profile; a commissioner finds the outcome report
waiting for them from their dashboard. Both pages pass axe."""

import re

from playwright.sync_api import expect

from tests.browser.support import sign_in
from tests.contracts.factories import scheduled  # noqa: F401  (a fixture)
from tests.contracts.test_commissioned import waiting  # noqa: F401  (a fixture)
from tests.contracts.test_contracts import contract  # noqa: F401  (a fixture)
from tests.organisations.test_profiles import profiles  # noqa: F401  (a fixture)


def test_a_visitor_reads_a_profile_with_no_axe_violations(page, assert_accessible,
                                                          profiles):  # noqa: F811
    winner = profiles["winner"].organisation
    page.goto(f"/organisations/{winner.id}")
    expect(page.get_by_role("heading", name=winner.name)).to_be_visible()
    expect(page.get_by_role("heading", name="Contracts won")).to_be_visible()
    assert_accessible(page)


def test_a_commissioner_goes_from_the_dashboard_to_the_waiting_report(
        page, assert_accessible, commissioner, waiting):  # noqa: F811
    made, _winner, report = waiting
    sign_in(page, commissioner)
    expect(page.get_by_text("1 outcome report is waiting for you to confirm")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=f"on {made.opportunity.title}").click()
    expect(page).to_have_url(re.compile(f"/contracts/{made.id}#report-{report.id}$"))
    expect(page.locator(f"#report-{report.id}")).to_be_visible()
    assert_accessible(page)
