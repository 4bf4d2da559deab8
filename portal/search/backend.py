"""What a search backend provides: the face (`portal.search`) calls only these.

Whoosh (`portal.search.whoosh.backend`) is the one backend today; another (PostgreSQL
full-text search) can sit beside it by providing the same functions. A backend is a
module: `typing.Protocol` accepts a module whose functions match. Everything about a
search that is not the engine's (the arguments, the messages for odd input, when "did
you mean" is worth offering) is in results.py, shared by every backend.
"""

from collections.abc import Callable
from typing import Protocol

from flask import Flask

from portal.search.results import KindMatches, SearchRequest, SearchResults


class SearchBackend(Protocol):
    def init_app(self, app: Flask) -> None:
        """Make the backend ready for the app (the Whoosh backend creates its index)."""

    def run(self, request: SearchRequest) -> SearchResults:
        """Everything public that matches: one page of hits with snippets, the total,
        facet counts over every match, a suggestion and a message for odd input."""

    def match_kind(self, text: str, kind: str) -> KindMatches:
        """The ids of every public object of `kind` matching `text`, the most relevant first."""

    def sync(self, processes: int = 1) -> int:
        """Catch up with the database after a crash; return the number of changes applied."""

    def reindex(self, progress: Callable[[int], None] | None = None,
                processes: int = 1) -> int:
        """Rebuild from the database, calling `progress(1)` per object; return the count."""

    def processes_for(self, count: int) -> int:
        """How many worker processes a command-line rebuild of `count` objects should use."""

    def check(self) -> int:
        """Read from the index (raising if it cannot); return the number of documents."""

    def positions(self, text: str) -> dict[str, list[int]]:
        """Each word of `text` as the backend analyses it, with its positions."""

    def alert_words(self, text: str) -> set[str] | None:
        """The analysed words every match of a saved search contains; None when the text
        has no words to look for."""

    def alert_matches(self, text: str, facets: dict[str, set[str]],
                      positions: dict[str, dict[str, list[int]]]) -> bool:
        """Whether an item (its facet values, and `positions()` of each text field) matches
        a saved search, as the search page would decide."""

    def changed_in_bulk(self, kind: str, ids: list[int]) -> None:
        """Bulk statements in the current transaction changed these objects of `kind`, unseen
        by any flush hook: from the commit on, search them as they are then (the Whoosh
        backend records them with the other pending changes, applied in one pass)."""

    def added_in_bulk(self, kind: str, documents: dict[int, dict]) -> None:
        """Bulk statements in the current transaction created these objects of `kind`, whose
        documents (by id) the caller made from what it has in hand: searchable from the commit
        on, as `changed_in_bulk` makes them, unless changed again before they are indexed."""

    def analyse_ahead(self, documents: list[dict]) -> None:
        """A bulk writer will soon create objects with these documents in the current
        transaction: analyse their text now if that helps `added_in_bulk`, or do nothing."""
