"""The opportunity pages as users meet them: forms, bad input, drafts kept private."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal import clock as portal_clock
from portal.extensions import db
from portal.models import Opportunity
from tests.bids.helpers import award_after_standstill
from tests.conftest import csrf_token

SECTIONS = ["overview", "contract", "dates", "indicators", "criteria", "social-clauses"]


def _post(client, path, data):
    return client.post(path, data={"csrf_token": csrf_token(client, path), **data})


def test_commissioner_creates_a_draft(client, auth, commissioner):
    auth.login(commissioner)
    response = _post(client, "/opportunities/new", {"title": "Floating support",
                                                    "summary": "Help to keep a home."})
    assert response.status_code == 303
    opportunity = db.session.scalar(select(Opportunity))
    assert (opportunity.title, opportunity.status) == ("Floating support", "draft")


@pytest.mark.parametrize("section", SECTIONS)
def test_every_section_posted_empty_explains_and_saves_nothing(
        client, auth, commissioner, make_opportunity, section):
    opportunity = make_opportunity("draft")
    before = (opportunity.title, opportunity.value_min, len(opportunity.criteria),
              len(opportunity.indicators), len(opportunity.social_clauses), opportunity.closes_at)
    auth.login(commissioner)
    response = _post(client, f"/opportunities/{opportunity.id}/edit/{section}", {})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in body
    db.session.expire_all()
    opportunity = db.session.get(Opportunity, opportunity.id)
    assert before == (opportunity.title, opportunity.value_min, len(opportunity.criteria),
                      len(opportunity.indicators), len(opportunity.social_clauses),
                      opportunity.closes_at)


def test_new_opportunity_posted_empty_shows_the_error_summary(client, auth, commissioner):
    auth.login(commissioner)
    response = _post(client, "/opportunities/new", {})
    assert response.status_code == 400
    assert "Enter a title" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Opportunity)) == 0


def test_ten_thousand_characters_get_a_message_and_keep_other_input(
        client, auth, commissioner, make_opportunity):
    opportunity = make_opportunity("draft")
    auth.login(commissioner)
    response = _post(client, f"/opportunities/{opportunity.id}/edit/overview", {
        "title": "x" * 10_000, "summary": "Kept summary", "specification": "Kept spec"})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Title must be 200 characters or fewer" in body
    assert "Kept summary" in body and "Kept spec" in body


def test_html_and_script_are_rendered_inert(client, auth, commissioner, make_opportunity):
    opportunity = make_opportunity("open")
    opportunity.title = '<script>alert("t")</script>'
    opportunity.summary = '<img src=x onerror=alert(1)>'
    opportunity.specification = ('<script>alert("s")</script>\n\n[click](javascript:alert(1))'
                                 '\n\n<b onclick="x()">bold</b>')
    db.session.commit()
    body = client.get(f"/opportunities/{opportunity.id}").get_data(as_text=True)
    assert "<script>alert" not in body
    assert "<img src=x" not in body
    assert "href=\"javascript:" not in body
    assert '<b onclick' not in body
    assert "&lt;script&gt;alert" in body


def test_value_range_with_minimum_over_maximum_is_refused(
        client, auth, commissioner, make_opportunity):
    opportunity = make_opportunity("draft")
    auth.login(commissioner)
    response = _post(client, f"/opportunities/{opportunity.id}/edit/contract", {
        "value_min": "300000", "value_max": "200000", "duration_months": "12"})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Minimum value must be the same as or less than the maximum value" in body
    assert 'value="300000"' in body


def test_amounts_may_be_written_with_commas(client, auth, commissioner, make_opportunity):
    opportunity = make_opportunity("draft")
    auth.login(commissioner)
    response = _post(client, f"/opportunities/{opportunity.id}/edit/contract", {
        "value_min": "150,000", "value_max": " 250,000 ", "duration_months": "24"})
    assert response.status_code == 303
    db.session.expire_all()
    assert (opportunity.value_min, opportunity.value_max) == (150_000, 250_000)


def test_deadline_in_the_past_is_refused(client, auth, commissioner, make_opportunity):
    opportunity = make_opportunity("draft")
    auth.login(commissioner)
    past = portal_clock.now() - timedelta(days=3)
    response = _post(client, f"/opportunities/{opportunity.id}/edit/dates", {
        "questions_close_at-day": "1", "questions_close_at-month": "1",
        "questions_close_at-year": str(past.year - 1), "questions_close_at-time": "12:00",
        "closes_at-day": str(past.day), "closes_at-month": str(past.month),
        "closes_at-year": str(past.year), "closes_at-time": "17:00"})
    assert response.status_code == 400
    assert "The deadline for bids must be in the future" in response.get_data(as_text=True)


def test_impossible_date_is_explained(client, auth, commissioner, make_opportunity):
    opportunity = make_opportunity("draft")
    auth.login(commissioner)
    response = _post(client, f"/opportunities/{opportunity.id}/edit/dates", {
        "questions_close_at-day": "31", "questions_close_at-month": "2",
        "questions_close_at-year": "2030", "questions_close_at-time": "noon",
        "closes_at-day": "1", "closes_at-month": "3", "closes_at-year": "2030",
        "closes_at-time": "25:00"})
    body = response.get_data(as_text=True)
    assert "must be a real date" in body
    assert "Enter the time for deadline for bids, like 17:00" in body
    assert 'value="31"' in body


@pytest.mark.parametrize("year", ["99999999999999999999", "1e400", "-1", "\x00"])
def test_a_year_no_calendar_holds_is_explained_and_keeps_the_input(
        client, auth, commissioner, make_opportunity, year):
    opportunity = make_opportunity("draft")
    auth.login(commissioner)
    response = _post(client, f"/opportunities/{opportunity.id}/edit/dates", {
        "questions_close_at-day": "1", "questions_close_at-month": "3",
        "questions_close_at-year": "2030", "questions_close_at-time": "12:00",
        "closes_at-day": "31", "closes_at-month": "3", "closes_at-year": year,
        "closes_at-time": "17:00"})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Deadline for bids must be a real date, like 31 3 2009" in body
    assert 'value="2030"' in body and 'value="17:00"' in body


@pytest.mark.parametrize(("section", "field", "message"), [
    ("contract", "value_min", "Enter the minimum value in pounds, like 150000"),
    ("contract", "duration_months", "Enter the duration in months, like 24"),
    ("indicators", "baseline_pct", "Enter where it is now as a percentage, like 62.5"),
    ("indicators", "cohort_size", "Enter the number of people as a whole number, like 120"),
    ("criteria", "weight", "Enter the weight as a whole number from 1 to 100, like 20"),
    ("social-clauses", "minimum", "Enter the minimum as a number, like 5"),
])
@pytest.mark.parametrize("typed", ["a lot", "sNaN", "99999999999999999999"])
def test_a_number_field_given_something_else_says_what_to_type(
        client, auth, commissioner, make_opportunity, section, field, message, typed):
    opportunity = make_opportunity("draft")
    auth.login(commissioner)
    response = _post(client, f"/opportunities/{opportunity.id}/edit/{section}", {field: typed})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in body
    assert "Not a valid" not in body and "Number must be" not in body


def test_publishing_an_incomplete_draft_lists_what_is_missing(client, auth, commissioner):
    auth.login(commissioner)
    _post(client, "/opportunities/new", {"title": "Thin", "summary": "Thin."})
    opportunity = db.session.scalar(select(Opportunity))
    response = _post(client, f"/opportunities/{opportunity.id}/publish", {})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in body
    assert "Add at least one National Indicator" in body
    assert "Enter the deadline for bids" in body


def _task_statuses(body: str) -> dict[str, str]:
    """Each task list section's name and status, as the page shows them."""
    rows = re.findall(r'task-list__link"[^>]*>([^<]+)</a>|<div>([^<]+)</div>', body)
    statuses = re.findall(r'govuk-task-list__status[^>]*>\s*(.*?)\s*</div>', body, re.S)
    names = [link or text for link, text in rows]
    return dict(zip(names, [re.sub(r"<[^>]+>", "", s) for s in statuses], strict=True))


def test_a_publish_refused_for_verification_shows_the_draft_as_it_is(
        client, auth, make_user):
    """The refusal is about the organisation; the task list still judges each section by
    its own fields, exactly as the task list page does."""
    commissioner = make_user("commissioner", org_status="pending")
    auth.login(commissioner)
    _post(client, "/opportunities/new", {"title": "Empty", "summary": "Nothing yet."})
    opportunity = db.session.scalar(select(Opportunity))
    task_list = _task_statuses(client.get(f"/opportunities/{opportunity.id}/edit").get_data(
        as_text=True))
    response = _post(client, f"/opportunities/{opportunity.id}/publish", {})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "must be verified by our staff before it can publish" in body
    assert "Enter the deadline for bids" in body  # the check page still names the gaps
    after = client.get(f"/opportunities/{opportunity.id}/edit").get_data(as_text=True)
    assert _task_statuses(after) == task_list
    assert "Completed" not in task_list.values()
    assert task_list["Deadlines"] == "Incomplete"


def test_optional_sections_say_so_until_something_is_in_them(
        client, auth, commissioner, make_opportunity):
    empty = make_opportunity("draft", title="No clauses", social_clauses=[])
    auth.login(commissioner)
    statuses = _task_statuses(client.get(f"/opportunities/{empty.id}/edit").get_data(
        as_text=True))
    assert statuses["Social clauses"] == "Optional"
    assert statuses["Documents"] == "Optional"
    assert statuses["Deadlines"] == "Completed"
    full = make_opportunity("draft", title="With clauses")
    statuses = _task_statuses(client.get(f"/opportunities/{full.id}/edit").get_data(
        as_text=True))
    assert statuses["Social clauses"] == "Completed"


def test_drafts_are_hidden_from_the_public_by_every_route(client, make_opportunity):
    draft = make_opportunity("draft", title="Secret draft service")
    assert client.get(f"/opportunities/{draft.id}").status_code == 404
    assert "Secret draft service" not in client.get("/opportunities/").get_data(as_text=True)
    assert client.get(f"/api/v1/opportunities/{draft.id}").status_code == 404
    assert "Secret draft service" not in client.get("/api/v1/opportunities").get_data(
        as_text=True)


def test_drafts_are_hidden_from_other_commissioners(client, auth, make_user, make_opportunity):
    draft = make_opportunity("draft")
    auth.login(make_user("commissioner"))
    assert client.get(f"/opportunities/{draft.id}").status_code == 404
    assert client.get(f"/opportunities/{draft.id}/edit").status_code == 404


def test_owner_previews_a_draft(client, auth, commissioner, make_opportunity):
    draft = make_opportunity("draft")
    auth.login(commissioner)
    body = client.get(f"/opportunities/{draft.id}").get_data(as_text=True)
    assert "This is a draft" in body


def test_closed_opportunity_shows_closed_everywhere(client, make_opportunity, clock):
    opportunity = make_opportunity("open")
    clock.set(opportunity.closes_at + timedelta(seconds=1))
    assert "Closed" in client.get(f"/opportunities/{opportunity.id}").get_data(as_text=True)
    assert client.get(f"/api/v1/opportunities/{opportunity.id}").get_json()["status"] == "closed"
    listed = client.get("/api/v1/opportunities?status=closed").get_json()
    assert [r["id"] for r in listed["data"]] == [opportunity.id]
    assert client.get("/api/v1/opportunities?status=open").get_json()["meta"]["total"] == 0


def test_dashboard_counts_questions_awaiting_an_answer(
        client, auth, commissioner, make_opportunity, make_user):
    from portal.opportunities import questions

    opportunity = make_opportunity("open", title="Counting questions")
    questions.ask(opportunity, "One?", actor=make_user("provider"))
    questions.ask(opportunity, "Two?", actor=make_user("provider"))
    db.session.commit()
    auth.login(commissioner)
    body = client.get("/dashboard").get_data(as_text=True)
    assert "Counting questions" in body
    assert "2<span class=\"govuk-visually-hidden\"> questions to answer" in body


def _questions_links(body: str) -> list[str]:
    return re.findall(r'href="(/opportunities/\d+/questions)"', body)


@pytest.mark.parametrize("ending", ["closed", "awarded", "cancelled", "not awarded"])
def test_dashboard_links_to_questions_only_while_they_can_be_answered(
        client, auth, commissioner, make_opportunity, make_user, submit_bid, clock, ending):
    """The count and its link follow can_answer_questions, so no link leads to a 403."""
    from datetime import date

    from portal.bids import evaluation
    from portal.opportunities import questions, services

    opportunity = make_opportunity("open", title="Questions left over")
    questions.ask(opportunity, "One?", actor=make_user("provider"))
    questions.ask(opportunity, "Two?", actor=make_user("provider"))
    bid = submit_bid(opportunity, make_user("provider"))
    clock.set(opportunity.closes_at + timedelta(minutes=1))
    if ending == "awarded":
        q, _p, s = opportunity.criteria
        evaluation.save_scores(bid, {q.id: (3, ""), s.id: (3, "")}, "", actor=commissioner)
        award_after_standstill(opportunity, bid, starts_on=date(2027, 4, 1),
                               ends_on=date(2028, 3, 31), actor=commissioner)
    elif ending == "cancelled":
        services.cancel(opportunity, "Funding withdrawn", actor=commissioner)
    elif ending == "not awarded":
        services.mark_not_awarded(opportunity, "No bid met the bar", actor=commissioner)
    db.session.commit()
    auth.login(commissioner)
    body = client.get("/dashboard").get_data(as_text=True)
    links = _questions_links(body)
    if ending == "closed":
        assert links == [f"/opportunities/{opportunity.id}/questions"]
        assert "2<span class=\"govuk-visually-hidden\"> questions to answer" in body
    else:
        assert links == [] and "questions to answer" not in body
    for link in links:
        assert client.get(link).status_code == 200


def test_dashboard_counts_bids_only_after_closing(
        client, auth, commissioner, make_opportunity, make_user, submit_bid, clock):
    opportunity = make_opportunity("open", title="Counting bids")
    submit_bid(opportunity, make_user("provider"))
    auth.login(commissioner)
    assert "bids received for Counting bids" not in client.get("/dashboard").get_data(
        as_text=True)
    clock.set(opportunity.closes_at + timedelta(seconds=1))
    body = client.get("/dashboard").get_data(as_text=True)
    assert '1<span class="govuk-visually-hidden"> bids received for Counting bids' in body


def test_cancelling_through_the_page_needs_a_reason_and_shows_it(
        client, auth, commissioner, make_opportunity):
    opportunity = make_opportunity("open")
    auth.login(commissioner)
    page = f"/opportunities/{opportunity.id}/cancel"
    assert _post(client, page, {"reason": ""}).status_code == 400
    response = _post(client, page, {"reason": "Funding withdrawn by the PCT"})
    assert response.headers["Location"] == f"/opportunities/{opportunity.id}"
    body = client.get(f"/opportunities/{opportunity.id}").get_data(as_text=True)
    assert "Funding withdrawn by the PCT" in body
