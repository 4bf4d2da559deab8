"""Behind a proxy: the client's address, scheme and host come from the trusted hops only."""

import pytest

from portal.extensions import db
from tests.conftest import _make_app, csrf_token


@pytest.fixture
def proxied(app, database_url, smtp_inbox, tmp_path):
    """A client of the portal configured to trust one proxy in front of it."""
    behind = _make_app(database_url, tmp_path, smtp_inbox.port, PROXY_FIX_HOPS=1,
                       SIGN_IN_ADDRESS_RATE_LIMIT="2 per minute")
    yield behind.test_client()
    with behind.app_context():
        db.engine.dispose()


FORWARDED = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "portal.example.org",
             "X-Forwarded-For": "203.0.113.7"}


def _sign_in(client, address: str, email: str) -> int:
    token = csrf_token(client, "/sign-in")
    return client.post("/sign-in", headers={"X-Forwarded-For": address},
                       data={"email": email, "password": "wrong-password", "csrf_token": token}
                       ).status_code


def test_api_urls_use_the_public_scheme_and_host_behind_a_trusted_proxy(proxied):
    body = proxied.get("/api/v1/areas/E08000003", headers=FORWARDED).get_json()
    assert body["url"] == "https://portal.example.org/areas/E08000003"


def test_forwarded_headers_are_ignored_without_a_trusted_proxy(client):
    body = client.get("/api/v1/areas/E08000003", headers=FORWARDED).get_json()
    assert body["url"] == "http://localhost/areas/E08000003"


def test_people_behind_one_proxy_each_have_their_own_sign_in_limit(proxied):
    statuses = [_sign_in(proxied, f"203.0.113.{n}", f"person{n}@example.org")
                for n in range(1, 13)]
    assert 429 not in statuses


def test_the_limit_per_address_follows_the_client_address(proxied):
    statuses = [_sign_in(proxied, "203.0.113.9", f"person{n}@example.org") for n in range(3)]
    assert statuses == [400, 400, 429]


def test_an_address_the_client_wrote_itself_is_not_trusted(proxied):
    """The proxy appends the address it saw; only that last one counts with one hop."""
    statuses = [_sign_in(proxied, f"198.51.100.{n}, 203.0.113.9", f"person{n}@example.org")
                for n in range(3)]
    assert statuses == [400, 400, 429]


def test_email_links_keep_the_configured_base_url_whatever_the_request_says(
        proxied, make_user, inbox):
    """A forged Host must never reach a password-reset link (host header poisoning)."""
    from portal.notifications.outbox import send_due

    user = make_user("provider")
    token = csrf_token(proxied, "/forgot-password")
    response = proxied.post(
        "/forgot-password", data={"email": user.email, "csrf_token": token},
        headers=FORWARDED | {"Referer": "https://portal.example.org/forgot-password"})
    assert response.status_code == 200
    send_due()
    [message] = inbox.to(user.email)
    assert "portal.example.org" not in inbox.text(message)
    assert "http://127.0.0.1:5000/reset-password/" in inbox.text(message)
