"""Nobody keeps a copy of a private page: every response to a signed-in user, and every
private document or page reached by a secret link, is sent `Cache-Control: no-store`. A
visitor's public page or open data may be kept for the stated max-age, with an ETag."""

import base64
import hashlib
import io
import re

import pytest
from werkzeug.datastructures import FileStorage

from portal.alerts.services import unsubscribe_token
from portal.auth import tokens
from portal.bids import services as bids
from portal.extensions import db
from portal.models import OpportunityAttachment, SavedAlert
from tests.bids.helpers import complete_input

PDF = b"%PDF-1.4\nprivate\n%%EOF\n"


def _stored(opportunity, author) -> OpportunityAttachment:
    from portal import uploads

    stored = uploads.save_attachment(FileStorage(io.BytesIO(PDF), "plan.pdf"), field="document")
    document = OpportunityAttachment(stored_name=stored.name, filename=stored.filename,
                                     content_type=stored.content_type,
                                     size_bytes=stored.size_bytes, uploaded_by_id=author.id)
    opportunity.attachments.append(document)
    db.session.commit()
    return document


@pytest.fixture
def pages(make_user, make_opportunity, commissioner, make_innovation):
    """A representative page set per role, built on one small world."""
    provider = make_user("provider")
    draft = make_opportunity("draft")
    opened = make_opportunity("open")
    draft_document = _stored(draft, commissioner)
    public_document = _stored(opened, commissioner)
    bid = bids.start_bid(opened, actor=provider)
    db.session.flush()
    bid_document = bids.add_attachment(bid, FileStorage(io.BytesIO(PDF), "price.pdf"),
                                       revision=bid.revision, actor=provider)
    bids.submit(bid, complete_input(opened), revision=bid.revision, actor=provider)
    db.session.commit()
    own_innovation = make_innovation("draft", provider=provider)
    alert = SavedAlert(user_id=provider.id, name="Housing", frequency="daily", query="housing",
                       filters={})
    db.session.add(alert)
    db.session.commit()
    shared = ["/", "/opportunities/", f"/opportunities/{opened.id}", "/search?q=housing",
              "/api/v1/opportunities", "/no-such-page",
              f"/opportunities/{opened.id}/attachments/{public_document.id}"]
    signed_in = ["/dashboard", "/account", "/notifications/", "/alerts/", "/library/yours"]
    return {
        "users": {"provider": provider, "commissioner": commissioner,
                  "admin": make_user("admin"), "member": make_user("member")},
        "provider": [*shared, *signed_in, "/bids/", f"/bids/{bid.reference}",
                     f"/bids/{bid.reference}/attachments/{bid_document.reference}",
                     "/innovations/yours", f"/innovations/{own_innovation.id}",
                     f"/innovations/{own_innovation.id}/edit", f"/alerts/{alert.id}"],
        "commissioner": [*shared, *signed_in, f"/opportunities/{draft.id}",
                         f"/opportunities/{draft.id}/edit",
                         f"/opportunities/{draft.id}/attachments/{draft_document.id}",
                         f"/opportunities/{opened.id}/questions"],
        "admin": [*shared, *signed_in, "/admin/", "/admin/outbox", "/admin/audit",
                  "/admin/organisations", "/innovations/moderation", "/library/moderation",
                  f"/innovations/{own_innovation.id}"],
        "member": [*shared, *signed_in],
        "secret_links": [
            "/register/check-your-email",
            f"/reset-password/{tokens.password_reset_token(provider)}",
            f"/alerts/unsubscribe/{unsubscribe_token(provider.id, [alert.id])}",
        ],
        "public": shared,
    }


def _not_no_store(client, paths) -> list[tuple[str, int, str | None]]:
    """The pages not sent exactly no-store, so never public either (and any that failed to
    answer as a real page would)."""
    answers = [(path, client.get(path)) for path in paths]
    expected = {path: 404 if path == "/no-such-page" else 200 for path in paths}
    return [(path, r.status_code, r.headers.get("Cache-Control")) for path, r in answers
            if r.headers.get("Cache-Control") != "no-store" or r.status_code != expected[path]]


@pytest.mark.parametrize("role", ["provider", "commissioner", "admin", "member"])
def test_every_page_for_a_signed_in_user_is_sent_no_store(client, auth, pages, role):
    auth.login(pages["users"][role])
    assert _not_no_store(client, pages[role]) == []


def test_pages_reached_by_a_secret_link_are_sent_no_store(client, pages):
    assert _not_no_store(client, pages["secret_links"]) == []


def test_a_redirect_after_a_signed_in_post_is_sent_no_store(client, auth, pages):
    auth.login(pages["users"]["provider"])
    response = client.post("/notifications/read", data={"csrf_token": _token(client)})
    assert response.status_code == 303
    assert response.headers["Cache-Control"] == "no-store"


def test_public_pages_for_visitors_are_not_marked_no_store(client, pages):
    answers = {path: client.get(path).headers.get("Cache-Control") for path in pages["public"]}
    assert [path for path, value in answers.items() if value and "no-store" in value] == []


def test_static_files_stay_cacheable_for_signed_in_users(client, auth, pages):
    auth.login(pages["users"]["provider"])
    response = client.get("/static/build/portal.css")
    assert response.status_code == 200
    assert "no-store" not in (response.headers.get("Cache-Control") or "")
    response.close()


def _token(client) -> str:
    from tests.conftest import csrf_token

    return csrf_token(client, "/account")


# ---- Public pages for visitors ---------------------------------------------------------------


def test_a_visitors_public_page_carries_the_stated_max_age_and_an_etag(app, client,
                                                                        make_opportunity):
    app.config["PUBLIC_CACHE_SECONDS"] = 45
    opportunity = make_opportunity("open")
    for path in ["/", "/opportunities/", f"/opportunities/{opportunity.id}",
                 "/api/v1/opportunities", f"/api/v1/opportunities/{opportunity.id}"]:
        response = client.get(path)
        assert response.headers["Cache-Control"] == "public, max-age=45", path
        assert "Cookie" in response.headers["Vary"], path
        assert response.headers["ETag"], path
        assert "Set-Cookie" not in response.headers, path


def test_a_matching_if_none_match_is_answered_304_without_the_body(client, make_opportunity):
    path = f"/opportunities/{make_opportunity('open').id}"
    etag = client.get(path).headers["ETag"]
    response = client.get(path, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.get_data() == b""
    assert response.headers["ETag"] == etag


def test_a_change_is_seen_at_once_by_its_author_and_changes_the_etag_for_visitors(
        app, client, auth, commissioner, make_opportunity):
    opportunity = make_opportunity("open", title="Housing support in Salford")
    path = f"/opportunities/{opportunity.id}"
    before = _as_visitor(app, path).headers["ETag"]
    assert client.get(path).headers["Cache-Control"].startswith("public")  # author, not signed in
    auth.login(commissioner)
    opportunity.title = "Housing support in Salford and Trafford"
    db.session.commit()

    seen_by_author = client.get(path)
    assert seen_by_author.headers["Cache-Control"] == "no-store"
    assert "Salford and Trafford" in seen_by_author.get_data(as_text=True)
    seen_by_visitor = _as_visitor(app, path, headers={"If-None-Match": before})
    assert seen_by_visitor.status_code == 200
    assert seen_by_visitor.headers["ETag"] != before
    assert "Salford and Trafford" in seen_by_visitor.get_data(as_text=True)


def test_a_signed_in_user_never_gets_a_304_or_an_etag(client, auth, pages):
    path = pages["public"][1]
    etag = client.get(path).headers["ETag"]
    auth.login(pages["users"]["provider"])
    response = client.get(path, headers={"If-None-Match": etag})
    assert (response.status_code, response.headers["Cache-Control"]) == (200, "no-store")
    assert "ETag" not in response.headers


def test_a_page_with_a_form_token_or_a_flashed_message_is_not_public(client):
    assert "public" not in client.get("/sign-in").headers.get("Cache-Control", "")
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "You have signed out")]
    response = client.get("/")
    assert "You have signed out" in response.get_data(as_text=True)
    assert "public" not in response.headers.get("Cache-Control", "")


def test_the_health_check_is_never_kept(client):
    assert "Cache-Control" not in client.get("/api/v1/health").headers


def test_public_caching_can_be_turned_off(app, client):
    app.config["PUBLIC_CACHE_SECONDS"] = 0
    response = client.get("/")
    assert "Cache-Control" not in response.headers
    assert "ETag" not in response.headers


def test_the_inline_script_is_allowed_by_its_hash_so_pages_are_the_same_bytes(client):
    first, second = client.get("/"), client.get("/")
    assert first.get_data() == second.get_data()
    script = re.search(r"<script>(.*?)</script>", first.get_data(as_text=True)).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in first.headers["Content-Security-Policy"]


def _as_visitor(app, path: str, **kwargs):
    """A request from another browser. In its own app context, as in a real server: the tests'
    shared one would keep the signed-in user of an earlier request on `g`."""
    with app.app_context():
        return app.test_client().get(path, **kwargs)


# ---- The page cache in each web process (portal/pagecache.py) --------------------------------


class _Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def cached(app):
    """The app's WSGI app behind a page cache with a clock the test moves."""
    from portal.pagecache import PageCache

    clock = _Clock()
    app.config["PUBLIC_CACHE_SECONDS"] = 30
    app.wsgi_app = PageCache(app.wsgi_app, clock=clock)
    return clock


def test_a_visitors_repeat_is_answered_from_the_copy_until_the_max_age(
        app, client, cached, commissioner, make_opportunity):
    opportunity = make_opportunity("open", title="Housing support in Salford")
    path = f"/opportunities/{opportunity.id}"
    first = client.get(path)
    assert "X-Cache" not in first.headers
    opportunity.title = "Housing support in Salford and Trafford"
    db.session.commit()

    cached.now += 29  # within the max-age: the copy, saying how old it is
    again = client.get(path)
    assert again.headers["X-Cache"] == "hit" and again.headers["Age"] == "29"
    assert again.get_data() == first.get_data()
    assert client.get(path, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304

    cached.now += 1  # the max-age has passed: the app answers, with the change
    fresh = client.get(path)
    assert "X-Cache" not in fresh.headers
    assert "Salford and Trafford" in fresh.get_data(as_text=True)


def test_a_request_with_a_cookie_always_reaches_the_app(
        app, client, auth, cached, commissioner, make_opportunity):
    opportunity = make_opportunity("open", title="Housing support in Salford")
    path = f"/opportunities/{opportunity.id}"
    client.get(path)  # a visitor's copy is kept...
    auth.login(commissioner)
    opportunity.title = "Housing support in Salford and Trafford"
    db.session.commit()
    seen_by_author = client.get(path)  # ...but the author, signed in, never sees it
    assert "X-Cache" not in seen_by_author.headers
    assert "Salford and Trafford" in seen_by_author.get_data(as_text=True)
    assert seen_by_author.headers["Cache-Control"] == "no-store"


def test_only_what_anyone_may_keep_is_kept(app, client, cached, make_opportunity):
    client.get("/sign-in")  # a form token and a session cookie: never kept
    fresh = app.test_client()
    assert "X-Cache" not in fresh.get("/sign-in").headers
    missing = "/opportunities/999999"
    fresh.get(missing)
    assert "X-Cache" not in app.test_client().get(missing).headers  # a 404 is not kept
    fresh.get("/api/v1/health")
    assert "X-Cache" not in app.test_client().get("/api/v1/health").headers


def test_copies_are_kept_apart_by_public_host_and_scheme(app, cached, make_opportunity):
    from werkzeug.middleware.proxy_fix import ProxyFix

    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    path = "/api/v1/areas/E08000003"
    seen = {}
    for host in ("exchange.example.gov.uk", "portal.example.org"):
        headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": host}
        for _ in range(2):
            response = app.test_client().get(path, headers=headers)
        seen[host] = response
    for host, response in seen.items():
        assert response.headers["X-Cache"] == "hit"
        assert f"https://{host}/areas/E08000003" in response.get_data(as_text=True)


def test_production_keeps_copies_and_the_tests_do_not():
    from config import ProductionConfig, TestConfig

    assert ProductionConfig.PAGE_CACHE and not TestConfig.PAGE_CACHE
