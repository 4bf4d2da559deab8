"""Guidance where it helps: the model wording fills an opportunity's social clause in one
click, and the forms link to the pages about them while those are published."""

from decimal import Decimal

import pytest

from portal import clock
from portal.extensions import db
from portal.guidance import services
from portal.permissions import COMMAND_LINE
from tests.conftest import csrf_token
from tests.guidance.factories import model_content, published_page


def _publish_model(**overrides):
    page = services.create_page(model_content(**overrides), actor=COMMAND_LINE)
    services.publish(page, reviewed_on=clock.uk_today(), change_note="", actor=COMMAND_LINE)
    db.session.commit()
    return page


@pytest.fixture
def clauses_step(auth, commissioner, make_opportunity):
    """The social clauses step of a draft, for its commissioner signed in."""
    opportunity = make_opportunity("draft")
    auth.login(commissioner)
    return opportunity, f"/opportunities/{opportunity.id}/edit/social-clauses"


def test_the_social_clause_form_offers_each_published_model(client, clauses_step):
    _publish_model()
    body = client.get(clauses_step[1]).get_data(as_text=True)
    assert 'name="model" value="apprenticeships"' in body
    assert "Use the model wording for apprenticeships or work placements" in body
    assert 'value="volunteering"' not in body.split("Add a social clause")[0]


def test_one_click_fills_requirement_unit_and_minimum(client, clauses_step):
    _publish_model()
    body = client.get(f"{clauses_step[1]}?model=apprenticeships").get_data(as_text=True)
    assert '<option value="apprenticeships" selected>' in body
    assert "Offer apprenticeships to care leavers.</textarea>" in body
    assert '<option value="people" selected>' in body
    assert 'name="minimum" type="text" value="2.00"' in body


def test_the_filled_in_model_is_added_like_any_clause(client, clauses_step):
    _publish_model()
    opportunity, path = clauses_step
    before = len(opportunity.social_clauses)
    answer = client.post(f"{path}?model=apprenticeships", data={
        "csrf_token": csrf_token(client, path), "clause_type_code": "apprenticeships",
        "requirement": "Offer apprenticeships to care leavers.", "unit": "people",
        "minimum": "3"})
    assert answer.status_code == 303
    db.session.refresh(opportunity)
    added = opportunity.social_clauses[-1]
    assert len(opportunity.social_clauses) == before + 1
    assert (added.clause_type_code, added.minimum) == ("apprenticeships", Decimal("3"))


def test_a_draft_model_is_not_offered(client, clauses_step):
    services.create_page(model_content(), actor=COMMAND_LINE)
    db.session.commit()
    path = clauses_step[1]
    assert "Use the model wording" not in client.get(path).get_data(as_text=True)
    body = client.get(f"{path}?model=apprenticeships").get_data(as_text=True)
    assert "Offer apprenticeships" not in body


def test_the_laa_pages_link_the_targets_guidance_once_it_is_published(client):
    assert "Negotiating" not in client.get("/areas/E08000003").get_data(as_text=True)
    page = published_page(title="Negotiating LAA targets for NI 143–150")
    assert page.slug == "negotiating-laa-targets-for-ni-143-150"
    body = client.get("/areas/E08000003").get_data(as_text=True)
    assert f'href="/guidance/{page.slug}"' in body


def test_the_bid_form_links_how_to_write_a_bid(client, auth, make_user, make_opportunity):
    from portal.bids.services import start_bid

    page = published_page(title="How to write a bid")
    provider = make_user("provider")
    bid = start_bid(make_opportunity("open"), actor=provider)
    db.session.commit()
    auth.login(provider)
    body = client.get(f"/bids/{bid.reference}").get_data(as_text=True)
    assert f'href="/guidance/{page.slug}"' in body


def test_the_home_page_leads_to_guidance(client):
    assert 'href="/guidance/"' in client.get("/").get_data(as_text=True)
