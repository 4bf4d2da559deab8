"""`next` is followed only to a page on this site: sign-in, follow and unfollow.

Each bypass below has sent some web application's users to another site. The answer must
be the default page, checked on the value the portal actually returns (after the dot
segments are resolved), not on the value it was given.
"""

import pytest

from portal import create_app
from portal.views import safe_next
from tests.conftest import PASSWORD, csrf_token

BYPASSES = [
    "//evil.example",
    "///evil.example",
    "////evil.example",
    "//evil.example:443/",
    "/\\evil.example",
    "\\/evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "///\\evil.example",
    "/.//evil.example",
    "/././/evil.example",
    "/x/..//evil.example",
    "/x/y/../..//evil.example",
    "/%2e%2e//evil.example",
    "/%2E/%2E%2E//evil.example",
    "/%2F%2Fevil.example",
    "/%2f/evil.example",
    "%2F%2Fevil.example",
    "/%5Cevil.example",
    "/%5C%5Cevil.example",
    "/%09/evil.example",
    "/\t/evil.example",
    "\t//evil.example",
    " //evil.example",
    "/\n/evil.example",
    "/\r\nLocation: https://evil.example",
    "/\x00/evil.example",
    "https://evil.example",
    "http://evil.example/",
    "https:evil.example",
    "https:/evil.example",
    "http:/\\evil.example",
    "HTTPS://evil.example",
    "//localhost@evil.example",
    "http://localhost@evil.example/",
    "//evil.example\\@localhost/",
    "//evil%2Eexample",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "javascript://localhost/%0Aalert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
]


@pytest.fixture(scope="module")
def bare_app(tmp_path_factory):
    """The helper needs a request, not a database."""
    return create_app({"PORTAL_ENV": "test", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                       "SEARCH_INDEX_DIR": str(tmp_path_factory.mktemp("index"))})


@pytest.mark.parametrize("target", BYPASSES)
def test_safe_next_refuses_every_known_bypass(bare_app, target):
    with bare_app.test_request_context("/", base_url="http://localhost/"):
        assert safe_next(target, "/dashboard") == "/dashboard"


@pytest.mark.parametrize(("target", "expected"), [
    ("/admin/audit?action=user", "/admin/audit?action=user"),
    ("/opportunities/3", "/opportunities/3"),
    ("/opportunities/x/../3", "/opportunities/3"),
    ("/search?q=%2F%2Fhousing", "/search?q=%2F%2Fhousing"),
    ("/search?q=//housing", "/search?q=//housing"),
    ("/library/?q=care leavers", "/library/?q=care leavers"),
])
def test_safe_next_keeps_a_page_on_this_site(bare_app, target, expected):
    with bare_app.test_request_context("/", base_url="http://localhost/"):
        assert safe_next(target, "/dashboard") == expected


@pytest.mark.parametrize("target", [None, ""])
def test_safe_next_without_a_target_is_the_default(bare_app, target):
    with bare_app.test_request_context("/"):
        assert safe_next(target, "/dashboard") == "/dashboard"


@pytest.mark.parametrize("target", BYPASSES)
def test_sign_in_never_redirects_to_another_site(client, make_user, target):
    user = make_user("provider")
    response = client.post("/sign-in", query_string={"next": target},
                           data={"email": user.email, "password": PASSWORD,
                                 "csrf_token": csrf_token(client, "/sign-in")})
    assert response.status_code == 303
    assert response.headers["Location"] == "/dashboard"


@pytest.mark.parametrize("action", ["follow", "unfollow"])
def test_follow_and_unfollow_never_redirect_to_another_site(client, auth, make_user,
                                                            make_opportunity, action):
    opportunity = make_opportunity("open")
    auth.login(make_user("provider"))
    token = csrf_token(client, f"/opportunities/{opportunity.id}")
    followed = []
    for target in BYPASSES:
        response = client.post(f"/opportunities/{opportunity.id}/{action}",
                               data={"next": target, "csrf_token": token})
        followed.append((target, response.status_code, response.headers.get("Location")))
    default = f"/opportunities/{opportunity.id}"
    assert [f for f in followed if f[1:] != (303, default)] == []


def test_follow_returns_to_the_page_it_was_pressed_on(client, auth, make_user,
                                                      make_opportunity):
    opportunity = make_opportunity("open")
    auth.login(make_user("provider"))
    response = client.post(f"/opportunities/{opportunity.id}/follow",
                           data={"next": "/opportunities/?page=2",
                                 "csrf_token": csrf_token(client, "/opportunities/")})
    assert response.headers["Location"] == "/opportunities/?page=2"
