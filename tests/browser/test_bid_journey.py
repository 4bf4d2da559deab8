"""A provider drafts, submits, amends, withdraws and resubmits; after the deadline the
commissioner scores two bids, notifies the intention to award and confirms it after the
standstill; the losing provider sees its debrief. In headless
Chromium, with axe-core on the bid form (with its live word count), the check-your-answers
page, the evaluation page and the award notice."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.support import sign_in

pytestmark = pytest.mark.browser


def _fill_bid(page, opportunity, price):
    page.get_by_label("Your price for the whole contract (£)").fill(price)
    for criterion in opportunity.criteria:
        if criterion.kind != "price":
            page.locator(f"#response-{criterion.id}").fill("Weekly coaching for every person.")
    for clause in opportunity.social_clauses:
        page.locator(f"#commitment-{clause.id}").fill("3")
    for target in opportunity.indicators:
        page.locator(f"#improvement-{target.id}").fill("66")
        page.locator(f"#people-{target.id}").fill("120")


def _check_and_submit(page, continue_button, submit_button, check_accessible=None):
    """The bid form, then the check page, then the submission from it."""
    page.get_by_role("button", name=continue_button).click()
    expect(page.get_by_role("heading", name="Check your answers before submitting")).to_be_visible()
    if check_accessible:
        check_accessible(page)
    page.get_by_role("button", name=submit_button).click()


def test_bid_lifecycle_evaluation_and_award(browser, live_server, page, make_user,
                                            make_opportunity, commissioner, submit_bid,
                                            assert_accessible, clock):
    opportunity = make_opportunity("open", title="Coaching care leavers into work")
    rival = make_user("provider", email="rival@example.org")
    submit_bid(opportunity, rival, price="150000")
    provider = make_user("provider")

    sign_in(page, provider)
    page.goto(f"/opportunities/{opportunity.id}")
    page.get_by_role("button", name="Start a bid").click()
    expect(page.get_by_text("Draft: not submitted")).to_be_visible()
    assert_accessible(page)  # the bid form
    page.get_by_label("Your price for the whole contract (£)").fill("190000")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Your draft is saved")).to_be_visible()

    page.get_by_role("button", name="Save and check your bid").click()
    expect(page.get_by_role("heading", name="Check your answers before submitting")).to_be_visible()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.get_by_role("button", name="Submit bid")).to_have_count(0)
    assert_accessible(page)  # the check page listing what is missing
    target = opportunity.indicators[0]
    page.locator(".govuk-error-summary").get_by_role(
        "link", name=f"Enter the result you expect for {target.indicator_code}").click()
    expect(page.locator(f"#improvement-{target.id}")).to_be_visible()
    assert page.url.endswith(f"#improvement-{target.id}")

    quality = opportunity.criteria[0]
    page.locator(f"#response-{quality.id}").fill("word " * 501)
    expect(page.locator(".govuk-character-count__status").first).to_have_text(
        "You have 1 word too many")
    assert_accessible(page)  # the bid form with an answer over its limit
    _fill_bid(page, opportunity, "190000")
    expect(page.locator(".govuk-character-count__status").first).to_have_text(
        f"You have {quality.word_limit - 5:,} words remaining")
    _check_and_submit(page, "Save and check your bid", "Submit bid", assert_accessible)
    expect(page.get_by_text("Your bid is submitted.")).to_be_visible()
    expect(page.get_by_text("Version 1 was submitted")).to_be_visible()

    page.get_by_label("Your price for the whole contract (£)").fill("180000")
    _check_and_submit(page, "Save and check your amendment", "Submit amendment")
    expect(page.get_by_text("Version 2 was submitted")).to_be_visible()

    page.get_by_role("button", name="Withdraw bid").click()
    expect(page.get_by_text("Your bid is withdrawn.")).to_be_visible()
    _check_and_submit(page, "Save and check your bid", "Submit bid")
    expect(page.get_by_text("Version 3 was submitted")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    clock.set(opportunity.closes_at + timedelta(minutes=5))
    sign_in(page, commissioner)
    page.goto(f"/bids/received/{opportunity.id}")
    expect(page.get_by_text("2 bids received")).to_be_visible()
    for organisation, quality, social in ((provider.organisation.name, "4", "3"),
                                          (rival.organisation.name, "2", "2")):
        page.get_by_role("link", name=organisation).click()
        quality_id, _, social_id = (c.id for c in opportunity.criteria)
        page.locator(f"#score-{quality_id}-{quality}").check()
        page.locator(f"#score-{social_id}-{social}").check()
        page.get_by_label("Feedback to the bidder").fill(f"Feedback for {organisation}.")
        assert_accessible(page)  # the evaluation page
        page.get_by_role("button", name="Save scores").click()
        expect(page.get_by_text("Scores saved.")).to_be_visible()
    page.get_by_role("link", name="Notify intention to award").click()
    page.get_by_label(f"{provider.organisation.name}:", exact=False).check()
    page.get_by_label("Contract start date").fill("2027-04-01")
    page.get_by_label("Contract end date").fill("2029-03-31")
    page.get_by_label("Relative advantages of the winning bid").fill("A stronger model.")
    page.get_by_role("button", name="Notify intention to award").click()
    expect(page.get_by_text("The standstill has started.")).to_be_visible()
    clock.advance(timedelta(days=10))
    page.reload()
    page.get_by_role("button", name="Confirm the award").click()
    expect(page.get_by_role("heading", name="Coaching care leavers into work")).to_be_visible()
    expect(page.get_by_text("Awarded to")).to_be_visible()
    assert_accessible(page)  # the award notice
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, rival)
    page.goto("/bids/")
    page.get_by_role("link", name="Coaching care leavers into work").click()
    expect(page.get_by_role("heading", name="Outcome of the evaluation")).to_be_visible()
    expect(page.get_by_text(f"Feedback for {rival.organisation.name}.")).to_be_visible()
    expect(page.get_by_text(f"Feedback for {provider.organisation.name}.")).to_have_count(0)
    expect(page.get_by_text("ranked")).to_contain_text("2 of 2")
