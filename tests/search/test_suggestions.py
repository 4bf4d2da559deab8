""""Did you mean" helps only when it would find far more than the search did."""

from portal.search.results import SUGGESTION_GAIN
from tests.library.factories import published_entry


def _search(client, q):
    response = client.get("/api/v1/search", query_string={"q": q})
    assert response.status_code == 200
    return response.get_json()


def test_a_real_word_that_finds_results_gets_no_suggestion(client):
    # "employ" is never written alone, so it is missing from the unstemmed words, but its
    # stem finds every form; "employs" (one letter away) finds exactly the same entries.
    published_entry(title="Employment coaching", summary="An employer employs mentors.")
    published_entry(title="Employing landlords", summary="Landlords employing tenants.")
    body = _search(client, "employ")
    assert body["total"] == 2
    assert body["suggestion"] is None
    page = client.get("/search?q=employ").get_data(as_text=True)
    assert "Did you mean" not in page


def test_a_misspelling_that_finds_nothing_gets_a_suggestion(client):
    published_entry(title="Tenancy rescue")
    body = _search(client, "tenansy")
    assert (body["total"], body["suggestion"]) == (0, "tenancy")


def test_no_suggestion_that_would_find_nothing_either(client):
    published_entry(title="Tenancy rescue")
    assert _search(client, "tenansy NOT rescue")["suggestion"] is None


def test_with_results_a_suggestion_is_offered_only_when_it_finds_far_more(client):
    published_entry(title="Tenancy rescue")
    for n in range(SUGGESTION_GAIN - 2):
        published_entry(title=f"Mentoring project {n}")
    # One result; the suggestion would find SUGGESTION_GAIN - 1: not enough more.
    body = _search(client, "rescue OR mentorng")
    assert (body["total"], body["suggestion"]) == (1, None)
    published_entry(title="Mentoring project, one more")  # now SUGGESTION_GAIN times as many
    body = _search(client, "rescue OR mentorng")
    assert (body["total"], body["suggestion"]) == (1, "rescue OR mentoring")
