"""The demo data, loaded the way `flask seed-demo` loads it, for the OCDS tests."""

import pytest

from portal import demo
from portal.extensions import db
from tests.ocds.schema import package_errors


@pytest.fixture
def demo_data(app):
    demo.load()
    db.session.commit()


def all_releases(client, path="/api/v1/ocds/releases?limit=7") -> list[dict]:
    """Every release, page by page through links.next, validating each page on the way (so
    every test's releases, amendments and cancellations too, are checked against the schema)."""
    found = []
    while path:
        response = client.get(path)
        assert response.status_code == 200, response.get_data(as_text=True)
        package = response.get_json()
        assert package_errors(package) == [], path
        found += package["releases"]
        path = package.get("links", {}).get("next")
    return found
