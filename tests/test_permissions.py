"""Every route against every role: anonymous, member awaiting confirmation, provider,
commissioner and admin. A new route must be added here, or the last test fails."""

import pytest

from tests.conftest import csrf_token

ROLES = ["anonymous", "member", "provider", "commissioner", "admin"]
SIGNED_IN = {"member": 200, "provider": 200, "commissioner": 200, "admin": 200}
ADMIN_ONLY = {"anonymous": 302, "member": 403, "provider": 403, "commissioner": 403, "admin": 200}
PUBLIC = dict.fromkeys(ROLES, 200)

# (method, path template, rule it exercises, expected status by role)
MATRIX = [
    ("GET", "/", "/", PUBLIC),
    ("GET", "/accessibility", "/accessibility", PUBLIC),
    ("GET", "/privacy", "/privacy", PUBLIC),
    ("GET", "/register", "/register", PUBLIC),
    ("GET", "/register/check-your-email", "/register/check-your-email", PUBLIC),
    ("GET", "/verify-email", "/verify-email", PUBLIC),
    ("GET", "/verify-email/not-a-token", "/verify-email/<token>", dict.fromkeys(ROLES, 400)),
    ("GET", "/forgot-password", "/forgot-password", PUBLIC),
    ("GET", "/reset-password/not-a-token", "/reset-password/<token>", dict.fromkeys(ROLES, 400)),
    ("GET", "/sign-in", "/sign-in", {"anonymous": 200, **dict.fromkeys(SIGNED_IN, 303)}),
    ("POST", "/sign-out", "/sign-out", dict.fromkeys(ROLES, 303)),
    ("GET", "/api/v1/health", "/api/v1/health", PUBLIC),
    ("GET", "/dashboard", "/dashboard", {"anonymous": 302, **SIGNED_IN}),
    ("GET", "/account", "/account", {"anonymous": 302, **SIGNED_IN}),
    ("GET", "/organisations/{own}", "/organisations/<int:organisation_id>",
     {"anonymous": 302, "member": 403, "provider": 200, "commissioner": 200, "admin": 200}),
    ("GET", "/organisations/{other}", "/organisations/<int:organisation_id>",
     {"anonymous": 302, "member": 403, "provider": 403, "commissioner": 403, "admin": 200}),
    ("POST", "/organisations/{other}/members/{pending}/confirm",
     "/organisations/<int:organisation_id>/members/<int:user_id>/confirm",
     {"anonymous": 302, "member": 403, "provider": 403, "commissioner": 403, "admin": 303}),
    ("GET", "/admin/", "/admin/", ADMIN_ONLY),
    ("GET", "/admin/organisations", "/admin/organisations", ADMIN_ONLY),
    ("GET", "/admin/organisations/{other}", "/admin/organisations/<int:organisation_id>",
     ADMIN_ONLY),
    ("POST", "/admin/organisations/{other}", "/admin/organisations/<int:organisation_id>",
     {**ADMIN_ONLY, "admin": 303}),
    ("GET", "/admin/audit", "/admin/audit", ADMIN_ONLY),
    ("GET", "/admin/outbox", "/admin/outbox", ADMIN_ONLY),
    ("POST", "/admin/outbox/{failed_email}/retry", "/admin/outbox/<int:message_id>/retry",
     {**ADMIN_ONLY, "admin": 303}),
    ("GET", "/library/", "/library/", PUBLIC),
    ("GET", "/library/evidence", "/library/evidence", PUBLIC),
    ("GET", "/library/new", "/library/new", {"anonymous": 302, **SIGNED_IN}),
    ("GET", "/library/yours", "/library/yours", {"anonymous": 302, **SIGNED_IN}),
    ("GET", "/library/moderation", "/library/moderation", ADMIN_ONLY),
    ("GET", "/library/{entry}", "/library/<int:entry_id>", PUBLIC),
    ("GET", "/library/{waiting}", "/library/<int:entry_id>",
     {"anonymous": 404, "member": 404, "provider": 404, "commissioner": 404, "admin": 200}),
    ("GET", "/library/{entry}/edit", "/library/<int:entry_id>/edit", ADMIN_ONLY),
    ("POST", "/library/{entry}/moderate", "/library/<int:entry_id>/moderate",
     {**ADMIN_ONLY, "admin": 303}),
    ("POST", "/library/{entry}/delete", "/library/<int:entry_id>/delete",
     {**ADMIN_ONLY, "admin": 303}),
    ("GET", "/search?q=housing", "/search", PUBLIC),
    ("GET", "/api/v1/search?q=housing", "/api/v1/search", PUBLIC),
    ("GET", "/api/v1/library", "/api/v1/library", PUBLIC),
    ("GET", "/api/v1/library/{entry}", "/api/v1/library/<int:entry_id>", PUBLIC),
    ("GET", "/api/v1/library/{waiting}", "/api/v1/library/<int:entry_id>",
     dict.fromkeys(ROLES, 404)),
]


@pytest.fixture
def world(make_user, make_organisation):
    """One user per role, another organisation with a member waiting, a failed email, and a
    published library entry and one waiting for moderation."""
    from portal.extensions import db
    from portal.models import OutboundEmail
    from tests.library.factories import published_entry, submitted_entry

    other = make_organisation("Other Body", "pct", "pending")
    make_user("commissioner", organisation=other)
    pending = make_user("member", organisation=other)
    users = {role: make_user(role) for role in ROLES if role != "anonymous"}
    failed = OutboundEmail(template="verify_email", recipient="x@example.org", subject="s",
                           body_text="t", body_html="h", status="failed", attempts=8)
    db.session.add(failed)
    db.session.commit()
    entry = published_entry()
    waiting = submitted_entry(make_user("provider"), title="Waiting for moderation")
    return {"users": users, "other": other.id, "pending": pending.id, "failed_email": failed.id,
            "entry": entry.id, "waiting": waiting.id}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "template", "rule", "expected"), MATRIX,
                         ids=[f"{m} {t}" for m, t, _, _ in MATRIX])
def test_route_answers_each_role_as_expected(client, auth, world, role, method, template, rule,
                                             expected):
    user = world["users"].get(role)
    if user is not None:
        auth.login(user)
    own = user.organisation_id if user is not None and user.organisation_id else world["other"]
    path = template.format(own=own, other=world["other"], pending=world["pending"],
                           failed_email=world["failed_email"], entry=world["entry"],
                           waiting=world["waiting"])
    if method == "GET":
        response = client.get(path)
    else:
        data = {"csrf_token": csrf_token(client, "/register")}
        if path.startswith("/admin/organisations/"):
            data["decision"] = "verified"
        if path.endswith("/moderate"):
            data.update(decision="unpublish", reason="Figures need checking")
        response = client.post(path, data=data)
    assert response.status_code == expected[role]


def test_matrix_covers_every_route(app):
    covered = {rule for _, _, rule, _ in MATRIX}
    routes = {rule.rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"}
    assert routes - covered == set()
