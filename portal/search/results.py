"""What a search asks and what it answers, the same on every backend.

The search page, GET /api/v1/search, the opportunity list and saved alerts speak in these
terms; a backend (see backend.py) turns a SearchRequest into SearchResults. The rules
here (which arguments count, how odd input is cut and explained, when "did you mean" is
worth offering) are the portal's, not an engine's, so every backend shares them.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime

from markupsafe import Markup

from portal.urls import page_number

PER_PAGE = 10
MAX_PAGE = 1000
MAX_QUERY_CHARS = 500
SORTS = {
    "relevance": "Relevance",
    "newest": "Newest",
    "closing": "Closing soonest",
    "improvement": "Largest improvement",
}
TEXT_FIELDS = ("title", "body", "tags")  # the searchable text of a document (tags.text_fields)
# Facet fields hold codes; a document may have several values of each.
FACET_FIELDS = ("kind", "client_group", "outcome", "indicator", "region", "evidence")
FILTERS = (*FACET_FIELDS, "status")
# "Did you mean" for a search that found results must find this many times as many.
SUGGESTION_GAIN = 10
NO_WORDS = ("Your search has no words we can look for. Try words you would expect in a "
            "title or description, for example “housing support”.")
UNCLOSED_QUOTE = ("Your search has an opening quote mark without a closing one, so we "
                  "looked for the words on their own.")
NOT_READY = ("Search is being set up on this server, so it cannot find anything yet. "
             "Try again in a few minutes.")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass
class SearchRequest:
    query: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    per_page: int = PER_PAGE


@dataclass
class Hit:
    kind: str
    id: int
    title: str
    url: str | None
    snippet: Markup
    score: float | None
    published_at: datetime | None = None
    closes_at: datetime | None = None
    improvement: float | None = None


@dataclass
class SearchResults:
    request: SearchRequest
    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    suggestion: str | None = None
    message: str | None = None
    per_page: int = PER_PAGE

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


@dataclass
class KindMatches:
    """Every indexed object of one kind that a query matches, for a list page that filters,
    sorts and pages in SQL (the database is the truth; the index answers the words)."""

    query: str
    ids: list[int] = field(default_factory=list)  # the most relevant first
    message: str | None = None


def parse_args(args) -> SearchRequest:
    """A SearchRequest from query-string arguments; anything odd falls back to a default."""
    filters = {}
    for name in FILTERS:
        values = [v[:60] for v in args.getlist(name) if v and len(v) <= 60]
        if values:
            filters[name] = list(dict.fromkeys(values))[:20]
    sort = args.get("sort", "relevance")
    return SearchRequest(
        query=args.get("q", ""),
        filters=filters,
        sort=sort if sort in SORTS else "relevance",
        page=page_number(args, maximum=MAX_PAGE),
    )


def clean_query(text: str) -> tuple[str, str | None]:
    """The words as searched (no control characters, at most MAX_QUERY_CHARS), and a message
    when they had to be cut short."""
    text = _CONTROL.sub(" ", text).strip()
    if len(text) > MAX_QUERY_CHARS:
        return text[:MAX_QUERY_CHARS], (
            f"Your search was longer than {MAX_QUERY_CHARS} characters, so only the first "
            f"{MAX_QUERY_CHARS} were used."
        )
    return text, None


def worth_suggesting(found: int, would_find: int) -> bool:
    """Whether "did you mean" is worth offering: a search that found nothing, when the
    suggestion finds something; a search that found results, only when the suggestion
    finds at least SUGGESTION_GAIN times as many. A rare but real word ("employ", which
    its stem finds written as "employment") is not a misspelling of a commoner one
    ("employs") that finds the same things."""
    if found == 0:
        return would_find > 0
    return would_find >= found * SUGGESTION_GAIN
