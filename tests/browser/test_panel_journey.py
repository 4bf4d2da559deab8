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


def test_the_debrief_and_a_challenge(page, panel_of_three, assert_accessible):
    """After moderation the chair notifies the intention; the losing bidder reads its
    debrief and challenges; the chair's standstill page lists the open challenge."""
    from datetime import date

    from portal.bids import award
    from portal.extensions import db
    from tests.bids.panels import agree

    opportunity, (chair, colleague, officer), (bid_a, bid_b) = panel_of_three
    declare(opportunity, chair, colleague, officer)
    for bid in (bid_a, bid_b):
        for person in (chair, colleague, officer):
            score_own(bid, person, 3, 2)
        agree(bid, chair, 3 if bid is bid_a else 2, 2)
    award.notify_intention(opportunity, bid_a, starts_on=date(2027, 4, 1),
                           ends_on=date(2029, 3, 31), standstill_days=10,
                           advantages="A stronger employer network.", actor=chair)
    db.session.commit()
    loser = bid_b.organisation.members[0]

    sign_in(page, loser)
    page.goto(f"/bids/{bid_b.reference}")
    expect(page.get_by_role("heading", name="Intention to award")).to_be_visible()
    assert_accessible(page)  # the debrief, with the challenge form
    page.get_by_label("Challenge the intended award").fill("The quality score ignores our plan.")
    page.get_by_role("button", name="Raise the challenge").click()
    expect(page.get_by_text("Waiting for an answer")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, chair)
    page.goto(f"/bids/award/{opportunity.id}")
    expect(page.get_by_text("The quality score ignores our plan.")).to_be_visible()
    assert_accessible(page)  # the standstill page
