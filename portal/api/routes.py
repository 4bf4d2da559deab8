"""Open data API. The health check answers only after asking the database, the index and the
store of rate limits (Redis, shared by every host)."""

from flask import current_app, jsonify
from sqlalchemy import text

from portal import search
from portal.api import bp
from portal.extensions import db, limiter


def _database_status() -> str:
    try:
        db.session.execute(text("SELECT 1")).scalar_one()
    except Exception as error:  # any failure means "not ok"; the reason goes to the log
        db.session.rollback()
        return f"error: {type(error).__name__}"
    return "ok"


def _search_status() -> str:
    try:
        search.check()
    except Exception as error:
        return f"error: {type(error).__name__}"
    return "ok"


def _limits_status() -> str:
    """While the store is down each process limits on its own (see config.py), so sign-in
    still works; a load balancer or a person should still hear of it. With limits turned
    off (`RATELIMIT_ENABLED=false`) there is no store to ask."""
    if not limiter.enabled:
        return "off"
    return "ok" if limiter.storage.check() else "error: rate-limit store unreachable"


@bp.route("/health")
def health():
    body = {"database": _database_status(), "search": _search_status(),
            "limits": _limits_status()}
    healthy = all(status in ("ok", "off") for status in body.values())
    return jsonify({"status": "ok" if healthy else "error", **body,
                    "search_backend": current_app.config["SEARCH_BACKEND"]}), (
        200 if healthy else 503)
