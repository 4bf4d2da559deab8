"""An evaluation panel in headless Chromium: a member declares a conflict at first look,
scores alone, and the chair moderates with the spread in view. axe-core on the panel page,
the declaration and the moderation page."""

import pytest
from playwright.sync_api import expect

from tests.bids.panels import declare, score_own
from tests.browser.support import sign_in

pytestmark = pytest.mark.browser


def test_declaration_scoring_and_moderation(page, panel_of_three, assert_accessible):
    opportunity, (chair, colleague, officer), (bid_a, bid_b) = panel_of_three
    declare(opportunity, chair, colleague)
    score_own(bid_a, colleague, 4, 2, comment="Strong plan")

    sign_in(page, officer)
    page.goto(f"/bids/received/{opportunity.id}")
    expect(page.get_by_role("heading", name="Declare conflicts of interest")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("checkbox", name="Second Chance").check()
    page.get_by_label("If so, what is the conflict with Second Chance?").fill("I am a trustee")
    page.get_by_role("button", name="Confirm my declaration").click()
    expect(page.get_by_text("you declared a conflict of interest")).to_be_visible()
    page.get_by_role("link", name="Brightside").click()
    expect(page.get_by_text("Strong plan")).to_have_count(0)
    quality, _price, social = opportunity.criteria
    page.locator(f"#score-{quality.id}-1").check()
    page.locator(f"#score-{social.id}-3").check()
    page.get_by_role("button", name="Submit your scores").click()
    expect(page.get_by_text("Your scores are submitted")).to_be_visible()

    score_own(bid_a, chair, 3, 2)
    page.context.clear_cookies()
    sign_in(page, chair)
    page.goto(f"/bids/panel/{opportunity.id}")
    expect(page.get_by_text("is excluded from the bid by Second Chance")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/bids/received/{opportunity.id}/{bid_a.reference}/moderate")
    expect(page.get_by_text("Scores differ by 3")).to_be_visible()
    assert_accessible(page)
    page.locator(f"#score-{quality.id}-3").check()
    page.locator(f"#comment-{quality.id}").fill("Agreed after discussion")
    page.locator(f"#score-{social.id}-2").check()
    page.locator(f"#comment-{social.id}").fill("Agreed")
    page.get_by_role("button", name="Save the consensus").click()
    expect(page.get_by_text("Consensus scores saved")).to_be_visible()
