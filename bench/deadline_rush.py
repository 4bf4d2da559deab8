"""The deadline rush (run by hand, not a test): 200 bids submitted in the last minute before
closes_at, against gunicorn with 4 workers on PostgreSQL, limits in Redis (as production has).

    bin/with-postgres bin/with-redis .venv/bin/python bench/deadline_rush.py [--bids N]
    (--bids 200 and --workers 4 are the defaults)

It creates a database, an open opportunity closing about 75 seconds after the rush is set up,
and one provider organisation per bid, each with a complete draft. Each provider signs in
over HTTP first. Then every submission is sent at a random moment in the minute before the
deadline, from a pool of client threads, through the real pages (the bid form with its CSRF
token, revision and every field, then the check page and the submission from it). It
prints how many the server accepted, how many are stored as submitted bids, how many were
lost (accepted but not stored: must be 0), and the latency of the submissions.
"""

import argparse
import http.cookiejar
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402

from portal import clock, create_app  # noqa: E402
from portal.bids import services  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.models import Bid, BidVersion, Organisation, User  # noqa: E402
from tests.bids.helpers import complete_input  # noqa: E402
from tests.factories import complete_draft  # noqa: E402

PASSWORD = "rush-hour-passphrase-2009"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _database_url() -> str:
    params = {k: os.environ[f"PG{k.upper()}"] for k in ("host", "port", "user", "password")}
    name = f"rush_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(**params, dbname=os.environ.get("PGDATABASE", "postgres"),
                         autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return (f"postgresql+psycopg://{params['user']}:{params['password']}@{params['host']}:"
            f"{params['port']}/{name}")


def _prepare(url: str, bids: int, closes_in: float):
    """An open opportunity and `bids` providers, each with a complete draft bid."""
    app = create_app({"PORTAL_ENV": "test", "SQLALCHEMY_DATABASE_URI": url,
                      "SEARCH_INDEX_DIR": "/tmp/rush-index", "PASSWORD_HASH_METHOD": "scrypt"})
    with app.app_context():
        upgrade()
        from portal.auth.passwords import hash_password

        password_hash = hash_password(PASSWORD)
        owner_org = Organisation(name="Rush Council", name_key="rush council",
                                 kind="local-authority", status="verified")
        owner = User(email="owner@rush.example.org", name="Owner", password_hash=password_hash,
                     organisation=owner_org, membership="active", email_verified_at=clock.now())
        db.session.add(owner)
        db.session.flush()
        opportunity = complete_draft(owner_org, owner,
                                     published_at=clock.now() - timedelta(days=1),
                                     closes_at=clock.now() + timedelta(seconds=closes_in),
                                     questions_close_at=clock.now())
        people = []
        for n in range(bids):
            organisation = Organisation(name=f"Charity {n}", name_key=f"charity {n}",
                                        kind="charity", status="verified")
            user = User(email=f"bidder{n}@rush.example.org", name=f"Bidder {n}",
                        password_hash=password_hash, organisation=organisation,
                        membership="active", email_verified_at=clock.now())
            db.session.add(user)
            db.session.flush()
            bid = services.start_bid(opportunity, actor=user)
            db.session.flush()
            services.save_draft(bid, complete_input(opportunity), revision=bid.revision,
                                actor=user)
            people.append((user.email, bid.reference))
        db.session.commit()
        fields = {f"response-{c.id}": "We will coach every young person."
                  for c in opportunity.criteria if c.kind != "price"}
        fields |= {f"commitment-{c.id}": str(c.minimum) for c in opportunity.social_clauses}
        fields |= {f"improvement-{t.id}": "66" for t in opportunity.indicators}
        fields |= {f"people-{t.id}": "120" for t in opportunity.indicators}
        fields["price"] = "180000"
        db.engine.dispose()
        return opportunity.id, opportunity.closes_at, people, fields


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_gunicorn(url: str, workers: int) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    if not os.environ.get("REDIS_URL"):
        raise SystemExit("Production keeps rate limits in Redis: run under bin/with-redis")
    unlimited = "100000 per minute"  # every bidder signs in from 127.0.0.1
    env = dict(os.environ, PORTAL_ENV="production", DATABASE_URL=url,
               SECRET_KEY=uuid.uuid4().hex, FORCE_HTTPS="false", SESSION_COOKIE_SECURE="false",
               PORTAL_BASE_URL=f"http://127.0.0.1:{port}",
               RATELIMIT_STORAGE_URI=os.environ["REDIS_URL"], SIGN_IN_RATE_LIMIT=unlimited,
               SIGN_IN_ADDRESS_RATE_LIMIT=unlimited, SIGN_IN_ACCOUNT_RATE_LIMIT=unlimited,
               SEARCH_INDEX_DIR="/tmp/rush-index", MAIL_PORT=str(_free_port()))
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", "wsgi:app"], cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/api/v1/health", timeout=10)
            return server, base
        except OSError:  # not listening yet, or still starting
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("gunicorn did not start")


class Bidder:
    def __init__(self, base: str, email: str, reference: str):
        self.base, self.email, self.reference = base, email, reference
        self.last_error = ""
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect())

    def _get(self, path: str) -> str:
        return self.opener.open(self.base + path, timeout=60).read().decode()

    def _post(self, path: str, data: dict) -> int:
        body = urllib.parse.urlencode(data).encode()
        try:
            return self.opener.open(self.base + path, body, timeout=60).status
        except urllib.error.HTTPError as error:
            self.last_error = error.read().decode(errors="replace")
            return error.code

    def sign_in(self) -> None:
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', self._get("/sign-in"))[1]
        status = self._post("/sign-in", {"csrf_token": token, "email": self.email,
                                         "password": PASSWORD})
        if status != 303:
            message = re.findall(r'govuk-error-summary__list">(.*?)</ul>', self.last_error,
                                 re.S) or re.findall(r"<h1[^>]*>(.*?)</h1>", self.last_error)
            raise SystemExit(f"sign-in failed for {self.email}: {status} {message}")

    def open_form(self) -> dict:
        page = self._get(f"/bids/{self.reference}")
        return {"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page)[1],
                "revision": re.search(r'name="revision" value="(\d+)"', page)[1]}

    def submit(self, form: dict, fields: dict) -> tuple[int, float]:
        """What a bidder's browser sends: the bid form ("Save and check"), the check page,
        and the submission from it. The time is the whole sequence's."""
        started = time.perf_counter()
        status = self._post(f"/bids/{self.reference}", {**form, **fields, "action": "check"})
        if status == 303:
            try:
                page = self._get(f"/bids/{self.reference}/check")
            except urllib.error.HTTPError as error:  # closed meanwhile: sent back to the bid
                return error.code, time.perf_counter() - started
            revision = re.search(r'name="revision" value="(\d+)"', page)[1]
            status = self._post(f"/bids/{self.reference}/check",
                                {"csrf_token": form["csrf_token"], "revision": revision})
        return status, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bids", type=int, default=200)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--clients", type=int, default=50, help="concurrent client threads")
    args = parser.parse_args()

    url = _database_url()
    setup_seconds = 20 + args.bids * 0.25
    closes_in = setup_seconds + 65
    print(f"Preparing {args.bids} draft bids on PostgreSQL ...", flush=True)
    opportunity_id, closes_at, people, fields = _prepare(url, args.bids, closes_in)
    server, base = _start_gunicorn(url, args.workers)
    try:
        bidders = [Bidder(base, email, reference) for email, reference in people]
        print("Signing in ...", flush=True)
        with ThreadPoolExecutor(16) as pool:
            list(pool.map(Bidder.sign_in, bidders))
        print("Opening forms ...", flush=True)
        forms = {b.reference: b.open_form() for b in bidders}
        rush_start = closes_at - timedelta(seconds=60)
        wait = (rush_start - clock.now()).total_seconds()
        if wait < 0:
            raise SystemExit("Set-up took longer than planned: raise setup_seconds")
        print(f"Signed in; the rush starts in {wait:.0f} s and lasts 58 s.", flush=True)
        time.sleep(wait)
        t0 = time.monotonic()
        offsets = sorted(random.uniform(0, 58) for _ in bidders)
        results, lock = [], threading.Lock()

        def fire(pair):
            bidder, offset = pair
            time.sleep(max(0.0, offset - (time.monotonic() - t0)))
            status, seconds = bidder.submit(forms[bidder.reference], fields)
            with lock:
                results.append((bidder.reference, status, seconds))

        with ThreadPoolExecutor(args.clients) as pool:
            list(pool.map(fire, zip(bidders, offsets, strict=True)))
    finally:
        server.terminate()
        server.wait(timeout=30)

    accepted = {ref for ref, status, _ in results if status == 303}
    app = create_app({"PORTAL_ENV": "test", "SQLALCHEMY_DATABASE_URI": url,
                      "SEARCH_INDEX_DIR": "/tmp/rush-index"})
    with app.app_context():
        stored = set(db.session.scalars(
            db.select(Bid.reference).where(Bid.opportunity_id == opportunity_id,
                                           Bid.status == "submitted")))
        versions = db.session.scalar(db.select(db.func.count()).select_from(BidVersion))
        db.engine.dispose()
    latencies = sorted(seconds * 1000 for _, _, seconds in results)
    quantile = statistics.quantiles(latencies, n=100)
    print(f"\nDeadline rush: {args.bids} submissions in the last minute, gunicorn "
          f"-w {args.workers}, PostgreSQL, {args.clients} client threads")
    print(f"  accepted (303):        {len(accepted)}")
    print(f"  refused:               {len(results) - len(accepted)}")
    print(f"  stored as submitted:   {len(stored)}  ({versions} versions)")
    print(f"  lost (accepted, not stored): {len(accepted - stored)}")
    print(f"  latency p50 {quantile[49]:.0f} ms, p95 {quantile[94]:.0f} ms, "
          f"p99 {quantile[98]:.0f} ms, max {latencies[-1]:.0f} ms")


if __name__ == "__main__":
    main()
