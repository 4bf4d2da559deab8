"""Two hosts behave as one: two gunicorn servers as separate processes, each in its own working
directory with its own upload and index directories, sharing one PostgreSQL and one Redis.

Not here yet: an edit through host A found by search on host B. Each host keeps its own
Whoosh index; that needs the PostgreSQL search backend (issue 15).
"""

import io
import json
import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from portal import create_app
from portal.extensions import db
from portal.models import OpportunityAttachment, Organisation, User
from tests.factories import complete_draft
from tests.support import RedisServer, create_pg_database, drop_pg_database, free_port

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct-horse-battery-staple"
PDF = b"%PDF-1.4\n" + os.urandom(300_000) + b"\n%%EOF\n"  # more than one piece in the database
PUBLIC = "https://portal.example.org"

pytestmark = pytest.mark.several_hosts


class Host:
    """One web host: `gunicorn wsgi:app` started in a directory of its own."""

    def __init__(self, name: str, directory: Path, environment: dict):
        self.name, self.directory = name, directory
        directory.mkdir()
        self.environment = environment | {"SEARCH_INDEX_DIR": str(directory / "search-index"),
                                          "UPLOAD_DIR": str(directory / "uploads")}
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def run(self, *args: str) -> subprocess.Popen:
        log = open(self.directory / f"{args[0]}.log", "ab")  # noqa: SIM115 (the child owns it)
        with log:
            return subprocess.Popen([str(ROOT / ".venv/bin/flask"), "--app", "wsgi", *args],
                                    cwd=self.directory, env=self.environment, stdout=log,
                                    stderr=subprocess.STDOUT)

    def start(self) -> None:
        with open(self.directory / "gunicorn.log", "ab") as log:
            self.process = subprocess.Popen(
                [str(ROOT / ".venv/bin/gunicorn"), "-w", "1", "-b", f"127.0.0.1:{self.port}",
                 "wsgi:app"],
                cwd=self.directory, env=self.environment, stdout=log, stderr=subprocess.STDOUT)

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.url}/api/v1/health", timeout=5).close()
                return
            except urllib.error.HTTPError:
                return  # answering
            except OSError:
                assert self.process.poll() is None, self.log()
                time.sleep(0.1)
        raise AssertionError(f"host {self.name} did not start: {self.log()}")

    def log(self) -> str:
        return (self.directory / "gunicorn.log").read_text(errors="replace")[-3000:]

    def stop(self) -> None:
        """Quick shutdown (SIGINT): every request of the test has had its answer."""
        if self.process is not None:
            self.process.send_signal(signal.SIGINT)

    def wait(self) -> None:
        if self.process is not None:
            self.process.wait(timeout=30)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One person's browser: cookies kept whichever host answers, redirects not followed."""

    def __init__(self):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirect())

    def request(self, host: Host, path: str, data: bytes | None = None,
                headers: dict | None = None) -> tuple[int, bytes]:
        request = urllib.request.Request(host.url + path, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.read()

    def token(self, host: Host, path: str) -> str:
        page = self.request(host, path)[1].decode()
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)

    def post(self, host: Host, path: str, fields: dict) -> int:
        boundary, body = encode_multipart(MultiDict(
            {"csrf_token": self.token(host, path), **fields}))
        content_type = f"multipart/form-data; boundary={boundary}"
        return self.request(host, path, body, {"Content-Type": content_type})[0]

    def sign_in(self, host: Host, email: str, password: str = PASSWORD) -> int:
        return self.post(host, "/sign-in", {"email": email, "password": password})


def _seed(url: str, tmp_path: Path) -> int:
    """A commissioner with a draft opportunity, written straight to the shared database."""
    from portal.auth.passwords import hash_password

    app = create_app({"PORTAL_ENV": "test", "SQLALCHEMY_DATABASE_URI": url,
                      "SEARCH_INDEX_DIR": str(tmp_path / "seed-index"),
                      "SEARCH_INDEX_ON_COMMIT": False})
    with app.app_context():
        council = Organisation(name="Manchester City Council", name_key="manchester city council",
                               kind="local-authority", status="verified")
        user = User(email="commissioner@example.org", name="Chris Commissioner",
                    password_hash=hash_password(PASSWORD), organisation=council,
                    membership="active", email_verified_at=db.func.now())
        db.session.add(user)
        db.session.commit()
        opportunity_id = complete_draft(council, user).id
        db.session.remove()
        db.engine.dispose()
    return opportunity_id


def _attachment_id(url: str, tmp_path: Path) -> int:
    app = create_app({"PORTAL_ENV": "test", "SQLALCHEMY_DATABASE_URI": url,
                      "SEARCH_INDEX_DIR": str(tmp_path / "seed-index")})
    with app.app_context():
        attachment_id = db.session.scalar(select(OpportunityAttachment.id))
        db.session.remove()
        db.engine.dispose()
    return attachment_id


def _found(browser: Browser, host: Host, words: str) -> int:
    status, body = browser.request(host, "/api/v1/search?" + urlencode({"q": words}))
    assert status == 200
    return json.loads(body)["total"]


@pytest.fixture
def hosts(tmp_path):
    """Hosts A and B on one new PostgreSQL database and one Redis of the test's own (which the
    test stops), each after its own `flask deploy`, the two started together."""
    url, redis = create_pg_database(), RedisServer()
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "PORTAL_ENV": "production",
                   "SECRET_KEY": uuid.uuid4().hex, "DATABASE_URL": url,
                   "RATELIMIT_STORAGE_URI": redis.url, "PORTAL_BASE_URL": PUBLIC,
                   "PROXY_FIX_HOPS": "1", "FORCE_HTTPS": "false", "SESSION_COOKIE_SECURE": "false",
                   "REMEMBER_COOKIE_SECURE": "false", "MAIL_PORT": str(free_port())}
    a, b = Host("A", tmp_path / "a", environment), Host("B", tmp_path / "b", environment)
    try:
        redis.start()
        deploys = [host.run("deploy") for host in (a, b)]
        assert [deploy.wait(timeout=120) for deploy in deploys] == [0, 0], [
            (host.directory / "deploy.log").read_text() for host in (a, b)]
        opportunity_id = _seed(url, tmp_path)
        for host in (a, b):
            host.start()
        for host in (a, b):
            host.wait_until_up()
        yield a, b, redis, url, opportunity_id
    finally:
        for host in (a, b):
            host.stop()
        for host in (a, b):
            host.wait()
        redis.close()
        drop_pg_database(url)


def test_two_hosts_behave_as_one(hosts, tmp_path):
    a, b, redis, url, opportunity_id = hosts
    browser = Browser()

    # Signed in on A, the session holds on B.
    assert browser.sign_in(a, "commissioner@example.org") == 303
    assert browser.request(b, "/dashboard")[0] == 200

    # A document uploaded through A downloads from B, and neither host keeps it on its disk.
    page = f"/opportunities/{opportunity_id}/edit/attachments"
    assert browser.post(a, page, {"document": FileStorage(io.BytesIO(PDF), "plan.pdf")}) == 303
    attachment = _attachment_id(url, tmp_path)
    status, body = browser.request(b, f"/opportunities/{opportunity_id}/attachments/{attachment}")
    assert (status, body == PDF) == (200, True)
    assert not any((host.directory / "uploads").exists() for host in (a, b))

    # Published through A, the opportunity is found by search on B at once: one database
    # holds the search rows (the PostgreSQL backend), written with the change itself.
    assert _found(browser, b, "work tasters") == 0  # a draft is never found
    assert browser.post(a, f"/opportunities/{opportunity_id}/publish", {}) == 303
    assert _found(browser, b, "work tasters") == 1
    assert _found(browser, a, "work tasters") == 1

    # Behind a TLS proxy, links are on the public scheme and host the proxy forwarded.
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "exchange.example.gov.uk"}
    status, body = browser.request(b, "/api/v1/areas/E08000003", headers=forwarded)
    assert b'"url":"https://exchange.example.gov.uk/areas/E08000003"' in body.replace(b" ", b"")

    # Failed sign-ins spread over A and B count against one limit (5 a minute per account and
    # address): the sixth is refused, whichever host it reaches.
    guesser = Browser()
    statuses = [guesser.sign_in(host, "victim@example.org", "guess") for host in (a, b) * 3]
    assert statuses == [400] * 5 + [429]

    # Redis stops: health says so (503), and sign-in still answers.
    redis.stop()
    status, body = Browser().request(a, "/api/v1/health")
    assert status == 503 and b'"limits":"error' in body.replace(b" ", b"")
    assert Browser().sign_in(b, "someone@example.org", "guess") == 400
    assert Browser().sign_in(b, "commissioner@example.org") == 303
