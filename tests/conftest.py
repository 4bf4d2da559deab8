"""Shared fixtures. Every database test runs twice: on SQLite and on a real PostgreSQL server."""

import os
import re
import shutil

import pytest
from flask_migrate import upgrade
from sqlalchemy import delete, text

from portal import create_app
from portal.extensions import db, limiter
from portal.models import Organisation, User
from tests.support import (
    REFERENCE_TABLES,
    SEEDED_CLAUSE_TYPES,
    TEMPLATE_CACHE,
    Inbox,
    LiveServer,
    create_pg_database,
    drop_pg_database,
    free_port,
    unavailable,
)

PASSWORD = "correct-horse-battery-staple"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


def _make_app(url: str, tmp_path, mail_port: int, **extra):
    app = create_app({
        "PORTAL_ENV": "test",
        "SQLALCHEMY_DATABASE_URI": url,
        "SEARCH_INDEX_DIR": str(tmp_path / "search-index"),
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "MAIL_PORT": mail_port,
        **extra,
    })
    app.jinja_env.bytecode_cache = TEMPLATE_CACHE
    return app


def migrate_database(url: str, tmp_path_factory) -> None:
    """Upgrade a new database by the real migrations."""
    app = _make_app(url, tmp_path_factory.mktemp("migrate"), free_port())
    with app.app_context():
        upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request, tmp_path_factory):
    """A database upgraded by the real migrations, once per backend per test session."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'portal.db'}"
    else:
        url = create_pg_database()
    migrate_database(url, tmp_path_factory)
    yield url
    if request.param == "postgresql":
        drop_pg_database(url)


@pytest.fixture(scope="session")
def smtp_inbox():
    inbox = Inbox(port=free_port())
    inbox.start()
    yield inbox
    inbox.stop()


@pytest.fixture
def inbox(smtp_inbox):
    """The real SMTP server on loopback, emptied for this test and running again afterwards."""
    smtp_inbox.clear()
    yield smtp_inbox
    if smtp_inbox.controller is None:
        smtp_inbox.start()


@pytest.fixture
def search_backend():
    """The search backend the app uses: None for the default (PostgreSQL full-text search
    on PostgreSQL, Whoosh on SQLite). A module about one backend overrides this fixture."""
    return None


@pytest.fixture
def app(database_url, smtp_inbox, tmp_path, search_backend):
    extra = {"SEARCH_BACKEND": search_backend} if search_backend else {}
    app = _make_app(database_url, tmp_path, smtp_inbox.port, **extra)
    with app.app_context():
        limiter.reset()
        yield app
        empty_database()
    shutil.rmtree(tmp_path / "search-index", ignore_errors=True)


def empty_database() -> None:
    """Delete every row a test made (the reference data stays), in the app's context."""
    db.session.remove()
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            if table.name not in REFERENCE_TABLES:
                conn.execute(delete(table))
        if conn.dialect.name == "postgresql":  # the search backend's tables (not models)
            conn.execute(text("DELETE FROM search_document; DELETE FROM search_word"))
        clause_types = db.metadata.tables["social_clause_type"]
        conn.execute(delete(clause_types).where(
            clause_types.c.code.not_in(SEEDED_CLAUSE_TYPES)))
    db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_organisation(app):
    return organisation_maker()


def organisation_maker():
    """Returns a factory: make_organisation(name, kind, status), committed."""
    def make(name="Step Forward Housing", kind="charity", status="verified"):
        organisation = Organisation(name=name, name_key=Organisation.key_for(name), kind=kind,
                                    status=status)
        db.session.add(organisation)
        db.session.commit()
        return organisation

    return make


@pytest.fixture
def make_user(app, make_organisation):
    """Returns a factory: make_user(role="provider" | "commissioner" | "admin" | "member")."""
    return user_maker(make_organisation)


def user_maker(make_organisation):
    """Returns a factory of committed users, each with the test password and, unless told
    otherwise, an organisation of its own."""
    from portal.auth.passwords import hash_password
    from portal.clock import now

    password_hash = hash_password(PASSWORD)
    counter = {"n": 0}

    def make(role="provider", *, organisation=None, email=None, verified_email=True,
             org_status="verified"):
        counter["n"] += 1
        n = counter["n"]
        if organisation is None and role in ("provider", "commissioner", "member"):
            kind = "local-authority" if role == "commissioner" else "charity"
            organisation = make_organisation(f"{role.title()} Organisation {n}", kind, org_status)
        user = User(
            email=email or f"{role}{n}@example.org",
            name=f"{role.title()} Person {n}",
            password_hash=password_hash,
            organisation=organisation if role != "admin" else None,
            membership="pending" if role == "member" else "active",
            is_admin=role == "admin",
            email_verified_at=now() if verified_email else None,
        )
        db.session.add(user)
        db.session.commit()
        return user

    return make


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, user_or_email, password=PASSWORD):
        email = getattr(user_or_email, "email", user_or_email)
        token = csrf_token(self._client, "/sign-in")
        return self._client.post("/sign-in", data={"email": email, "password": password,
                                                   "csrf_token": token})

    def logout(self):
        token = csrf_token(self._client, "/")
        return self._client.post("/sign-out", data={"csrf_token": token})


def csrf_token(client, path: str) -> str:
    """Read the CSRF token from a page, as a browser would."""
    page = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', page)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


@pytest.fixture
def auth(client):
    return AuthActions(client)


# ---- Browser ---------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        unavailable("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_server(app):
    with LiveServer(app) as server:
        yield server


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def clock(monkeypatch):
    """Freeze the portal's clock: `clock.set(datetime)` and `clock.advance(timedelta)`."""
    from datetime import UTC, datetime

    import portal.clock

    class FrozenClock:
        current = datetime.now(UTC).replace(microsecond=0)

        def set(self, value):
            self.current = value

        def advance(self, delta):
            self.current = self.current + delta

    frozen = FrozenClock()
    monkeypatch.setattr(portal.clock, "now", lambda: frozen.current)
    return frozen


from tests.bids.helpers import submit_bid  # noqa: E402,F401  (fixture)
from tests.bids.panels import panel_of_three  # noqa: E402,F401  (fixture)
from tests.factories import commissioner, make_opportunity  # noqa: E402,F401  (fixtures)
from tests.innovations.conftest import make_innovation  # noqa: E402,F401  (fixture)
