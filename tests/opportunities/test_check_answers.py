"""Check your answers before publishing an opportunity (GOV.UK pattern). The rules stay in
services.publish_problems and services.publish."""

import re

from portal.extensions import db
from portal.models import Opportunity, OpportunityAttachment
from portal.opportunities import services
from tests.conftest import csrf_token

SECTION_PAGES = ["overview", "scope", "indicators", "contract", "dates", "criteria",
                 "social-clauses", "attachments"]


def _check(client, opportunity):
    return client.get(f"/opportunities/{opportunity.id}/publish")


def test_the_task_list_leads_to_the_check_page_not_straight_to_publishing(
        client, auth, commissioner, make_opportunity):
    draft = make_opportunity("draft")
    auth.login(commissioner)
    body = client.get(f"/opportunities/{draft.id}/edit").get_data(as_text=True)
    assert f'href="/opportunities/{draft.id}/publish"' in body
    assert f'action="/opportunities/{draft.id}/publish"' not in body


def test_check_page_shows_every_section_with_a_change_link(client, auth, commissioner,
                                                          make_opportunity):
    draft = make_opportunity("draft")
    draft.attachments.append(OpportunityAttachment(
        stored_name="0" * 32 + ".pdf", filename="specification.pdf",
        content_type="application/pdf", size_bytes=9, uploaded_by_id=commissioner.id))
    db.session.commit()
    auth.login(commissioner)
    response = _check(client, draft)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Check your answers before publishing" in body
    for section in SECTION_PAGES:
        assert f'href="/opportunities/{draft.id}/edit/{section}"' in body, section
    for shown in ("Care leavers into work", "Job coaching for care leavers.", "Care leavers",
                  "Employment, education or training", "Manchester",
                  "NI 148 from 58% to 65% for a cohort of about 120", "£150,000 to £210,000",
                  "24 months", "Service model", "How will you help?", "500 words", "50%",
                  "Recruit two care leavers.", "At least 2 people", "specification.pdf"):
        assert shown in body, shown
    assert re.search(r'<button[^>]*type="submit"[^>]*>\s*Publish opportunity', body)
    assert "There is a problem" not in body


def test_check_page_of_an_incomplete_draft_lists_what_publishing_would_refuse(
        client, auth, commissioner):
    draft = services.create_draft("Thin", "Thin.", actor=commissioner)
    db.session.commit()
    auth.login(commissioner)
    body = _check(client, draft).get_data(as_text=True)
    problems = services.publish_problems(draft)
    summary = re.search(r'class="govuk-error-summary".*?</ul>', body, re.S).group(0)
    assert len(re.findall(r"<li>", summary)) == len(problems)
    for message in problems.values():
        assert message in summary
    assert (f'<a href="/opportunities/{draft.id}/edit/indicators">'
            f'{problems["indicators"]}</a>') in summary
    assert f'<a href="/opportunities/{draft.id}/edit/dates">{problems["closes_at"]}</a>' in (
        summary)
    assert "Publish opportunity" not in body


def test_publishing_from_the_check_page_publishes(client, auth, commissioner,
                                                  make_opportunity):
    draft = make_opportunity("draft")
    auth.login(commissioner)
    path = f"/opportunities/{draft.id}/publish"
    response = client.post(path, data={"csrf_token": csrf_token(client, path)})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Opportunity, draft.id).status == "open"


def test_an_unverified_body_sees_why_it_cannot_publish(client, auth, make_user,
                                                       make_opportunity):
    author = make_user("commissioner", org_status="pending")
    draft = make_opportunity("draft", owner=author)
    auth.login(author)
    body = _check(client, draft).get_data(as_text=True)
    assert "must be verified by our staff before it can publish" in body
    assert "Publish opportunity" not in body


def test_a_published_opportunity_has_no_check_page(client, auth, commissioner,
                                                   make_opportunity):
    opened = make_opportunity("open")
    auth.login(commissioner)
    response = _check(client, opened)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/opportunities/{opened.id}/edit"
