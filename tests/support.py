"""Real components for the tests: databases, an SMTP server, a live portal for the browser."""

import email
import email.policy
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field

import psycopg
import pytest
from aiosmtpd.controller import Controller
from jinja2 import BytecodeCache
from werkzeug.serving import make_server

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
# Loaded by migrations and kept between tests (the taxonomy's seeded rows are restored).
REFERENCE_TABLES = {
    "client_group", "outcome", "indicator", "region", "local_area", "alembic_version",
    "social_clause_type",
}
SEEDED_CLAUSE_TYPES = ("targeted-recruitment", "apprenticeships", "vcse-supply-chain",
                       "local-employment", "volunteering", "co-production")


def unavailable(reason: str):
    """Skip on a laptop without the component; fail in CI, where nothing may be skipped."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: every test must run)", pytrace=False)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ---- PostgreSQL -----------------------------------------------------------------------------

def _pg_params() -> dict | None:
    if not (os.environ.get("PGHOST") or os.environ.get("TEST_PG_DSN")):
        return None
    return {
        "host": os.environ.get("PGHOST", "localhost"),
        "port": os.environ.get("PGPORT", "5432"),
        "user": os.environ.get("PGUSER", "postgres"),
        "password": os.environ.get("PGPASSWORD", ""),
        "dbname": os.environ.get("PGDATABASE", "postgres"),
    }


def create_pg_database() -> str:
    """Create an empty database on the test cluster and return its SQLAlchemy URL."""
    params = _pg_params()
    if params is None:
        unavailable("PostgreSQL is not available: run the suite with `make test`")
    name = f"portal_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(**params, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return (
        f"postgresql+psycopg://{params['user']}:{params['password']}"
        f"@{params['host']}:{params['port']}/{name}"
    )


def drop_pg_database(url: str) -> None:
    params = _pg_params()
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(**params, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# ---- Redis ----------------------------------------------------------------------------------

def redis_url() -> str:
    """The suite's Redis (REDIS_URL, from bin/with-redis), one database per pytest worker so
    that workers running at once never share a counter; emptied for the caller."""
    base = os.environ.get("REDIS_URL")
    if not base:
        unavailable("Redis is not available: run the suite with `make test`")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    url = f"{base.rstrip('/')}/{1 + int(worker.removeprefix('gw') or 0) % 15}"
    import redis

    with redis.Redis.from_url(url) as client:
        client.flushdb()
    return url


class RedisServer:
    """A Redis server of the test's own, which it may stop and start again (the suite's one,
    REDIS_URL, is shared by every test)."""

    def __init__(self):
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            unavailable("redis-server is not installed (apt-get install redis-server)")
        self.port = free_port()
        self.directory = tempfile.mkdtemp(prefix="portal-redis-")
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", self.directory],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


# ---- SMTP ------------------------------------------------------------------------------------

@dataclass
class Inbox:
    """What a real SMTP server on loopback received."""

    port: int
    messages: list = field(default_factory=list)
    controller: Controller | None = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def start(self) -> None:
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def clear(self) -> None:
        self.messages.clear()

    def to(self, address: str) -> list:
        return [m for m in self.messages if m["To"] == address]

    @staticmethod
    def text(message) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()


# ---- A live portal for the browser ----------------------------------------------------------

class LiveServer:
    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        app.config["PORTAL_BASE_URL"] = self.url
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.thread.join(timeout=5)


class SharedBytecodeCache(BytecodeCache):
    """Compiled templates kept across the many apps a test session creates (a speed-up only)."""

    def __init__(self):
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket):
        self.store[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CACHE = SharedBytecodeCache()
