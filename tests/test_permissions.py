"""Every route against every role: anonymous, member awaiting confirmation, provider,
commissioner and admin. A new route must be added here, or the last test fails."""

import pytest

from tests.conftest import csrf_token

ROLES = ["anonymous", "member", "provider", "commissioner", "admin"]
SIGNED_IN = {"member": 200, "provider": 200, "commissioner": 200, "admin": 200}
ADMIN_ONLY = {"anonymous": 302, "member": 403, "provider": 403, "commissioner": 403, "admin": 200}
PUBLIC = dict.fromkeys(ROLES, 200)
PROVIDER_ONLY = {"anonymous": 302, "member": 403, "provider": 200, "commissioner": 403,
                 "admin": 403}
COMMISSIONER_ONLY = {"anonymous": 302, "member": 403, "provider": 403, "commissioner": 200,
                     "admin": 403}

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
    # Innovation Exchange ({innovation} is published by another organisation)
    ("GET", "/innovations/", "/innovations/", PUBLIC),
    ("GET", "/innovations/{innovation}", "/innovations/<int:innovation_id>", PUBLIC),
    ("GET", "/innovations/{draft}", "/innovations/<int:innovation_id>",
     {**dict.fromkeys(ROLES, 404), "admin": 200}),
    ("GET", "/innovations/{innovation}/image", "/innovations/<int:innovation_id>/image", PUBLIC),
    ("GET", "/innovations/{draft}/image", "/innovations/<int:innovation_id>/image",
     dict.fromkeys(ROLES, 404)),
    ("GET", "/innovations/{innovation}/attachments/{attachment}",
     "/innovations/<int:innovation_id>/attachments/<int:attachment_id>", PUBLIC),
    ("POST", "/innovations/{innovation}/attachments/{attachment}/delete",
     "/innovations/<int:innovation_id>/attachments/<int:attachment_id>/delete",
     {"anonymous": 302, **dict.fromkeys(SIGNED_IN, 403)}),
    ("GET", "/innovations/new", "/innovations/new", PROVIDER_ONLY),
    ("GET", "/innovations/{own_innovation}/edit", "/innovations/<int:innovation_id>/edit",
     {"anonymous": 302, "member": 404, "provider": 200, "commissioner": 404, "admin": 403}),
    ("GET", "/innovations/{innovation}/edit", "/innovations/<int:innovation_id>/edit",
     {"anonymous": 302, **dict.fromkeys(SIGNED_IN, 403)}),
    ("POST", "/innovations/{own_innovation}/submit", "/innovations/<int:innovation_id>/submit",
     {"anonymous": 302, "member": 404, "provider": 303, "commissioner": 404, "admin": 403}),
    ("POST", "/innovations/{draft}/submit", "/innovations/<int:innovation_id>/submit",
     {"anonymous": 302, "member": 404, "provider": 404, "commissioner": 404, "admin": 403}),
    ("GET", "/innovations/yours", "/innovations/yours", PROVIDER_ONLY),
    ("GET", "/innovations/interests", "/innovations/interests", PROVIDER_ONLY),
    ("GET", "/innovations/{innovation}/interest", "/innovations/<int:innovation_id>/interest",
     COMMISSIONER_ONLY),
    ("GET", "/innovations/{innovation}/adopt", "/innovations/<int:innovation_id>/adopt",
     COMMISSIONER_ONLY),
    ("GET", "/innovations/moderation", "/innovations/moderation", ADMIN_ONLY),
    ("GET", "/innovations/{submitted}/moderate", "/innovations/<int:innovation_id>/moderate",
     {"anonymous": 302, "member": 404, "provider": 404, "commissioner": 404, "admin": 200}),
    ("POST", "/innovations/{innovation}/withdraw", "/innovations/<int:innovation_id>/withdraw",
     {**ADMIN_ONLY, "admin": 303}),
    ("GET", "/api/v1/innovations", "/api/v1/innovations", PUBLIC),
    ("GET", "/api/v1/innovations/{innovation}", "/api/v1/innovations/<int:innovation_id>",
     PUBLIC),
    ("GET", "/api/v1/innovations/{draft}", "/api/v1/innovations/<int:innovation_id>",
     dict.fromkeys(ROLES, 404)),
]


@pytest.fixture
def world(make_user, make_organisation):
    """One user per role, another organisation with a member waiting, and a failed email."""
    from portal.extensions import db
    from portal.models import OutboundEmail

    other = make_organisation("Other Body", "pct", "pending")
    make_user("commissioner", organisation=other)
    pending = make_user("member", organisation=other)
    users = {role: make_user(role) for role in ROLES if role != "anonymous"}
    failed = OutboundEmail(template="verify_email", recipient="x@example.org", subject="s",
                           body_text="t", body_html="h", status="failed", attempts=8)
    db.session.add(failed)
    db.session.commit()
    from tests.innovations.support import innovation_world

    return {"users": users, "other": other.id, "pending": pending.id, "failed_email": failed.id,
            **innovation_world(users, make_user("provider"))}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "template", "rule", "expected"), MATRIX,
                         ids=[f"{m} {t}" for m, t, _, _ in MATRIX])
def test_route_answers_each_role_as_expected(client, auth, world, role, method, template, rule,
                                             expected):
    user = world["users"].get(role)
    if user is not None:
        auth.login(user)
    own = user.organisation_id if user is not None and user.organisation_id else world["other"]
    path = template.format(own=own, **{k: v for k, v in world.items() if k != "users"})
    if method == "GET":
        response = client.get(path)
    else:
        data = {"csrf_token": csrf_token(client, "/register")}
        if path.startswith("/admin/organisations/"):
            data["decision"] = "verified"
        if path.endswith("/withdraw"):
            data["reason"] = "Out of date"
        response = client.post(path, data=data)
    assert response.status_code == expected[role]


def test_matrix_covers_every_route(app):
    covered = {rule for _, _, rule, _ in MATRIX}
    routes = {rule.rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"}
    assert routes - covered == set()
