"""Configuration: defaults per environment, then values from environment variables.

Every environment variable the portal reads is listed in ENVIRONMENT below (and in
the README). They are read when the app is created, not when this module is imported.
"""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"
DEVELOPMENT_SECRET = "development-only-not-secret"
REDIS_SCHEMES = ("redis://", "rediss://", "redis+sentinel://", "redis+cluster://")


def _bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


# environment variable -> (setting, conversion)
ENVIRONMENT = {
    "SECRET_KEY": ("SECRET_KEY", str),
    "DATABASE_URL": ("SQLALCHEMY_DATABASE_URI", str),
    "SEARCH_INDEX_DIR": ("SEARCH_INDEX_DIR", str),
    "SEARCH_BACKEND": ("SEARCH_BACKEND", str),
    "UPLOAD_DIR": ("UPLOAD_DIR", str),
    "UPLOAD_STORAGE": ("UPLOAD_STORAGE", str),
    "PORTAL_BASE_URL": ("PORTAL_BASE_URL", str),
    "MAIL_SERVER": ("MAIL_SERVER", str),
    "MAIL_PORT": ("MAIL_PORT", int),
    "MAIL_USE_TLS": ("MAIL_USE_TLS", _bool),
    "MAIL_USE_SSL": ("MAIL_USE_SSL", _bool),
    "MAIL_USERNAME": ("MAIL_USERNAME", str),
    "MAIL_PASSWORD": ("MAIL_PASSWORD", str),
    "MAIL_DEFAULT_SENDER": ("MAIL_DEFAULT_SENDER", str),
    "OUTBOX_MAX_ATTEMPTS": ("OUTBOX_MAX_ATTEMPTS", int),
    "OUTBOX_BACKOFF_SECONDS": ("OUTBOX_BACKOFF_SECONDS", int),
    "RATELIMIT_STORAGE_URI": ("RATELIMIT_STORAGE_URI", str),
    "SIGN_IN_RATE_LIMIT": ("SIGN_IN_RATE_LIMIT", str),
    "SIGN_IN_ADDRESS_RATE_LIMIT": ("SIGN_IN_ADDRESS_RATE_LIMIT", str),
    "SIGN_IN_ACCOUNT_RATE_LIMIT": ("SIGN_IN_ACCOUNT_RATE_LIMIT", str),
    "API_RATE_LIMIT": ("API_RATE_LIMIT", str),
    "SEARCH_RATE_LIMIT": ("SEARCH_RATE_LIMIT", str),
    "FEEDBACK_RATE_LIMIT": ("FEEDBACK_RATE_LIMIT", str),
    "PROXY_FIX_HOPS": ("PROXY_FIX_HOPS", int),
    "PUBLIC_CACHE_SECONDS": ("PUBLIC_CACHE_SECONDS", int),
    "PAGE_CACHE": ("PAGE_CACHE", _bool),
    "FORCE_HTTPS": ("FORCE_HTTPS", _bool),
    "SESSION_COOKIE_SECURE": ("SESSION_COOKIE_SECURE", _bool),
    "REMEMBER_COOKIE_SECURE": ("REMEMBER_COOKIE_SECURE", _bool),
    "SERVICE_OPERATOR": ("SERVICE_OPERATOR", str),
    "SERVICE_OPERATOR_ADDRESS": ("SERVICE_OPERATOR_ADDRESS", str),
    "SUPPORT_EMAIL": ("SUPPORT_EMAIL", str),
    "FEEDBACK_EMAIL": ("FEEDBACK_EMAIL", str),
    "ACCESSIBILITY_EMAIL": ("ACCESSIBILITY_EMAIL", str),
    "PRIVACY_EMAIL": ("PRIVACY_EMAIL", str),
    "OCDS_OCID_PREFIX": ("OCDS_OCID_PREFIX", str),
}


def from_environment() -> dict:
    """Settings given by environment variables, read now."""
    settings = {}
    for variable, (setting, convert) in ENVIRONMENT.items():
        value = os.environ.get(variable)
        if value not in (None, ""):
            settings[setting] = convert(value)
    return settings


class Config:
    SECRET_KEY = DEVELOPMENT_SECRET
    SQLALCHEMY_DATABASE_URI = f"sqlite:///{INSTANCE_DIR / 'portal.db'}"
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SEARCH_INDEX_DIR = str(INSTANCE_DIR / "search-index")
    # "whoosh" or "postgres"; empty: postgres on PostgreSQL, whoosh otherwise.
    SEARCH_BACKEND = ""
    UPLOAD_DIR = str(INSTANCE_DIR / "uploads")
    # "database" or "directory"; empty: the database on PostgreSQL, UPLOAD_DIR otherwise.
    UPLOAD_STORAGE = ""
    MAX_CONTENT_LENGTH = 12 * 1024 * 1024

    # Address used in links inside emails, e.g. https://portal.example.org
    PORTAL_BASE_URL = "http://127.0.0.1:5000"

    # Who runs the service (the data controller named in the privacy notice) and where
    # people write to: the legal pages, the phase banner and the error page show these.
    SERVICE_OPERATOR = "the Commissioning Exchange team"
    SERVICE_OPERATOR_ADDRESS = ""  # a postal address, shown when set
    SUPPORT_EMAIL = "support@exchange.localhost"
    FEEDBACK_EMAIL = "feedback@exchange.localhost"
    ACCESSIBILITY_EMAIL = "accessibility@exchange.localhost"
    PRIVACY_EMAIL = "privacy@exchange.localhost"

    # Open contracting data: every ocid starts with this prefix. A real deployment registers
    # its own with the Open Contracting Partnership; ocds-213czf is the prefix of the
    # standard's own fictional examples, so data published under it reads as test data.
    OCDS_OCID_PREFIX = "ocds-213czf"

    MAIL_SERVER = "127.0.0.1"
    MAIL_PORT = 8025
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME = None
    MAIL_PASSWORD = None
    MAIL_DEFAULT_SENDER = "Commissioning Exchange <no-reply@exchange.localhost>"
    MAIL_TIMEOUT = 10
    # `flask outbox send` retries temporary failures this many times, doubling the wait.
    OUTBOX_MAX_ATTEMPTS = 8
    OUTBOX_BACKOFF_SECONDS = 60

    # Proxies in front of the portal whose X-Forwarded-For, -Proto, -Host and -Port headers
    # are believed (0: none, the portal faces the clients itself).
    PROXY_FIX_HOPS = 0

    # How long a browser or shared cache may keep a public page or open data answered to a
    # visitor (0: not at all). Signed-in users' pages are never kept (portal/caching.py).
    PUBLIC_CACHE_SECONDS = 60
    # Each web process keeps public pages for visitors up to PUBLIC_CACHE_SECONDS and answers
    # repeats without running the app (portal/pagecache.py). On in production.
    PAGE_CACHE = False

    # Limits are per client address (behind a proxy, see PROXY_FIX_HOPS). With several
    # workers or hosts they must share a store: redis://…, required in production.
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}
    RATELIMIT_HEADERS_ENABLED = True
    # When the store is unreachable each process counts in its own memory until it is back,
    # and any other failure of the store lets the request through: a Redis outage must not
    # stop people signing in.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    # Sign-in and password-reset requests: per account from one address, per address (one
    # council office behind one NAT address is many people), per account from anywhere.
    SIGN_IN_RATE_LIMIT = "5 per minute;30 per hour"
    SIGN_IN_ADDRESS_RATE_LIMIT = "100 per minute;1000 per hour"
    SIGN_IN_ACCOUNT_RATE_LIMIT = "10 per minute;100 per hour"
    API_RATE_LIMIT = "300 per minute"
    SEARCH_RATE_LIMIT = "120 per minute"
    # Feedback on a service without an account, per address: generous, since a day centre or
    # an advocacy office is many people behind one address.
    FEEDBACK_RATE_LIMIT = "30 per hour;200 per day"

    # werkzeug's scrypt at its default cost; the tests lower the cost for speed.
    PASSWORD_HASH_METHOD = "scrypt"
    PASSWORD_MIN_LENGTH = 10
    EMAIL_TOKEN_MAX_AGE = 3 * 24 * 3600
    RESET_TOKEN_MAX_AGE = 3600

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = True
    REMEMBER_COOKIE_DURATION = 30 * 24 * 3600
    WTF_CSRF_TIME_LIMIT = None  # tied to the session instead, so long forms do not expire
    FORCE_HTTPS = True


class DevelopmentConfig(Config):
    DEBUG = True
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    FORCE_HTTPS = False


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    FORCE_HTTPS = False
    PASSWORD_HASH_METHOD = "scrypt:1024:8:1"
    MAIL_SUPPRESS_SEND = False
    MAIL_TIMEOUT = 5
    OUTBOX_BACKOFF_SECONDS = 0
    RATELIMIT_STORAGE_URI = "memory://"
    # The suite walks every route many times from one address; the limit tests lower these.
    API_RATE_LIMIT = "100000 per minute"
    SEARCH_RATE_LIMIT = "100000 per minute"
    FEEDBACK_RATE_LIMIT = "100000 per minute"


class ProductionConfig(Config):
    DEBUG = False
    PAGE_CACHE = True

    @staticmethod
    def check(config: dict) -> None:
        """Refuse to start production with a development secret, the embedded database, links
        in email pointing at a development address, or rate limits each process keeps alone."""
        problems = []
        if config["SECRET_KEY"] in (DEVELOPMENT_SECRET, "", None):
            problems.append("SECRET_KEY must be set to a long random value")
        if not os.environ.get("DATABASE_URL"):
            problems.append("DATABASE_URL must point at the production database")
        if config["PORTAL_BASE_URL"] == Config.PORTAL_BASE_URL:
            problems.append("PORTAL_BASE_URL must be the public address, like "
                            "https://portal.example.org (links in email use it)")
        if not config["RATELIMIT_STORAGE_URI"].startswith(REDIS_SCHEMES):
            problems.append("RATELIMIT_STORAGE_URI must be a Redis server (redis://host:6379) "
                            "that every worker and host shares")
        if problems:
            raise RuntimeError("Refusing to start in production: " + "; ".join(problems))


CONFIGS = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}
