"""The demo data, loaded the way `flask seed-demo` loads it, for the OCDS tests."""

import pytest

from portal import demo
from portal.extensions import db


@pytest.fixture
def demo_data(app):
    demo.load()
    db.session.commit()


def all_releases(client, path="/api/v1/ocds/releases?limit=7") -> list[dict]:
    """Every release, page by page through links.next, checking each page on the way."""
    found = []
    while path:
        response = client.get(path)
        assert response.status_code == 200, response.get_data(as_text=True)
        package = response.get_json()
        found += package["releases"]
        path = package.get("links", {}).get("next")
    return found
