"""A library entry's service is Markdown, as a specification is: an entry drafted from a
contract carries the specification's Markdown, and every entry page renders it, sanitised."""

from datetime import date, timedelta
from decimal import Decimal

from portal.bids import evaluation
from portal.contracts import services as contracts
from portal.extensions import db
from portal.library import indexing
from portal.models import LibraryEntry
from tests.bids.helpers import award_after_standstill
from tests.library.factories import published_entry


def _finished_contract(opportunity, winner, submit_bid, commissioner, clock):
    bid = submit_bid(opportunity, winner, price="200000", commitment="3")
    clock.set(opportunity.closes_at + timedelta(minutes=1))
    q, _p, s = opportunity.criteria
    evaluation.save_scores(bid, {q.id: (3, ""), s.id: (3, "")}, "", actor=commissioner)
    made = award_after_standstill(opportunity, bid, starts_on=date(2027, 4, 1),
                                  ends_on=date(2028, 3, 31), actor=commissioner)
    clock.set(clock.current.replace(year=2027, month=10, day=1))  # the period has ended
    report = contracts.submit_report(
        made, period_start=date(2027, 4, 1), period_end=date(2027, 9, 30),
        results={opportunity.indicators[0].id: (40, 26)},
        deliveries={opportunity.social_clauses[0].id: Decimal("3")}, notes="", actor=winner)
    contracts.confirm_report(report, actor=commissioner)
    db.session.commit()
    clock.set(clock.current.replace(year=2028, month=6))
    return made


def test_an_entry_drafted_from_a_contract_shows_the_specification_formatted_not_raw(
        client, auth, make_opportunity, make_user, submit_bid, commissioner, clock):
    opportunity = make_opportunity("open", specification=(
        "## The service\n\nJob coaching for **care leavers**:\n\n* work tasters\n* mentors"))
    winner = make_user("provider", email="winner@example.org")
    made = _finished_contract(opportunity, winner, submit_bid, commissioner, clock)
    entry = contracts.contribute_from_contract(made, actor=winner)
    db.session.commit()
    auth.login(winner)
    page = client.get(f"/library/{entry.id}").get_data(as_text=True)
    assert "##" not in page and "**" not in page
    assert "<h2>The service</h2>" in page
    assert "<strong>care leavers</strong>" in page
    assert "<li>work tasters</li>" in page


def test_the_service_text_is_sanitised_on_the_entry_page(client):
    entry = published_entry(service=(
        "Before <script>alert(1)</script> after.\n\n[a link](javascript:alert(2))"))
    page = client.get(f"/library/{entry.id}").get_data(as_text=True)
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown as text, not run
    assert 'href="javascript' not in page


def test_paragraphs_of_plain_service_text_stay_paragraphs(client):
    entry = published_entry(service="First paragraph.\n\nSecond paragraph.")
    page = client.get(f"/library/{entry.id}").get_data(as_text=True)
    assert "<p>First paragraph.</p>" in page and "<p>Second paragraph.</p>" in page


def test_search_indexes_the_service_without_its_markup(app):
    entry = published_entry(service="## Results\n\n*Most* people kept their **tenancy**.")
    body = indexing.document(db.session.get(LibraryEntry, entry.id))["body"]
    assert "Most people kept their tenancy." in body
    assert "#" not in body and "*" not in body
