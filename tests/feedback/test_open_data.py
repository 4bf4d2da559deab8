"""Published feedback is counted on the award notice, in open data and in the library entry
drafted from the contract: counts and averages, never anyone's words or identity."""

from datetime import date
from decimal import Decimal

import pytest

from portal.feedback import queries
from tests.feedback.factories import given, published


@pytest.fixture
def admin(make_user):
    return make_user("admin")


def test_only_published_feedback_is_counted_and_averaged(admin, make_contract):
    contract = make_contract()
    published(contract, admin, ratings={"listened": 5, "helped": 2})
    published(contract, admin, ratings={"listened": 4})
    given(contract, ratings={"listened": 1})  # waiting: not counted
    summary = queries.summary(contract.id)
    ratings = {rating.code: (rating.answers, rating.average) for rating in summary.ratings}
    assert summary.published == 2
    assert ratings == {"listened": (2, Decimal("4.5")), "respected": (0, None),
                       "helped": (1, Decimal("2.0")), "recommend": (0, None)}


def test_the_award_notice_shows_the_counts_and_average_answers(client, admin, make_contract):
    contract = make_contract()
    published(contract, admin, ratings={"listened": 4})
    page = client.get(f"/contracts/{contract.id}").get_data(as_text=True)
    assert "1 person has given feedback" in page
    assert "Did they listen to you?" in page and "4.0" in page


def test_open_data_carries_counts_and_averages_only(client, admin, make_contract):
    contract = make_contract()
    published(contract, admin, words="Words never in open data.", ratings={"helped": 3},
              may_contact=True, name="Jo", contact="jo@x.org")
    response = client.get(f"/api/v1/contracts/{contract.id}")
    body = response.get_json()
    assert body["feedback"]["published"] == 1
    assert {"question": "helped", "text": "Did the service help you?", "answers": 1,
            "average": 3.0} in body["feedback"]["ratings"]
    text = response.get_data(as_text=True)
    for private in ("Words never", "Jo", "jo@x.org", "Sam Jones"):
        assert private not in text


def test_a_library_entry_drafted_from_the_contract_cites_the_feedback(admin, make_contract,
                                                                      clock):
    from portal.contracts import services as contracts

    contract = make_contract(starts_on=date(2027, 4, 1), ends_on=date(2028, 3, 31))
    published(contract, admin, ratings={"listened": 4})
    published(contract, admin, ratings={"listened": 5})
    clock.set(clock.current.replace(year=2028, month=6))
    record = contracts.library_entry_prefill(contract)
    assert "## What people who used the service said" in record["service"]
    assert "2 people who used the service" in record["service"]
    assert "Did they listen to you? 4.5 out of 5 on average (2 answers)" in record["service"]
