"""The Whoosh backend, as the search face calls it (see portal/search/backend.py).

Loading it loads `pending`, whose session hooks record every change to a searchable object
for the index, and no Whoosh: each function loads the part it needs when first called, and
the index is opened (or created) on first use. A command that searches nothing (`flask
notify tick` every minute) then starts without Whoosh's modules.
"""

import os
from collections.abc import Callable

from flask import Flask

from portal.search.results import KindMatches, SearchRequest, SearchResults
from portal.search.whoosh.pending import added_in_bulk, changed_in_bulk


def analyse_ahead(documents: list[dict]) -> None:
    """Nothing to do ahead: the workers analyse the documents after the commit."""


def init_app(app: Flask) -> None:
    """Make the index directory; the index is checked, or created, when first opened."""
    os.makedirs(app.config["SEARCH_INDEX_DIR"], exist_ok=True)
    app.extensions["whoosh_index_ready"] = set()  # index.READY: none checked yet


def run(request: SearchRequest) -> SearchResults:
    from portal.search.whoosh import query

    return query.run(request)


def match_kind(text: str, kind: str) -> KindMatches:
    from portal.search.whoosh import query

    return query.match_kind(text, kind)


def sync(processes: int = 1) -> int:
    from portal.search.whoosh import changes

    return changes.sync(processes=processes)


def reindex(progress: Callable[[int], None] | None = None, processes: int = 1) -> int:
    from portal.search.whoosh import changes

    return changes.reindex(progress=progress, processes=processes)


def processes_for(count: int) -> int:
    from portal.search.whoosh import bulk

    return bulk.processes_for(count)


def check() -> int:
    from portal.search.whoosh import index

    return index.check()


def positions(text: str) -> dict[str, list[int]]:
    from portal.search.whoosh import alerts

    return alerts.positions(text)


def alert_words(text: str) -> set[str] | None:
    from portal.search.whoosh import alerts

    return alerts.alert_words(text)


def alert_matches(text: str, facets: dict[str, set[str]],
                  positions: dict[str, dict[str, list[int]]]) -> bool:
    from portal.search.whoosh import alerts

    return alerts.alert_matches(text, facets, positions)


__all__ = ["added_in_bulk", "alert_matches", "alert_words", "analyse_ahead", "changed_in_bulk",
           "check", "init_app", "match_kind", "positions", "processes_for", "reindex", "run",
           "sync"]
