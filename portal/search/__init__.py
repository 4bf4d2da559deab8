"""Search: the one face the rest of the portal calls to find things.

The functions here are the same whatever engine answers: they pass the work to the
backend (`_backend()`: Whoosh today, in portal/search/whoosh/, the only package that
imports whoosh). Requests and results are backend-neutral dataclasses (results.py); what
a backend must provide is written down in backend.py. The index is derived data: the
database is the truth. Areas make their objects searchable with
`register(SearchKind(...))` (see registry.py).
"""

import importlib
from collections.abc import Callable

from flask import Blueprint, Flask

from portal.search.backend import SearchBackend
from portal.search.labels import FACET_TITLES, facet_labels
from portal.search.registry import SearchKind, public_count, register
from portal.search.registry import get as get_kind
from portal.search.results import (
    FILTERS,
    MAX_PAGE,
    PER_PAGE,
    SORTS,
    TEXT_FIELDS,
    Hit,
    KindMatches,
    SearchRequest,
    SearchResults,
    parse_args,
)

bp = Blueprint("search", __name__)

# Loaded on first use, so that importing the face (every area that registers a kind does)
# loads no search engine; the configuration will choose between backends.
_BACKEND = "portal.search.whoosh.backend"


def _backend() -> SearchBackend:
    return importlib.import_module(_BACKEND)


def init_app(app: Flask) -> None:
    """Make the backend ready, and catch up on changes a crashed process left (on the first
    request)."""
    _backend().init_app(app)
    state = {"synced": False}

    @app.before_request
    def _catch_up_once():
        if state["synced"]:
            return
        state["synced"] = True
        try:
            sync()
        except Exception:
            app.logger.exception("Search index catch-up failed; run `flask search sync`")


def run(request: SearchRequest) -> SearchResults:
    """Everything public that matches `request`, with facet counts and a suggestion."""
    return _backend().run(request)


def match_kind(text: str, kind: str) -> KindMatches:
    """The ids of every public `kind` object matching `text`, ranked as the search page ranks
    them, with the search page's message for odd input. Empty text matches nothing: callers
    leave the words out rather than ask."""
    return _backend().match_kind(text, kind)


def sync(processes: int = 1) -> int:
    """Apply changes a crashed or busy process left unindexed (or rebuild an empty index).
    A web request uses one process; `flask search sync` may use more."""
    return _backend().sync(processes=processes)


def reindex(progress: Callable[[int], None] | None = None, processes: int = 1) -> int:
    """Rebuild the whole index from the database; return the number of documents.
    `processes` > 1 spreads the work over worker processes: for the command line only."""
    return _backend().reindex(progress=progress, processes=processes)


def processes_for(count: int) -> int:
    """How many worker processes a command-line build of `count` documents should use."""
    return _backend().processes_for(count)


def check() -> int:
    """Read from the index (raising if it cannot); return the number of documents."""
    return _backend().check()


def positions(text: str) -> dict[str, list[int]]:
    """Each word of `text` as the index analyses it (stemmed), with its positions: what a
    saved alert's words and phrases are matched against."""
    return _backend().positions(text)


def alert_words(text: str) -> set[str] | None:
    """The analysed words every item a saved search matches must contain (an empty set for
    no text); None when the text has no words to look for."""
    return _backend().alert_words(text)


def alert_matches(text: str, facets: dict[str, set[str]],
                  positions: dict[str, dict[str, list[int]]]) -> bool:
    """Whether an item matches a saved search's words, as the search page would decide:
    `facets` are its facet values (indicator codes match as tags), `positions` maps each
    text field to `positions()` of its text."""
    return _backend().alert_matches(text, facets, positions)


def changed_in_bulk(kind: str, ids: list[int]) -> None:
    """Objects of `kind` that bulk statements wrote in this transaction, past the ORM's flush
    (which is how search hears of every other change): they are searched as they are now,
    or leave the search, from the commit on, as if flushed. An import of thousands of rows
    says so once, and the backend catches up in one pass rather than one object at a time."""
    _backend().changed_in_bulk(kind, ids)


__all__ = [
    "FACET_TITLES", "FILTERS", "MAX_PAGE", "PER_PAGE", "SORTS", "TEXT_FIELDS", "Hit",
    "KindMatches", "SearchKind", "SearchRequest", "SearchResults", "alert_matches",
    "alert_words", "bp", "check", "facet_labels", "get_kind", "init_app", "match_kind",
    "parse_args", "positions", "processes_for", "public_count", "register", "reindex", "run",
    "sync", "changed_in_bulk",
]
