"""Steps the browser journeys share."""

from playwright.sync_api import expect

from tests.conftest import PASSWORD


def sign_in(page, user):
    """Through the real sign-in form, landing on the dashboard."""
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
