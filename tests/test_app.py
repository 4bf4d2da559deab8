"""The application shell: configuration, health, headers, error pages, CSRF, redirects."""

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest

from portal import create_app
from portal.extensions import db
from tests.conftest import csrf_token


def test_production_refuses_to_start_without_secret_key_and_database_url(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY.*DATABASE_URL"):
        create_app({"PORTAL_ENV": "production"})


def test_production_starts_when_secret_and_database_are_set(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "a-long-random-production-secret")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.db'}")
    monkeypatch.setenv("PORTAL_BASE_URL", "https://portal.example.org")
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/0")
    app = create_app({"PORTAL_ENV": "production", "SEARCH_INDEX_DIR": str(tmp_path / "ix")})
    assert app.debug is False
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_postgres_urls_use_psycopg_3(app):
    from portal import _database_url

    assert _database_url("postgresql://u:p@h/d") == "postgresql+psycopg://u:p@h/d"
    assert _database_url("postgres://u:p@h/d") == "postgresql+psycopg://u:p@h/d"


def test_health_reports_database_search_and_limits_ok(app, client):
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "search": "ok",
                                   "limits": "ok",
                                   "search_backend": app.config["SEARCH_BACKEND"]}


def test_health_reports_a_broken_search_index(app, client, tmp_path):
    app.config["SEARCH_BACKEND"] = "whoosh"  # an index "directory" that is a file
    (tmp_path / "not-a-directory").write_text("")
    app.config["SEARCH_INDEX_DIR"] = str(tmp_path / "not-a-directory")
    response = client.get("/api/v1/health")
    assert response.status_code == 503
    assert response.get_json()["search"].startswith("error")
    assert response.get_json()["database"] == "ok"


def test_pages_send_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "'sha256-" in csp  # the one inline script, by its hash (tests/test_caching.py)
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_unknown_page_shows_the_designed_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)
    assert "Commissioning Exchange" in response.get_data(as_text=True)


def test_unknown_api_route_answers_json(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert response.get_json() == {"type": "about:blank", "title": "Not Found", "status": 404,
                                   "detail": "Page not found"}


def test_unexpected_error_shows_the_designed_500_page(app):
    @app.route("/boom")
    def boom():
        raise RuntimeError("kaboom")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "Sorry, there is a problem with the service" in body
    assert "kaboom" not in body


def test_form_post_without_csrf_token_is_refused(client):
    response = client.post("/sign-in", data={"email": "a@example.org", "password": "x"})
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)


def test_sign_in_does_not_follow_next_to_another_site(client, make_user):
    user = make_user("provider")
    token = csrf_token(client, "/sign-in")
    response = client.post("/sign-in?next=https://evil.example.com/",
                           data={"email": user.email, "password": "correct-horse-battery-staple",
                                 "csrf_token": token})
    assert response.status_code == 303
    assert response.headers["Location"] == "/dashboard"


@pytest.mark.parametrize("target", ["//evil.example.com", "/\\evil.example.com",
                                    "https:evil.example.com", "javascript:alert(1)"])
def test_sign_in_rejects_disguised_external_next(client, make_user, target):
    user = make_user("provider")
    token = csrf_token(client, "/sign-in")
    response = client.post("/sign-in", query_string={"next": target},
                           data={"email": user.email, "password": "correct-horse-battery-staple",
                                 "csrf_token": token})
    assert response.headers["Location"] == "/dashboard"


def test_sign_in_follows_next_within_the_site(client, make_user):
    user = make_user("admin")
    token = csrf_token(client, "/sign-in")
    response = client.post("/sign-in?next=/admin/audit?action=user",
                           data={"email": user.email, "password": "correct-horse-battery-staple",
                                 "csrf_token": token})
    assert response.headers["Location"] == "/admin/audit?action=user"


def test_home_page_lists_the_eight_indicators(client):
    body = client.get("/").get_data(as_text=True)
    for number in range(143, 151):
        assert f"NI {number}" in body
    assert db is not None


# ---- Start-up: a command loads the web layer only when it needs it ---------------------------

ROOT = Path(__file__).resolve().parent.parent
VIEWS_LOADED = "sorted(m for m in sys.modules if m.endswith(('.routes', '.editing')))"


def _in_flask_shell(expressions: list[str], tmp_path) -> list[str]:
    """Evaluate `expressions` one after another in `flask shell`, a command like any other, in
    a process of its own (with `sys` imported); give their values as printed."""
    env = {**os.environ, "PORTAL_ENV": "development", "PORTAL_BASE_URL": "https://portal.test",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'shell.db'}",
           "SEARCH_INDEX_DIR": str(tmp_path / "index")}
    script = "import sys\n" + "".join(f"print('=', {e})\n" for e in expressions)
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "shell"], cwd=ROOT,
                          env=env, input=script, capture_output=True, text=True, check=True)
    return [line.split("= ", 1)[1] for line in done.stdout.splitlines() if "= " in line]


def test_a_command_loads_no_view_until_it_builds_a_link(tmp_path):
    printed = _in_flask_shell([
        VIEWS_LOADED,
        "__import__('portal.urls').urls.external_url('opportunities.detail', opportunity_id=7)",
        "'portal.opportunities.routes' in sys.modules"], tmp_path)
    assert printed == ["[]", "https://portal.test/opportunities/7", "True"]


def test_an_app_built_outside_a_command_loads_its_views_at_once():
    code = ("import sys; from portal import create_app; create_app({'PORTAL_ENV': 'test'}); "
            "print('portal.opportunities.routes' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    assert done.stdout.strip() == "True"


def test_an_app_built_for_a_command_has_every_route_once_asked(tmp_path):
    config = {"PORTAL_ENV": "test", "SEARCH_INDEX_DIR": str(tmp_path / "index")}
    with click.Context(click.Command("any")):
        deferred = create_app(config)
    rules = {(rule.rule, rule.endpoint) for rule in create_app(config).url_map.iter_rules()}
    assert {(rule.rule, rule.endpoint) for rule in deferred.url_map.iter_rules()} == rules
    assert deferred.test_client().get("/api/v1/no-such-thing").status_code == 404
