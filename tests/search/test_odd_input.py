"""Odd input gets a clear message, never a 500: on the page and in the API."""

import re

import pytest

from tests.library.factories import published_entry

ODD = {
    "unclosed quote": '"unclosed',
    "operators only": "AND OR",
    "star": "*",
    "very long": "housing " * 700,
    "emoji": "🏠🙂",
    "null byte": "hous\x00ing",
    "brackets": "((((housing",
    "field syntax": "title:housing kind:library",
    "stop words": "the of and",
}


@pytest.mark.parametrize("text", ODD.values(), ids=ODD.keys())
def test_odd_queries_answer_with_a_message_or_results(client, text):
    published_entry()
    api = client.get("/api/v1/search", query_string={"q": text})
    page = client.get("/search", query_string={"q": text})
    assert (api.status_code, page.status_code) == (200, 200)
    body = api.get_json()
    assert set(body) == {"query", "total", "page", "per_page", "results", "facets",
                         "suggestion", "message", "meta", "links"}
    assert len(body["query"]) <= 500 and "\x00" not in body["query"]


@pytest.mark.parametrize("text", ['"unclosed', "AND OR", "*", "🏠🙂", "housing " * 700])
def test_these_inputs_explain_what_happened(client, text):
    body = client.get("/api/v1/search", query_string={"q": text}).get_json()
    assert body["message"]


def test_odd_filters_are_ignored_not_errors(client):
    response = client.get("/api/v1/search?kind=" + "x" * 300
                          + "&status=open&evidence=9")
    assert response.status_code == 200
    body = response.get_json()
    assert (body["page"], body["total"]) == (1, 0)


def test_a_page_that_is_not_a_page_number_is_named_in_the_api_and_page_1_on_the_page(client):
    response = client.get("/api/v1/search?q=housing&page=abc")
    assert response.status_code == 400
    assert response.get_json()["errors"] == [
        {"parameter": "page", "detail": "page must be a whole number from 1 to 1,000"}]
    assert client.get("/search?q=housing&page=abc").status_code == 200


def test_the_search_page_shows_results_facets_and_did_you_mean(client):
    published_entry(title="Tenancy rescue")
    page = client.get("/search?q=tenansy").get_data(as_text=True)
    assert "Did you mean" in page and 'href="/search?q=tenancy"' in page
    page = client.get("/search?q=tenancy&kind=library").get_data(as_text=True)
    assert "Tenancy rescue" in page and "Practice library (1)" in page
    assert re.search(r'name="kind" type="checkbox" value="library"\s+checked', page)
