"""The PostgreSQL search backend: full-text search in the database every host shares.

Each public searchable object has a row in `search_document` (migration 0800) with a
weighted `tsvector` (title A, body C, tag names D) under a GIN index. The row is written
by a session hook just before the transaction that changes the object commits, in that
same transaction: there is no index to keep in step, nothing is lost if a process dies,
and every host sees a change the moment it commits. Queries are SQL: the search page's
query language is parsed here into a `tsquery` (query.py), facet counts are computed over
the matching rows, snippets come from `ts_headline`, "did you mean" from a vocabulary
of indexed words under a trigram index (`search_word`), and saved alerts are matched by
`@@` against the item's words (alerts.py). `backend.py` is what the search face calls.

English stemming is PostgreSQL's Snowball English, the same Porter 2 algorithm as the
Whoosh backend's: employ, employing and employment are one word, as are house and
housing, and offend, offenders and offending.
"""

CONFIG = "english"


def active() -> bool:
    """Whether the app in hand searches with this backend."""
    from flask import current_app, has_app_context

    return has_app_context() and current_app.config.get("SEARCH_BACKEND") == "postgres"
