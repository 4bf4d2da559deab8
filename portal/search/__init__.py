"""Search: the one face the rest of the portal calls to find things.

The functions here are the same whatever engine answers: they pass the work to the
backend SEARCH_BACKEND names: `whoosh` (portal/search/whoosh/, the only package that
imports whoosh; an index directory on each host, the embedded default) or `postgres`
(portal/search/postgres/: full-text search in the database, the default on PostgreSQL).
Requests and results are backend-neutral dataclasses (results.py); what a backend must
provide is written down in backend.py. The index is derived data: the
database is the truth. Areas make their objects searchable with
`register(SearchKind(...))` (see registry.py).
"""

import importlib
from collections.abc import Callable

from flask import Blueprint, Flask, current_app

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
from portal.search.tags import text_fields

bp = Blueprint("search", __name__)

# Loaded on first use, so that importing the face (every area that registers a kind does)
# loads no search engine.
BACKENDS = {
    "whoosh": "portal.search.whoosh.backend",
    "postgres": "portal.search.postgres.backend",
}


def _backend(app: Flask | None = None) -> SearchBackend:
    return importlib.import_module(BACKENDS[(app or current_app).config["SEARCH_BACKEND"]])


def backend_name(app: Flask) -> str:
    """SEARCH_BACKEND as configured, or postgres on PostgreSQL and whoosh otherwise."""
    name = app.config.get("SEARCH_BACKEND") or (
        "postgres" if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
        else "whoosh")
    if name not in BACKENDS:
        raise RuntimeError(f"SEARCH_BACKEND must be one of {', '.join(BACKENDS)}, not {name!r}")
    return name


def init_app(app: Flask) -> None:
    """Settle SEARCH_BACKEND and make that backend ready. No index is ever built inside a
    web request: `make run`, `flask deploy` and `flask search sync` build a missing one."""
    app.config["SEARCH_BACKEND"] = backend_name(app)
    _backend(app).init_app(app)


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


def added_in_bulk(kind: str, documents: dict[int, dict]) -> None:
    """Objects of `kind` that bulk statements created in this transaction, with the documents
    (by id) their kind's `document` would give them, made from the values the caller has in
    hand: searchable from the commit on, as `changed_in_bulk` makes them, without reading
    thousands of rows back. An object changed again before the index has it (later in the
    transaction, or by another after the commit) is read from the database as usual."""
    _backend().added_in_bulk(kind, documents)


def analyse_ahead(documents: list[dict]) -> None:
    """Documents a bulk writer is about to create in this transaction (their ids not known
    yet): a backend may start analysing their text now, beside the writer's own work, for
    `added_in_bulk` to use (the PostgreSQL backend computes their tsvectors on a second
    connection; the Whoosh backend has nothing to do before the commit)."""
    _backend().analyse_ahead(documents)


__all__ = [
    "FACET_TITLES", "FILTERS", "MAX_PAGE", "PER_PAGE", "SORTS", "TEXT_FIELDS", "Hit",
    "KindMatches", "SearchKind", "SearchRequest", "SearchResults", "alert_matches",
    "alert_words", "bp", "check", "facet_labels", "get_kind", "init_app", "match_kind",
    "parse_args", "positions", "processes_for", "public_count", "register", "reindex", "run",
    "sync", "text_fields", "changed_in_bulk", "added_in_bulk", "analyse_ahead",
]
