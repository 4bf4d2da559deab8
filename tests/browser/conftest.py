import pytest
from axe_playwright_python.sync_playwright import Axe

_axe = Axe()


@pytest.fixture
def assert_accessible():
    """Run axe-core (all rules, WCAG 2.2 A and AA included) on the page; fail on any violation."""

    def check(page):
        results = _axe.run(page, options=None)
        assert results.violations_count == 0, results.generate_report()

    return check


@pytest.fixture
def sign_in():
    """sign_in(page, user): through the real sign-in form, landing on the dashboard."""
    from playwright.sync_api import expect

    from tests.conftest import PASSWORD

    def go(page, user):
        page.goto("/sign-in")
        page.get_by_label("Email address").fill(user.email)
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()

    return go
