"""A commissioner publishes, a provider finds it and asks, the commissioner answers,
the public reads the answer: in headless Chromium, with axe-core on each kind of page."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from portal import clock
from tests.browser.support import sign_in

pytestmark = pytest.mark.browser


def _fill_date(page, legend, when):
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(when.day))
    group.get_by_label("Month").fill(str(when.month))
    group.get_by_label("Year").fill(str(when.year))
    group.get_by_label("Time (24-hour)").fill("17:00")


def _add_criterion(page, kind, name, weight, question=None):
    page.get_by_label("Kind").select_option(kind)
    page.get_by_label("Name").fill(name)
    if question:
        page.get_by_label("Question bidders answer").fill(question)
        page.get_by_label("Word limit for the answer").fill("500")
    page.get_by_label("Weight (%)").fill(str(weight))
    page.get_by_role("button", name="Add criterion").click()
    expect(page.get_by_text("Criterion added.")).to_be_visible()
    page.get_by_role("link", name="Evaluation criteria and weights").click()
    expect(page.get_by_role("heading", name="Evaluation criteria and weights",
                            level=1)).to_be_visible()


def _add_clause(page, clause, requirement, unit, minimum):
    page.get_by_label("Social clause").select_option(label=clause)
    page.get_by_label("Requirement").fill(requirement)
    page.get_by_label("Measured in").select_option(unit)
    page.get_by_label("Minimum").fill(minimum)
    page.get_by_role("button", name="Add social clause").click()
    expect(page.get_by_text("Social clause added.")).to_be_visible()


def _publish_opportunity(page, assert_accessible):
    page.goto("/opportunities/new")
    page.get_by_label("Title").fill("Mentoring care leavers into work")
    page.get_by_label("Summary").fill("Mentors for care leavers starting work or training.")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="Mentoring care leavers into work")).to_be_visible()
    assert_accessible(page)  # the task list

    page.get_by_role("link", name="Title, summary and specification").click()
    page.get_by_label("Full specification").fill("## Service\n\nOne mentor for each person.")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()

    page.get_by_role("link", name="Client groups, outcomes and local areas").click()
    page.get_by_label("Care leavers").check()
    page.get_by_label("Employment, education or training").check()
    page.locator("summary", has_text="North West").click()
    page.get_by_label("Manchester", exact=True).check()
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()

    page.get_by_role("link", name="National Indicators and improvement sought").click()
    page.get_by_label("National Indicator").select_option("NI 148")
    page.get_by_label("Where it is now (%)").fill("58")
    page.get_by_label("Where you want it to be (%)").fill("65")
    page.get_by_label("About how many people").fill("120")
    page.get_by_role("button", name="Add indicator").click()

    page.get_by_role("link", name="Contract value and duration").click()
    page.get_by_label("Minimum value (£)").fill("150000")
    page.get_by_label("Maximum value (£)").fill("210000")
    page.get_by_label("Duration (months)").fill("24")
    page.get_by_role("button", name="Save").click()

    page.get_by_role("link", name="Deadlines").click()
    now = clock.now()
    _fill_date(page, "Deadline for clarification questions", now + timedelta(days=10))
    _fill_date(page, "Deadline for bids", now + timedelta(days=20))
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()

    page.get_by_role("link", name="Evaluation criteria and weights").click()
    _add_criterion(page, "quality", "Mentoring model", 60, "How will mentors be matched?")
    _add_criterion(page, "price", "Price", 25)
    _add_criterion(page, "social-value", "Social value", 15, "What local value will you add?")
    assert_accessible(page)
    page.get_by_role("link", name="Back to the task list").click()

    page.get_by_role("link", name="Social clauses").click()
    _add_clause(page, "Targeted recruitment and training", "Recruit care leavers as mentors.",
                "people", "2")
    page.get_by_role("link", name="Social clauses").click()
    _add_clause(page, "Volunteering hours", "Staff volunteer with local groups.", "hours",
                "100")
    page.get_by_role("button", name="Check and publish").click()
    expect(page.get_by_role("heading", name="Check your answers before publishing")).to_be_visible()
    assert_accessible(page)  # the check page
    page.get_by_role("link", name="Change deadlines").click()
    expect(page.get_by_role("heading", name="Deadlines", level=1)).to_be_visible()
    page.get_by_role("link", name="Back to the task list").click()
    page.get_by_role("button", name="Check and publish").click()
    page.get_by_role("button", name="Publish opportunity").click()
    expect(page.get_by_text("The opportunity is published.")).to_be_visible()
    return page.url


def test_publish_find_ask_answer_and_read(browser, live_server, page, make_user,
                                          assert_accessible):
    commissioner = make_user("commissioner")
    provider = make_user("provider")
    sign_in(page, commissioner)
    detail_url = _publish_opportunity(page, assert_accessible)

    provider_context = browser.new_context(base_url=live_server.url)
    provider_page = provider_context.new_page()
    sign_in(provider_page, provider)
    provider_page.goto("/opportunities/")
    provider_page.get_by_label("Care leavers").check()
    provider_page.get_by_label("North West").check()
    provider_page.get_by_role("button", name="Apply filters").click()
    expect(provider_page.get_by_text("1 opportunity")).to_be_visible()
    assert "client_group=care-leavers" in provider_page.url
    assert_accessible(provider_page)
    # Keywords, with the filters still applied (through the search service, stemmed).
    provider_page.get_by_label("Keywords").fill("tenancy")
    provider_page.get_by_role("button", name="Apply filters").click()
    expect(provider_page.get_by_text("0 opportunities matching “tenancy”")).to_be_visible()
    assert_accessible(provider_page)
    provider_page.get_by_label("Keywords").fill("mentor")
    provider_page.get_by_label("Keywords").press("Enter")  # by keyboard
    expect(provider_page.get_by_text("1 opportunity matching “mentor”")).to_be_visible()
    assert "q=mentor" in provider_page.url and "client_group=care-leavers" in provider_page.url
    expect(provider_page.locator("#sort option:checked")).to_have_text("Relevance")
    assert_accessible(provider_page)
    provider_page.get_by_role("link", name="Mentoring care leavers into work").click()
    provider_page.get_by_label("Your question").fill("Can mentors be volunteers?")
    provider_page.get_by_role("button", name="Send question").click()
    expect(provider_page.get_by_text("Your question has been sent")).to_be_visible()
    provider_context.close()

    page.goto(detail_url)
    page.get_by_role("link", name="Answer questions").click()
    page.get_by_label("Answer").fill("Yes, if they are trained and supervised.")
    assert_accessible(page)
    page.get_by_role("button", name="Publish answer").click()
    expect(page.get_by_text("Your answer is published.")).to_be_visible()

    public = browser.new_context(base_url=live_server.url).new_page()
    public.goto(detail_url)
    expect(public.get_by_text("Can mentors be volunteers?")).to_be_visible()
    expect(public.get_by_text("Yes, if they are trained and supervised.")).to_be_visible()
    expect(public.get_by_text(provider.name)).to_have_count(0)
    expect(public.get_by_text(provider.organisation.name)).to_have_count(0)
    expect(public.get_by_text(re.compile(r"Closes in (19|20) days"))).to_be_visible()
    assert_accessible(public)
    public.context.close()


def test_an_amendment_reads_as_a_difference_by_keyboard_and_screen_reader(
        page, make_opportunity, commissioner, assert_accessible, tmp_path):
    """The amendment an email links to: its fragment lands on it, the changed words are
    marked in text (not only colour), and axe finds nothing wrong."""
    from portal.extensions import db
    from portal.opportunities import services

    specification = "\n\n".join(f"Paragraph {n} of the service." for n in range(1, 8))
    opportunity = make_opportunity("open", specification=specification + "\n\nMentors meet "
                                   "each care leaver once a fortnight.")
    services.update_overview(
        opportunity, title="Mentoring care leavers into work", summary=opportunity.summary,
        specification=specification + "\n\nMentors meet each care leaver once a week.\n\n"
        "A named mentor covers holidays.", reason="Mentoring was too thin", actor=commissioner)
    db.session.commit()
    [amendment] = opportunity.amendments
    page.goto(f"/opportunities/{opportunity.id}#amendment-{amendment.id}")
    section = page.locator(f"#amendment-{amendment.id}")
    expect(section.get_by_role("heading", name="Specification")).to_be_visible()
    expect(section.locator("del", has_text="fortnight")).to_have_css(
        "text-decoration-line", "line-through")
    expect(section.locator("ins", has_text="week")).to_have_css(
        "text-decoration-line", "underline")
    expect(section.get_by_text("[removed: ")).to_have_count(2)  # title and specification
    expect(section.get_by_text("Added line 17")).to_be_visible()
    expect(section.get_by_text("Added line 16")).to_have_count(0)  # a blank line
    expect(section.get_by_text("A named mentor covers holidays.")).to_be_visible()
    assert page.evaluate("window.scrollY") > 0  # the fragment took the reader to it
    page.screenshot(path=str(tmp_path / "amendment.png"), full_page=True)
    assert_accessible(page)
