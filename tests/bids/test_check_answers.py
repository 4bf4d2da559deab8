"""Check your answers before submitting a bid (GOV.UK pattern), and the character count on
each answer. The submission rules stay in services.submission_problems."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.bids import services
from portal.extensions import db
from portal.models import Bid, BidAttachment, OutboundEmail
from tests.bids.helpers import complete_input
from tests.conftest import csrf_token
from tests.library.factories import published_entry


@pytest.fixture
def opportunity(make_opportunity):
    return make_opportunity("open")


@pytest.fixture
def provider(make_user):
    return make_user("provider")


@pytest.fixture
def draft(opportunity, provider):
    """A draft bid, started and committed, with nothing in it."""
    bid = services.start_bid(opportunity, actor=provider)
    db.session.commit()
    return bid


def _complete(bid, provider, **kwargs):
    entry = published_entry()
    data = complete_input(bid.opportunity, **kwargs)
    data.library_evidence = [entry.id]
    services.save_draft(bid, data, revision=bid.revision, actor=provider)
    bid.attachments.append(BidAttachment(stored_name="0" * 32 + ".pdf", filename="plan.pdf",
                                         content_type="application/pdf", size_bytes=9))
    db.session.commit()
    return entry


def test_continue_saves_the_draft_and_opens_the_check_page(client, auth, draft, provider):
    auth.login(provider)
    page = f"/bids/{draft.reference}"
    response = client.post(page, data={"csrf_token": csrf_token(client, page),
                                       "revision": str(draft.revision), "action": "check",
                                       "price": "175000"})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/bids/{draft.reference}/check"
    db.session.expire_all()
    assert (draft.status, str(draft.price)) == ("draft", "175000.00")


def test_the_bid_form_offers_no_way_round_the_check_page(client, auth, draft, provider):
    auth.login(provider)
    body = client.get(f"/bids/{draft.reference}").get_data(as_text=True)
    assert 'value="check"' in body and 'value="submit"' not in body


def test_check_page_shows_every_part_of_the_bid_with_change_links(client, auth, draft,
                                                                  provider):
    entry = _complete(draft, provider, answer="We coach every young person weekly.")
    auth.login(provider)
    body = client.get(f"/bids/{draft.reference}/check").get_data(as_text=True)
    assert "Check your answers before submitting your bid" in body
    opportunity = draft.opportunity
    quality, _price, social = opportunity.criteria
    clause, target = opportunity.social_clauses[0], opportunity.indicators[0]
    assert "£180,000" in body and body.count("We coach every young person weekly.") == 2
    assert "Targeted recruitment" in body and "2 people" in body
    assert "66%" in body and "120 people" in body
    assert entry.title in body and "plan.pdf" in body
    for anchor in ("price", f"response-{quality.id}", f"response-{social.id}",
                   f"commitment-{clause.id}", f"improvement-{target.id}", "evidence",
                   "document"):
        assert f'href="/bids/{draft.reference}#{anchor}"' in body, anchor
    assert re.search(r'<button[^>]*type="submit"[^>]*>\s*Submit bid', body)


def test_check_page_of_an_incomplete_bid_lists_what_the_service_would_refuse(
        client, auth, draft, provider):
    auth.login(provider)
    body = client.get(f"/bids/{draft.reference}/check").get_data(as_text=True)
    problems = services.submission_problems(draft)
    assert len(problems) == 5
    summary = re.search(r'class="govuk-error-summary".*?</ul>', body, re.S).group(0)
    for field, message in problems.items():
        assert f'<a href="/bids/{draft.reference}#{field}">{message}</a>' in summary
    assert "Submit bid" not in body


def test_submitting_from_the_check_page_submits_the_saved_answers(client, auth, draft,
                                                                  provider):
    _complete(draft, provider)
    auth.login(provider)
    check = f"/bids/{draft.reference}/check"
    response = client.post(check, data={"csrf_token": csrf_token(client, check),
                                        "revision": str(draft.revision)})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/bids/{draft.reference}"
    db.session.expire_all()
    bid = db.session.get(Bid, draft.id)
    assert (bid.status, len(bid.versions)) == ("submitted", 1)
    assert bid.current_version.content["attachments"] == [bid.attachments[0].id]
    assert db.session.scalar(select(func.count()).select_from(OutboundEmail)) == 1


def test_a_check_page_left_open_while_a_colleague_edits_cannot_submit(
        client, auth, draft, provider, make_user):
    _complete(draft, provider)
    auth.login(provider)
    check = f"/bids/{draft.reference}/check"
    token, seen = csrf_token(client, check), draft.revision
    colleague = make_user("provider", organisation=provider.organisation)
    services.save_draft(draft, complete_input(draft.opportunity, price="1"), revision=seen,
                        actor=colleague)
    db.session.commit()
    response = client.post(check, data={"csrf_token": token, "revision": str(seen)})
    assert response.status_code == 400
    assert "changed, submitted or withdrawn by someone else" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Bid, draft.id).status == "draft"


def test_an_incomplete_bid_is_not_submitted_from_the_check_page(client, auth, draft,
                                                                provider):
    auth.login(provider)
    check = f"/bids/{draft.reference}/check"
    response = client.post(check, data={"csrf_token": csrf_token(client, check),
                                        "revision": str(draft.revision)})
    assert response.status_code == 400
    assert "Enter your price" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Bid, draft.id).status == "draft"


def test_after_the_deadline_the_check_page_goes_back_to_the_bid(client, auth, draft,
                                                               provider, clock):
    auth.login(provider)
    clock.set(draft.opportunity.closes_at + timedelta(seconds=1))
    response = client.get(f"/bids/{draft.reference}/check")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/bids/{draft.reference}"


# ---- Character count ------------------------------------------------------------------------

def test_each_answer_has_a_live_word_count_at_its_criterion_limit(client, auth, draft,
                                                                  provider):
    auth.login(provider)
    body = client.get(f"/bids/{draft.reference}").get_data(as_text=True)
    quality, _price, social = draft.opportunity.criteria
    for criterion in (quality, social):
        group = re.search(r'<div class="govuk-form-group govuk-character-count"[^>]*>.*?'
                          rf'id="response-{criterion.id}"', body, re.S).group(0)
        assert 'data-module="govuk-character-count"' in group
        assert f'data-maxwords="{criterion.word_limit}"' in group
    assert f"You can enter up to {quality.word_limit} words" in body


def test_too_many_words_get_the_character_count_message_on_the_check_page(
        client, auth, draft, provider):
    _complete(draft, provider, answer="word " * 501)
    auth.login(provider)
    body = client.get(f"/bids/{draft.reference}/check").get_data(as_text=True)
    assert "Your answer for Service model must be 500 words or fewer" in body


def test_an_answer_too_long_to_store_is_refused_and_kept(client, auth, draft, provider):
    auth.login(provider)
    quality = draft.opportunity.criteria[0]
    page = f"/bids/{draft.reference}"
    answer = "x" * (services.ANSWER_MAX_CHARACTERS + 1)
    response = client.post(page, data={"csrf_token": csrf_token(client, page),
                                       "revision": str(draft.revision), "action": "save",
                                       f"response-{quality.id}": answer})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Your answer for Service model must be 50,000 characters or fewer" in body
    assert answer in body


@pytest.mark.parametrize("revision", ["abc", "99999999999999999999", "-99999999999999999999"])
def test_a_revision_that_no_bid_can_have_asks_to_reload(client, auth, draft, provider,
                                                         revision):
    """Not a number, or beyond the integer column (SQLite cannot even compare it)."""
    _complete(draft, provider)
    auth.login(provider)
    page = f"/bids/{draft.reference}/check"
    response = client.post(page, data={"csrf_token": csrf_token(client, page),
                                       "revision": revision})
    assert response.status_code == 400
    assert "Reload the page and try again" in response.get_data(as_text=True)
    db.session.expire_all()
    assert draft.status == "draft"
