"""Events in headless Chromium: the public list and an event page, a guest registering and
confirming, the cancellation page, and staff organising an event (errors included) all pass
axe-core."""

import pytest
from playwright.sync_api import expect

from portal.events import registrations
from portal.extensions import db
from tests.browser.support import sign_in
from tests.events.factories import published_event

pytestmark = pytest.mark.browser


def test_the_event_list_and_an_event_page_have_no_axe_violations(page, assert_accessible):
    event = published_event(title="A workshop in Manchester")
    page.goto("/events/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Events")
    assert_accessible(page)
    page.get_by_role("link", name="A workshop in Manchester").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(event.title)
    assert_accessible(page)


def test_a_guest_registers_and_the_confirm_and_cancel_pages_pass_axe(page, assert_accessible):
    event = published_event(capacity=3)
    page.goto(f"/events/{event.id}")
    page.get_by_role("button", name="Register").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your name")
    assert_accessible(page)
    page.get_by_label("Your name").fill("Ann Guest")
    page.get_by_label("Email address").fill("ann@example.org")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("Check your email")).to_be_visible()
    registration = event.registrations[0]
    page.goto(f"/events/places/{registrations.confirm_token(registration)}/confirm")
    assert_accessible(page)
    page.get_by_role("button", name="Confirm my place").click()
    expect(page.get_by_text("your registration is confirmed")).to_be_visible()
    page.goto(f"/events/places/{registrations.cancel_token(registration)}/cancel")
    assert_accessible(page)
    page.get_by_role("button", name="Cancel my place").click()
    expect(page.get_by_text("Your place is cancelled.")).to_be_visible()
    db.session.refresh(registration)
    assert registration.status == "cancelled"


def test_staff_organise_an_event_and_the_form_passes_axe(page, assert_accessible, make_user):
    sign_in(page, make_user("admin"))
    page.goto("/events/new")
    page.get_by_role("button", name="Save the event").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a title")
    assert_accessible(page)
    page.goto("/events/manage")
    assert_accessible(page)
