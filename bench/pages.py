"""Pages under load (run by hand, not a test): requests a second and p99 of the busiest pages,
beside a bare Flask "hello" route on the same gunicorn set-up, in one run.

    bin/with-redis .venv/bin/python bench/pages.py                     # SQLite
    bin/with-postgres bin/with-redis .venv/bin/python bench/pages.py   # SQLite, then PostgreSQL
    (--duration 5 seconds a page, --connections 32, --workers 2, --repeat 1 are the defaults;
    --database sqlite or postgresql runs one only)

For each database it builds a fresh one with the demo content (`flask deploy`, `seed-demo`,
`search sync`), starts the portal under gunicorn with production settings (limits in Redis,
raised so one address can send this many requests) and a bare Flask app under the same
gunicorn command, signs a demo provider in over HTTP for the signed-in runs, then points wrk
at each page in turn, anonymous and signed in, and at all of them mixed. Each repeat measures
bare Flask again first, so every share compares like with like on a machine whose load
changes. Errors are socket errors, timeouts and answers of 400 or above. It prints a markdown
table per database: with --repeat above 1, the median and (in brackets) the best.
"""

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WRK = "/usr/bin/wrk"
DEMO_USER, DEMO_PASSWORD = "provider@example.org", "demo-portal-2009"
# /accessibility is static text: its row is the floor, what the portal's own machinery costs
# (hooks, sign-in, the layout) on a page that reads nothing.
PAGES = ["/accessibility", "/api/v1/search?q=employment+training", "/",
         "/search?q=housing+support",
         "/opportunities/{id}", "/opportunities/", "/library/", "/innovations/",
         "/areas/E08000003"]
UNLIMITED = "1000000 per minute"

# wrk runs this per thread: paths in turn, and a JSON line with the figures at the end.
LUA = """
local paths = {%(paths)s}
local i = 0
%(headers)s
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %%d, "seconds": %%f, "p50_ms": %%f, "p99_ms": %%f, "errors": %%d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, e.connect + e.read + e.write + e.timeout + e.status))
end
"""


def hello_app():
    """The reference: a bare Flask app answering one short string (gunicorn calls this)."""
    from flask import Flask

    app = Flask(__name__)
    app.add_url_rule("/", "hello", lambda: "Hello, World!")
    return app


@dataclass
class Result:
    rate: float
    p99_ms: float
    errors: int


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _postgres_url() -> str:
    """A new, empty database on the PostgreSQL server bin/with-postgres started."""
    import psycopg

    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return os.environ["DATABASE_URL"]
    params = {k: os.environ[f"PG{k.upper()}"] for k in ("host", "port", "user", "password")}
    name = f"pages_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(**params, dbname=os.environ.get("PGDATABASE", "postgres"),
                         autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return (f"postgresql+psycopg://{params['user']}:{params['password']}@{params['host']}:"
            f"{params['port']}/{name}")


def _environment(url: str, workdir: Path, port: int) -> dict:
    """Production settings, with limits one benchmarking address cannot reach."""
    return dict(os.environ, PORTAL_ENV="production", DATABASE_URL=url,
                SECRET_KEY=uuid.uuid4().hex, FORCE_HTTPS="false", SESSION_COOKIE_SECURE="false",
                REMEMBER_COOKIE_SECURE="false", PORTAL_BASE_URL=f"http://127.0.0.1:{port}",
                RATELIMIT_STORAGE_URI=os.environ["REDIS_URL"], SIGN_IN_RATE_LIMIT=UNLIMITED,
                SIGN_IN_ADDRESS_RATE_LIMIT=UNLIMITED, SIGN_IN_ACCOUNT_RATE_LIMIT=UNLIMITED,
                API_RATE_LIMIT=UNLIMITED, SEARCH_RATE_LIMIT=UNLIMITED,
                SEARCH_INDEX_DIR=str(workdir / "search-index"),
                UPLOAD_DIR=str(workdir / "uploads"), MAIL_PORT=str(_free_port()))


def _prepare(env: dict) -> None:
    flask = [str(ROOT / ".venv/bin/flask"), "--app", "wsgi"]
    for command in (["deploy"], ["seed-demo"], ["search", "sync"]):
        subprocess.run(flask + command, cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _start(app: str, env: dict, port: int, workers: int, ready: str) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", app], cwd=ROOT, env=env)
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{ready}", timeout=10)
            return server
        except OSError:  # not listening yet, or still starting
            time.sleep(0.1)
    server.terminate()
    raise SystemExit(f"gunicorn did not start {app}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _sign_in(base: str) -> str:
    """The session cookie of a real sign-in of a demo provider."""
    import http.cookiejar

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())
    page = opener.open(f"{base}/sign-in", timeout=30).read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)[1]
    body = urllib.parse.urlencode({"csrf_token": token, "email": DEMO_USER,
                                   "password": DEMO_PASSWORD}).encode()
    try:
        opener.open(f"{base}/sign-in", body, timeout=30)
    except urllib.error.HTTPError as answer:
        if answer.code != 303:
            raise SystemExit(f"sign-in failed: {answer.code}") from None
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def _published_id(base: str) -> int:
    with urllib.request.urlopen(f"{base}/api/v1/opportunities", timeout=30) as answer:
        return json.load(answer)["data"][0]["id"]


def _wrk(base: str, paths: list[str], args, cookie: str = "") -> Result:
    headers = f'wrk.headers["Cookie"] = "{cookie}"' if cookie else ""
    script = LUA % {"paths": ", ".join(json.dumps(p) for p in paths), "headers": headers}
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as file:
        file.write(script)
        file.flush()
        run = subprocess.run([WRK, "-t", "2", "-c", str(args.connections), "-d",
                              f"{args.duration}s", "--timeout", "10s", "-s", file.name, base],
                             capture_output=True, text=True, check=True)
    figures = json.loads(run.stdout.strip().splitlines()[-1])
    return Result(figures["requests"] / figures["seconds"], figures["p99_ms"], figures["errors"])


def _warm(base: str, paths: list[str], cookie: str) -> None:
    """A few requests a page, so each worker has read its templates and reference data."""
    for path in paths:
        for _ in range(4):
            request = urllib.request.Request(base + path, headers={"Cookie": cookie})
            urllib.request.urlopen(request, timeout=30).read()


def _measure(portal: str, hello: str, paths: list[str], cookie: str, args) -> dict:
    """{row: [Result per repeat]}, with bare Flask measured first in every repeat."""
    rows: dict[str, list[tuple[Result, float]]] = {}
    for _ in range(args.repeat):
        reference = _wrk(hello, ["/"], args)
        rows.setdefault("bare Flask `/`", []).append((reference, reference.rate))
        for label, run in [*[(f"`{p}`", [p]) for p in paths], ("mixed (all of the above)", paths)]:
            rows.setdefault(label, []).append((_wrk(portal, run, args, cookie), reference.rate))
    return rows


def _cell(values: list[float], best, text) -> str:
    middle = text(statistics.median(values))
    return middle if len(values) == 1 else f"{middle} ({text(best(values))})"


def _duration(ms: float) -> str:
    if ms == float("inf"):
        return "none answered"
    return f"{ms / 1000:.1f} s" if ms >= 1000 else f"{ms:.0f} ms"


def _table(title: str, rows: dict) -> str:
    lines = [f"\n{title}\n", "| page | req/s | p99 | share of bare Flask | errors |",
             "| --- | --- | --- | --- | --- |"]
    for label, runs in rows.items():
        rates = [r.rate for r, _ in runs]
        shares = [r.rate / reference for r, reference in runs]
        p99s = [r.p99_ms if r.rate else float("inf") for r, _ in runs]  # none answered
        lines.append(" | ".join([
            f"| {label}", _cell(rates, max, lambda v: f"{v:,.0f}"),
            _cell(p99s, min, _duration),
            _cell(shares, max, lambda v: f"{v:.0%}"),
            f"{sum(r.errors for r, _ in runs)} |"]))
    return "\n".join(lines)


def _run(database: str, args) -> str:
    workdir = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    url = f"sqlite:///{workdir / 'portal.db'}" if database == "sqlite" else _postgres_url()
    port, hello_port = _free_port(), _free_port()
    env = _environment(url, workdir, port)
    print(f"{database}: preparing the demo content ...", file=sys.stderr, flush=True)
    _prepare(env)
    servers = [_start("wsgi:app", env, port, args.workers, "/api/v1/health"),
               _start("bench.pages:hello_app()", env, hello_port, args.workers, "/")]
    try:
        portal, hello = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{hello_port}"
        paths = [p.format(id=_published_id(portal)) for p in PAGES]
        cookie = _sign_in(portal)
        _warm(portal, paths, cookie)
        tables = []
        for who, with_cookie in (("anonymous", ""), ("signed in (a provider)", cookie)):
            print(f"{database}: {who} ...", file=sys.stderr, flush=True)
            rows = _measure(portal, hello, paths, with_cookie, args)
            tables.append(_table(f"**{database}, {who}**", rows))
        return "\n".join(tables)
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds of wrk a page")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], action="append")
    args = parser.parse_args()
    if not os.environ.get("REDIS_URL"):
        raise SystemExit("Production keeps rate limits in Redis: run under bin/with-redis")
    postgres = bool(os.environ.get("PGHOST") or os.environ.get("DATABASE_URL"))
    databases = args.database or (["sqlite", "postgresql"] if postgres else ["sqlite"])
    started = time.monotonic()
    load = os.getloadavg()[0]
    output = [_run(database, args) for database in databases]
    print(f"gunicorn -w {args.workers}, wrk -c {args.connections} -t 2, {args.duration} s a "
          f"page, {args.repeat} repeat(s); load {load:.1f} at the start, "
          f"{os.getloadavg()[0]:.1f} at the end; {time.monotonic() - started:.0f} s in all")
    print("\n".join(output))


if __name__ == "__main__":
    main()
