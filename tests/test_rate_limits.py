"""Rate limits: per client address, in a store every worker and host shares (Redis), on the
API and search as well as sign-in, and never a 500 when the store is down."""

import pytest
import redis

from portal import create_app
from portal.extensions import db, limiter
from tests.conftest import _make_app, csrf_token
from tests.support import RedisServer, redis_url


def _sign_in(client, email: str, password: str = "wrong-password") -> int:
    token = csrf_token(client, "/sign-in")
    return client.post("/sign-in", data={"email": email, "password": password,
                                         "csrf_token": token}).status_code


@pytest.fixture
def limited(app, database_url, smtp_inbox, tmp_path):
    """Makes a client of the portal with the given settings (on the test's database)."""
    made = []

    def make(**settings):
        made.append(_make_app(database_url, tmp_path, smtp_inbox.port, **settings))
        return made[-1].test_client()

    yield make
    for other in made:
        with other.app_context():
            db.engine.dispose()


@pytest.fixture
def recover_limiter():
    """The limiter is one per process: after a test stops its store, let the next test's
    store be used at once rather than after the limiter's own back-off."""
    yield
    limiter._storage_dead = False


def test_a_council_office_behind_one_address_is_not_locked_out(client):
    statuses = [_sign_in(client, f"officer{n}@council.example.org") for n in range(45)]
    assert 429 not in statuses


def test_one_account_from_one_address_is_limited(client, make_user):
    user = make_user("provider")
    statuses = [_sign_in(client, user.email) for _ in range(6)]
    assert statuses == [400] * 5 + [429]


def test_guesses_at_one_account_from_many_addresses_are_limited(limited, make_user):
    client = limited(PROXY_FIX_HOPS=1, SIGN_IN_ACCOUNT_RATE_LIMIT="3 per minute")
    user = make_user("provider")
    statuses = []
    for n in range(4):
        token = csrf_token(client, "/sign-in")
        statuses.append(client.post(
            "/sign-in", headers={"X-Forwarded-For": f"203.0.113.{n}"},
            data={"email": user.email, "password": "guess", "csrf_token": token}).status_code)
    assert statuses == [400, 400, 400, 429]


def test_the_api_is_limited_per_address(limited):
    client = limited(API_RATE_LIMIT="3 per minute")
    statuses = [client.get(path).status_code for path in (
        "/api/v1/opportunities", "/api/v1/innovations", "/api/v1/library",
        "/api/v1/opportunities")]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/v1/search?q=housing")
    assert refused.mimetype == "application/problem+json"
    assert refused.get_json() == {
        "type": "about:blank", "title": "Too Many Requests", "status": 429,
        "detail": "You have tried this too many times. Wait a few minutes, then try again."}
    assert int(refused.headers["Retry-After"]) > 0


def test_health_is_never_limited(limited):
    client = limited(API_RATE_LIMIT="1 per minute")
    assert [client.get("/api/v1/health").status_code for _ in range(3)] == [200] * 3


def test_search_is_limited_per_address(limited):
    client = limited(SEARCH_RATE_LIMIT="2 per minute")
    statuses = [client.get("/search?q=housing").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_limits_are_counted_in_redis_where_every_host_sees_them(limited, make_user,
                                                                 recover_limiter):
    url = redis_url()
    client = limited(RATELIMIT_STORAGE_URI=url)
    user = make_user("provider")
    assert [_sign_in(client, user.email) for _ in range(2)] == [400, 400]
    with redis.Redis.from_url(url) as store:
        counts = [int(store.get(key)) for key in store.keys("LIMITS*") if b"account:" in key]
    assert counts and max(counts) == 2


@pytest.fixture
def own_redis():
    server = RedisServer()
    server.start()
    yield server
    server.close()


def test_sign_in_still_answers_while_redis_is_down(limited, make_user, own_redis,
                                                  recover_limiter):
    client = limited(RATELIMIT_STORAGE_URI=own_redis.url)
    user = make_user("provider")
    assert _sign_in(client, user.email) == 400
    own_redis.stop()
    assert _sign_in(client, user.email) == 400
    assert _sign_in(client, user.email, "correct-horse-battery-staple") == 303


def test_health_says_when_redis_is_down(limited, own_redis, recover_limiter):
    client = limited(RATELIMIT_STORAGE_URI=own_redis.url)
    assert client.get("/api/v1/health").get_json()["limits"] == "ok"
    own_redis.stop()
    response = client.get("/api/v1/health")
    assert response.status_code == 503
    assert response.get_json()["limits"].startswith("error")
    assert response.get_json()["database"] == "ok"


# ---- Production refuses limits that each process keeps alone ----------------------------------

@pytest.fixture
def production_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "a-long-random-production-secret")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.db'}")
    monkeypatch.setenv("PORTAL_BASE_URL", "https://portal.example.org")
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("SEARCH_INDEX_DIR", str(tmp_path / "ix"))
    return monkeypatch


def test_production_refuses_limits_kept_in_memory(production_environment):
    production_environment.setenv("RATELIMIT_STORAGE_URI", "memory://")
    with pytest.raises(RuntimeError, match="RATELIMIT_STORAGE_URI must be a Redis server"):
        create_app({"PORTAL_ENV": "production"})


def test_production_refuses_to_start_without_its_public_address(production_environment):
    production_environment.delenv("PORTAL_BASE_URL")
    with pytest.raises(RuntimeError, match="PORTAL_BASE_URL must be the public address"):
        create_app({"PORTAL_ENV": "production"})


def test_production_starts_with_redis_and_a_public_address(production_environment):
    app = create_app({"PORTAL_ENV": "production"})
    assert app.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"


@pytest.fixture
def limits_back_on():
    """The limiter is one per process, and an app made with limits off turns them off for
    every app made after it: turn them back on for the next test."""
    yield
    limiter.enabled = True


def test_health_says_limits_are_off_when_they_are_turned_off(limited, limits_back_on):
    response = limited(RATELIMIT_ENABLED=False).get("/api/v1/health")
    assert response.status_code == 200
    assert response.get_json()["limits"] == "off"
