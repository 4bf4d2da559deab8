"""The Innovation Exchange in headless Chromium: share, moderate, take up, spread; axe-core on
the list, detail, form and moderation pages."""

import pytest
from playwright.sync_api import expect

from portal.extensions import db
from portal.innovations import services
from tests.browser.support import sign_in
from tests.innovations.conftest import details

pytestmark = pytest.mark.browser


@pytest.fixture
def published_innovation(make_user):
    provider, admin = make_user("provider"), make_user("admin")
    innovation = services.create_innovation(details(), actor=provider)
    services.submit_innovation(innovation, actor=provider)
    services.publish_innovation(innovation, actor=admin)
    db.session.commit()
    return innovation


def _sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out")).to_be_visible()


def _fill_innovation(page):
    page.get_by_label("Title").fill("Employer mentors for care leavers")
    page.get_by_label("Summary").fill("Volunteer mentors from local firms meet care leavers.")
    page.get_by_label("The problem").fill("Care leavers are often out of work at 19.")
    page.get_by_label("The approach").fill("Weekly mentoring and a guaranteed interview.")
    page.get_by_role("group", name="Who it is for").get_by_label("Care leavers").check()
    page.get_by_label("Employment, education or training", exact=True).check()
    page.get_by_label("NI 148: Care leavers in employment, education or training").check()
    page.get_by_label("Pilot").check()
    page.get_by_label("2: Before-and-after measure").check()
    page.get_by_label("Why this evidence level").fill("We measured 40 young people.")
    page.get_by_text("North West", exact=True).click()
    page.get_by_label("Manchester", exact=True).check()


def test_share_moderate_adopt_and_see_the_spread(page, make_user, assert_accessible):
    provider, admin = make_user("provider"), make_user("admin")
    commissioner = make_user("commissioner")

    sign_in(page, provider)
    page.get_by_role("link", name="Innovations", exact=True).click()
    page.get_by_role("link", name="Share an innovation").click()
    _fill_innovation(page)
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Your draft is saved")).to_be_visible()
    page.get_by_role("button", name="Submit for moderation").click()
    expect(page.get_by_text("Your innovation is submitted")).to_be_visible()
    _sign_out(page)

    sign_in(page, admin)
    page.goto("/innovations/moderation")
    assert_accessible(page)
    page.get_by_role("link", name="Employer mentors for care leavers").click()
    page.get_by_label("Return it to the organisation with reasons").check()
    page.get_by_role("textbox", name="Reasons").fill("Add the cost per person.")
    assert_accessible(page)
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_text("is now returned")).to_be_visible()
    _sign_out(page)

    sign_in(page, provider)
    page.goto("/innovations/yours")
    page.get_by_role("link", name="Employer mentors for care leavers").click()
    expect(page.get_by_text("Add the cost per person.")).to_be_visible()
    page.get_by_role("link", name="Edit this innovation").click()
    page.get_by_label("Cost per person in pounds").fill("850")
    page.get_by_role("button", name="Save changes").click()
    page.get_by_role("button", name="Submit for moderation").click()
    expect(page.get_by_text("Your innovation is submitted.")).to_be_visible()
    _sign_out(page)

    sign_in(page, admin)
    page.goto("/innovations/moderation")
    page.get_by_role("link", name="Employer mentors for care leavers").click()
    page.get_by_label("Publish it").check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_text("is now published")).to_be_visible()
    _sign_out(page)

    sign_in(page, commissioner)
    page.goto("/innovations/")
    page.get_by_role("link", name="Employer mentors for care leavers").click()
    page.get_by_role("link", name="Express interest").click()
    page.get_by_label("Your message").fill("Could this work in Leeds?")
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_text("Your message is on its way")).to_be_visible()
    page.get_by_role("link", name="Record an adoption").click()
    page.get_by_label("Local area").select_option(label="Leeds (Yorkshire and the Humber)")
    page.get_by_label("Commissioned from").fill("2009-04-01")
    page.get_by_role("button", name="Record adoption").click()
    expect(page.get_by_text("Your adoption is recorded")).to_be_visible()
    _sign_out(page)

    page.goto("/innovations/")
    page.get_by_role("link", name="Employer mentors for care leavers").click()
    expect(page.get_by_role("heading", name="Yorkshire and the Humber")).to_be_visible()
    expect(page.get_by_text("Leeds: commissioned by")).to_be_visible()
    expect(page.get_by_text("1 commissioner has expressed interest")).to_be_visible()
    assert_accessible(page)


def test_list_with_filters_has_no_axe_violations(page, published_innovation, assert_accessible):
    page.goto("/innovations/?client_group=care-leavers&sort=most-adopted")
    expect(page.get_by_label("Client group")).to_have_value("care-leavers")
    assert_accessible(page)


def test_form_with_errors_has_no_axe_violations(page, make_user, assert_accessible):
    sign_in(page, make_user("provider"))
    page.goto("/innovations/new")
    assert_accessible(page)
    page.get_by_role("button", name="Save draft").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name="Enter a title")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/innovations/yours", "/innovations/interests"])
def test_provider_pages_have_no_axe_violations(page, make_user, assert_accessible, path):
    sign_in(page, make_user("provider"))
    page.goto(path)
    assert_accessible(page)


def test_interest_sent_page_has_no_axe_violations(page, make_user, published_innovation,
                                                  assert_accessible):
    commissioner = make_user("commissioner")
    services.express_interest(published_innovation, "Could this run in Salford?",
                              "cara@salford.gov.uk", actor=commissioner)
    db.session.commit()
    sign_in(page, commissioner)
    page.goto("/innovations/interests")
    expect(page.get_by_role("heading", name="Interest sent")).to_be_visible()
    expect(page.get_by_text("Could this run in Salford?")).to_be_visible()
    assert_accessible(page)


def test_adoption_and_interest_forms_have_no_axe_violations(page, make_user, published_innovation,
                                                            assert_accessible):
    innovation = published_innovation
    sign_in(page, make_user("commissioner"))
    for action in ("interest", "adopt"):
        page.goto(f"/innovations/{innovation.id}/{action}")
        assert_accessible(page)
