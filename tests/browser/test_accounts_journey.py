"""Accounts in a real headless Chromium, with axe-core on every page a newcomer sees."""

import re

import pytest
from playwright.sync_api import expect

from portal.notifications.outbox import send_due
from tests.browser.support import sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
NEW_PASSWORD = "a-fresh-start-in-leeds"


def _fill_registration(page, *, name="Nadia Khan", email="nadia@northern.org.uk"):
    page.goto("/register")
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Create a password").fill(NEW_PASSWORD)
    page.get_by_label("Confirm password").fill(NEW_PASSWORD)
    page.get_by_label("Organisation name").fill("Northern Pathways")
    page.get_by_label("Kind of organisation").select_option("charity")


def test_register_verify_sign_in_and_sign_out(page, inbox, live_server):
    _fill_registration(page)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()

    assert send_due().sent == 1
    [message] = inbox.to("nadia@northern.org.uk")
    link = re.search(r"http://\S+/verify-email/\S+", inbox.text(message)).group(0)
    assert link.startswith(live_server.url)
    page.goto(link)
    expect(page.get_by_text("Your email address is confirmed")).to_be_visible()

    page.get_by_label("Email address").fill("nadia@northern.org.uk")
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    expect(page.get_by_text("Signed in as Nadia Khan")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out")).to_be_visible()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def test_empty_submission_shows_the_error_summary_and_keeps_other_input(page):
    page.goto("/register")
    page.get_by_label("Full name").fill("Nadia Keeps This")
    page.get_by_role("button", name="Create account").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="Enter your email address")).to_be_visible()
    expect(page.get_by_label("Full name")).to_have_value("Nadia Keeps This")
    summary.get_by_role("link", name="Enter your email address").click()
    expect(page.get_by_label("Email address")).to_be_focused()


def test_sign_in_works_with_the_keyboard_alone(page, make_user):
    user = make_user("provider")
    page.goto("/sign-in")
    page.keyboard.press("Tab")  # the skip link comes first
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.get_by_label("Email address").focus()
    page.keyboard.type(user.email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()


@pytest.mark.parametrize("path", ["/", "/register", "/sign-in", "/forgot-password",
                                  "/accessibility", "/privacy", "/cookies", "/open-data",
                                  "/no-such-page"])
def test_public_pages_have_no_axe_violations(page, assert_accessible, path):
    page.goto(path)
    assert_accessible(page)


def test_register_page_with_errors_has_no_axe_violations(page, assert_accessible):
    page.goto("/register")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/account", "/dashboard"])
def test_signed_in_pages_have_no_axe_violations(page, assert_accessible, make_user, path):
    sign_in(page, make_user("commissioner"))
    page.goto(path)
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/admin/", "/admin/organisations", "/admin/audit",
                                  "/admin/outbox"])
def test_admin_pages_have_no_axe_violations(page, assert_accessible, make_user, path):
    make_user("commissioner", org_status="pending")
    sign_in(page, make_user("admin"))
    page.goto(path)
    assert_accessible(page)




@pytest.mark.parametrize(("path", "label"), [("/sign-in", "Password"),
                                             ("/register", "Create a password")])
def test_password_can_be_shown_and_hidden_with_the_keyboard(page, assert_accessible, path,
                                                            label):
    page.goto(path)
    password = page.get_by_label(label, exact=True)
    password.fill(NEW_PASSWORD)
    expect(password).to_have_attribute("type", "password")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Show password").first).to_be_focused()
    page.keyboard.press("Enter")
    expect(password).to_have_attribute("type", "text")
    expect(page.get_by_role("button", name="Hide password")).to_be_focused()
    assert_accessible(page)
    page.keyboard.press("Space")
    expect(password).to_have_attribute("type", "password")
    expect(password).to_have_value(NEW_PASSWORD)


def test_reset_password_page_has_no_axe_violations(page, assert_accessible, make_user):
    from portal.auth.tokens import password_reset_token

    page.goto(f"/reset-password/{password_reset_token(make_user('provider'))}")
    expect(page.get_by_role("button", name="Show password")).to_have_count(2)
    assert_accessible(page)
