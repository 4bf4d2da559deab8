"""Search: the only package that imports whoosh.

The rest of the portal calls the functions here. The index lives under
SEARCH_INDEX_DIR and is derived data: the database is the truth. Areas make
their objects searchable with `register(SearchKind(...))` (see registry.py).
"""

from flask import Blueprint

from portal.search.index import check, open_index
from portal.search.index import init_app as _init_index
from portal.search.registry import SearchKind, register

bp = Blueprint("search", __name__)


def init_app(app) -> None:
    """Create the index, and catch up on changes a crashed process left (on the first request)."""
    from portal.search import changes  # noqa: F401  (installs the session hooks)

    _init_index(app)
    state = {"synced": False}

    @app.before_request
    def _catch_up_once():
        if state["synced"]:
            return
        state["synced"] = True
        try:
            changes.sync()
        except Exception:
            app.logger.exception("Search index catch-up failed; run `flask search sync`")


__all__ = ["SearchKind", "bp", "check", "init_app", "open_index", "register"]
