"""Guidance in headless Chromium: staff write, publish and revise a page and read its
history; a commissioner fills a social clause from the model wording with one button; the
public index and pages (tables and model wording included) pass axe-core."""

import pytest
from playwright.sync_api import expect

from portal.guidance import demo_pages, services
from portal.permissions import COMMAND_LINE
from tests.browser.support import sign_in
from tests.guidance.factories import published_page

pytestmark = pytest.mark.browser


def _publish_demo_pages(*titles):
    """The demo's own pages with these titles, published."""
    from portal import clock
    from portal.extensions import db

    made = []
    for title, audiences, summary, body, model in demo_pages.PAGES:
        if title in titles:
            content = demo_pages.page_content(title, audiences, summary, body, model)
            page = services.create_page(content, actor=COMMAND_LINE)
            services.publish(page, reviewed_on=clock.uk_today(), change_note="",
                             actor=COMMAND_LINE)
            made.append(page)
    db.session.commit()
    return made


@pytest.mark.parametrize("path", [
    "/guidance/", "/guidance/about-the-psa-for-socially-excluded-adults",
    "/guidance/model-wording-apprenticeships-or-work-placements"])
def test_public_guidance_pages_have_no_axe_violations(page, assert_accessible, path):
    _publish_demo_pages("About the PSA for socially excluded adults",
                        "Model wording: apprenticeships or work placements")
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)


def test_staff_write_publish_and_revise_a_page(page, assert_accessible, make_user):
    sign_in(page, make_user("admin"))
    page.goto("/guidance/manage")
    page.get_by_role("button", name="Write a new page").click()
    page.get_by_role("button", name="Save the draft").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a title")
    assert_accessible(page)

    page.get_by_label("Title").fill("Grant or contract?")
    page.get_by_label("Page text").fill("## Grants\n\nA grant funds work the organisation chose.")
    page.get_by_label("Commissioners").check()
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_text("Only site staff can see this page")).to_be_visible()

    page.get_by_role("link", name="Publish").click()
    assert_accessible(page)
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Version 1 is published.")).to_be_visible()

    page.get_by_role("link", name="Edit the draft").click()
    page.get_by_label("Page text").fill("## Grants\n\nA grant funds work the group chose.")
    page.get_by_role("button", name="Save the draft").click()
    page.get_by_label("What changed").fill("Plainer words")
    page.get_by_role("button", name="Publish").click()
    page.get_by_role("link", name="History (2 versions)").click()
    expect(page.get_by_role("cell", name="Plainer words")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Version 1").click()
    expect(page.get_by_text("work the organisation chose")).to_be_visible()


def test_a_commissioner_fills_a_social_clause_from_the_model_in_one_click(
        page, assert_accessible, commissioner, make_opportunity):
    _publish_demo_pages("Model wording: apprenticeships or work placements")
    published_page(title="Model social clause wording")
    opportunity = make_opportunity("draft")
    sign_in(page, commissioner)
    page.goto(f"/opportunities/{opportunity.id}/edit/social-clauses")
    assert_accessible(page)
    page.get_by_role("button", name="Use the model wording for apprenticeships").click()
    expect(page.get_by_label("Social clause")).to_have_value("apprenticeships")
    expect(page.get_by_label("Requirement")).to_contain_text("Create apprenticeships")
    expect(page.get_by_label("Measured in")).to_have_value("people")
    expect(page.get_by_label("Minimum")).to_have_value("2.00")
    page.get_by_role("button", name="Add social clause").click()
    expect(page.get_by_text("Social clause added.")).to_be_visible()
