"""The OpenAPI 3.1 document at /api/v1/openapi.json: it names every endpoint the app serves
under /api/v1 (and none it does not), and the page at /open-data shows it to people. The
answers themselves are checked against it by Schemathesis (test_schemathesis.py)."""

import re

from openapi_spec_validator import validate

from portal.api.openapi import document

PREFIX = "/api/v1"


def _app_paths(app) -> set[str]:
    """Every GET route under the API, written the OpenAPI way (`{name}` for `<int:name>`)."""
    return {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix(PREFIX))
            for rule in app.url_map.iter_rules()
            if rule.rule.startswith(PREFIX + "/") and "GET" in rule.methods}


def test_the_document_describes_every_api_route_and_only_those(app):
    assert set(document()["paths"]) == _app_paths(app)


def test_every_operation_documents_its_answers_and_has_an_id(app):
    operations = [(path, item["get"]) for path, item in document()["paths"].items()]
    ids = [operation["operationId"] for _, operation in operations]
    assert len(ids) == len(set(ids))
    for path, operation in operations:
        assert "200" in operation["responses"], path
        assert operation.get("summary"), path


def test_the_document_is_valid_openapi_3_1():
    validate(document())  # raises, naming the place, if not


def test_the_document_is_served_as_json_with_this_hosts_address(client):
    response = client.get("/api/v1/openapi.json", base_url="https://portal.example.org")
    assert response.status_code == 200 and response.mimetype == "application/json"
    body = response.get_json()
    assert body["openapi"].startswith("3.1")
    assert body["servers"] == [{"url": "https://portal.example.org/api/v1"}]
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_the_open_data_page_lists_every_endpoint_with_its_parameters(client):
    page = client.get("/open-data").get_data(as_text=True)
    for path, item in document()["paths"].items():
        assert f"/api/v1{path}" in page
        for parameter in item["get"].get("parameters", []):
            if "name" in parameter:
                assert f"<code>{parameter['name']}</code>" in page, (path, parameter)
    assert 'href="/api/v1/openapi.json"' in page
