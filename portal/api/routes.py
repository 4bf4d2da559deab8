"""Open data API. The health check answers only after asking the database and the index."""

from flask import jsonify
from sqlalchemy import text

from portal import search
from portal.api import bp
from portal.extensions import db


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


@bp.route("/health")
def health():
    database, index = _database_status(), _search_status()
    healthy = database == "ok" and index == "ok"
    body = {"status": "ok" if healthy else "error", "database": database, "search": index}
    return jsonify(body), 200 if healthy else 503
