"""An indicator code finds the same things in every spelling people type: NI 148, NI148,
ni-148, or just 148; in the text or as a tag (library entries and innovations say which
indicators they moved only as tags)."""

import pytest

from portal.extensions import db
from portal.library.services import moderate
from tests.library.factories import published_entry, submitted_entry
from tests.notifications.support import recipients, save_alert

SPELLINGS = ["NI 148", "NI148", "ni148", "ni-148", "NI_148", "Ni  148", "148", "  148 ",
             '"NI 148"', '"ni148"']


def _impact(indicator):
    return [{"indicator": indicator, "baseline_pct": 50, "baseline_period": "2007/08",
             "result_pct": 60, "result_period": "2008/09", "cohort": 40}]


@pytest.fixture
def about_148(make_opportunity):
    """Three things about NI 148, each found a different way, and one that is not."""
    opportunity = make_opportunity("open", title="Work tasters")  # body: "NI 148 from 58% ..."
    tagged = published_entry(title="Job club", summary="A weekly job club.",
                             client_groups=["care-leavers"], outcomes=["eet"],
                             impacts=_impact("NI 148"))
    compact = published_entry(title="Apprenticeships", summary="Moved NI148 by ten points.",
                              impacts=_impact("NI 143"))
    published_entry(title="Hostel places", summary="148 people housed, tracked on NI 143.",
                    impacts=_impact("NI 143"))
    return {("opportunity", opportunity.id), ("library", tagged.id), ("library", compact.id)}


def _found(client, q, **filters):
    response = client.get("/api/v1/search", query_string={"q": q, **filters})
    assert response.status_code == 200
    body = response.get_json()
    return {(hit["kind"], hit["id"]) for hit in body["results"]}, body


@pytest.mark.parametrize("q", SPELLINGS)
def test_every_spelling_of_an_indicator_finds_the_same_things(client, about_148, q):
    found, body = _found(client, q)
    assert found == about_148
    assert body["suggestion"] is None


def test_an_indicator_combines_with_other_words_and_operators(client, about_148):
    assert {kind for kind, _ in _found(client, "NI148 AND tasters")[0]} == {"opportunity"}
    # Loose words: what has both comes first.
    assert _found(client, "NI148 tasters")[1]["results"][0]["kind"] == "opportunity"
    assert {kind for kind, _ in _found(client, "ni-148 NOT tasters")[0]} == {"library"}
    assert len(_found(client, "NI148 OR hostel")[0]) == 4


def test_other_numbers_stay_numbers(client, about_148):
    # 148 inside a longer search is a number like any other; 151 is no indicator.
    assert set(_titles(client, "148 AND people")) == {"Hostel places"}
    assert _titles(client, "148 people")[0] == "Hostel places"
    assert _found(client, "NI151")[0] == set()


def _titles(client, q):
    return [hit["title"] for hit in _found(client, q)[1]["results"]]


def test_the_search_page_highlights_and_shows_the_same_results(client, about_148):
    spaced = client.get("/search?q=NI+148").get_data(as_text=True)
    compact = client.get("/search?q=NI148").get_data(as_text=True)
    for page in (spaced, compact):
        assert "Work tasters" in page and "Job club" in page and "Apprenticeships" in page
        assert "Hostel places" not in page and "Did you mean" not in page


def test_an_alert_for_an_indicator_code_matches_tagged_items_in_any_spelling(
        make_user, make_opportunity):
    compact = make_user("provider")
    save_alert(compact, q="NI148")
    save_alert(make_user("provider"), q="NI143")
    entry = submitted_entry(make_user("provider"), impacts=_impact("NI 148"))
    moderate(entry, "publish", "", actor=make_user("admin"))
    db.session.commit()
    assert recipients("alert_match") == [compact.email]
