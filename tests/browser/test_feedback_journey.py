"""Feedback on a service in headless Chromium, on a phone-sized screen: someone without an
account gives it (a mistake first), staff take out personal details and publish it, the
provider replies and the commissioner reads everything. axe-core on every page."""

import pytest
from playwright.sync_api import expect

from tests.browser.support import sign_in
from tests.contracts.factories import make_contract  # noqa: F401  (fixture)
from tests.feedback.factories import given

pytestmark = pytest.mark.browser


def test_feedback_from_a_phone_to_publication_with_a_reply(
        page, assert_accessible, make_user, make_contract):  # noqa: F811
    winner = make_user("provider")
    contract = make_contract(winner=winner)
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"/contracts/{contract.id}")
    page.get_by_role("link", name="Tell us about this service").click()
    assert_accessible(page)

    page.get_by_label("What worked well?").fill("Kate, my worker at 3 Mill Lane, found me a flat.")
    page.get_by_role("button", name="Send your feedback").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose who is giving this feedback")
    expect(page.get_by_label("What worked well?")).to_have_value(
        "Kate, my worker at 3 Mill Lane, found me a flat.")
    assert_accessible(page)

    page.get_by_label("An advocate, on someone's behalf").check()
    page.get_by_role("group", name="Did they listen to you? (optional)").get_by_label(
        "Mostly").check()
    page.get_by_role("group", name="May we contact you about your feedback?").get_by_label(
        "Yes").check()
    page.get_by_label("Email address or phone number").fill("advocate@example.org")
    page.get_by_role("button", name="Send your feedback").click()
    expect(page.get_by_text("Your feedback is with our staff")).to_be_visible()

    sign_in(page, make_user("admin"))
    page.goto("/feedback/moderation")
    assert_accessible(page)
    page.get_by_role("link", name="check this feedback").click()
    assert_accessible(page)
    page.get_by_label("What worked well (as published)").fill("My worker found me a flat.")
    page.get_by_label("Publish the words below").check()
    page.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_text("Your decision is saved.")).to_be_visible()

    page.context.clear_cookies()  # signed out
    sign_in(page, winner)
    page.goto(f"/contracts/{contract.id}")
    expect(page.get_by_text("My worker found me a flat.")).to_be_visible()
    expect(page.get_by_text("3 Mill Lane")).to_have_count(0)
    page.get_by_role("link", name="Reply to this feedback").click()
    assert_accessible(page)
    page.get_by_label("Your reply").fill("Thank you. We will tell Kate.")
    page.get_by_role("button", name="Publish your reply").click()
    expect(page.get_by_text("Thank you. We will tell Kate.")).to_be_visible()


def test_the_commissioners_feedback_page_passes_axe(
        page, assert_accessible, make_contract, commissioner):  # noqa: F811
    contract = make_contract()
    given(contract, may_contact=True, name="Jo", contact="jo@example.org")
    sign_in(page, commissioner)
    page.goto(f"/contracts/{contract.id}/feedback/all")
    expect(page.get_by_text("jo@example.org", exact=False)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Note what you did").click()
    assert_accessible(page)
