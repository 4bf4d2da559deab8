"""One convention for every list under /api/v1: the envelope, the Link header, errors as
problem details (RFC 9457), 400 for a parameter the API cannot use, CORS and caching."""

import pytest

from portal.extensions import db

LISTS = ["/api/v1/opportunities", "/api/v1/innovations", "/api/v1/library",
         "/api/v1/contracts"]
PROBLEM = "application/problem+json"


def _problem(response, status: int) -> dict:
    assert response.status_code == status
    assert response.mimetype == PROBLEM
    body = response.get_json(force=True)
    assert {"type", "title", "status", "detail"} <= set(body)
    assert body["status"] == status
    return body


@pytest.mark.parametrize("path", LISTS)
def test_every_list_answers_one_envelope(client, path):
    body = client.get(path).get_json()
    assert body["data"] == []
    assert {k: body["meta"][k] for k in ("total", "page", "per_page", "pages")} == {
        "total": 0, "page": 1, "per_page": body["meta"]["per_page"], "pages": 1}
    assert set(body["links"]) == {"self", "next", "prev"}
    assert body["links"]["next"] is None and body["links"]["prev"] is None
    assert not {"results", "innovations", "entries", "page_size", "total"} & set(body)


def test_a_middle_page_links_both_ways_in_the_body_and_the_link_header(client,
                                                                       make_innovation):
    for _ in range(3):
        make_innovation()
    response = client.get("/api/v1/innovations?per_page=1&page=2&sort=newest")
    body = response.get_json()
    assert (body["meta"]["total"], body["meta"]["pages"], len(body["data"])) == (3, 3, 1)
    assert "page=3" in body["links"]["next"] and "page=1" in body["links"]["prev"]
    assert "per_page=1" in body["links"]["next"] and "sort=newest" in body["links"]["next"]
    link = response.headers["Link"]
    assert f'<{body["links"]["next"]}>; rel="next"' in link
    assert f'<{body["links"]["prev"]}>; rel="prev"' in link


def test_the_last_page_has_no_next_link(client, make_innovation):
    for _ in range(2):
        make_innovation()
    response = client.get("/api/v1/innovations?per_page=1&page=2")
    assert response.get_json()["links"]["next"] is None
    assert 'rel="next"' not in response.headers["Link"]


def test_search_keeps_its_documented_fields_and_gains_meta_and_links(client):
    body = client.get("/api/v1/search?q=housing").get_json()
    assert {"query", "total", "page", "per_page", "results", "facets", "suggestion",
            "message"} <= set(body)
    assert body["meta"]["total"] == body["total"] and body["meta"]["page"] == 1
    assert body["links"]["self"].startswith("http://localhost/api/v1/search?")


@pytest.mark.parametrize("path", LISTS + ["/api/v1/search"])
@pytest.mark.parametrize("query", ["page=abc", "per_page=0"])
def test_a_bad_page_is_a_400_problem_naming_the_parameter(client, path, query):
    body = _problem(client.get(f"{path}?{query}"), 400)
    name = query.split("=")[0]
    assert body["errors"] == [{"parameter": name, "detail": body["detail"]}]
    assert body["detail"].startswith(f"{name} must be a whole number from 1 to ")


@pytest.mark.parametrize("path", LISTS + ["/api/v1/search"])
def test_an_unknown_sort_is_a_400_problem(client, path):
    body = _problem(client.get(f"{path}?sort=sideways"), 400)
    [error] = body["errors"]
    assert error["parameter"] == "sort" and "sideways" not in error["detail"]
    assert error["detail"].startswith("sort must be one of")


def test_a_bad_opportunity_filter_is_a_400_problem(client):
    body = _problem(client.get("/api/v1/opportunities?value_min=lots"), 400)
    assert body["errors"] == [{"parameter": "value_min",
                               "detail": "Enter an amount in pounds, like 250000"}]


def test_an_unknown_route_is_a_404_problem(client):
    body = _problem(client.get("/api/v1/no-such-thing"), 404)
    assert body["title"] == "Not Found"


def test_a_missing_object_is_a_404_problem(client):
    _problem(client.get("/api/v1/opportunities/999"), 404)


def test_a_wrong_method_is_a_405_problem_naming_the_allowed_ones(client):
    response = client.post("/api/v1/opportunities")
    _problem(response, 405)
    assert "GET" in response.headers["Allow"]


def test_an_unexpected_error_is_a_500_problem_without_the_details(app):
    @app.route("/api/v1/boom")
    def boom():
        raise RuntimeError("kaboom")

    body = _problem(app.test_client().get("/api/v1/boom"), 500)
    assert "kaboom" not in str(body)


def test_pages_outside_the_api_keep_their_html_errors(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404 and response.mimetype == "text/html"


@pytest.mark.parametrize("path", LISTS + ["/api/v1/search", "/api/v1/no-such-thing"])
def test_public_gets_may_be_read_from_any_origin(client, path):
    response = client.get(path, headers={"Origin": "https://example.org"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Link" in response.headers["Access-Control-Expose-Headers"]


def test_pages_outside_the_api_are_not_shared_across_origins(client):
    assert "Access-Control-Allow-Origin" not in client.get("/opportunities/").headers


@pytest.mark.parametrize("path", LISTS + ["/api/v1/search"])
def test_open_data_is_cacheable_with_an_etag_and_a_304(client, path):
    first = client.get(path)
    assert first.cache_control.public and first.cache_control.max_age == 60
    again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""


def test_a_change_changes_the_etag(client, make_innovation):
    before = client.get("/api/v1/innovations").headers["ETag"]
    make_innovation()
    db.session.expire_all()
    assert client.get("/api/v1/innovations").headers["ETag"] != before
