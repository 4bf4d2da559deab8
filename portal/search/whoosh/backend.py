"""The Whoosh backend, as the search face calls it (see portal/search/backend.py).

Loading it loads `changes`, whose session hooks record every change to a searchable
object for the index.
"""

from portal.search.whoosh.alerts import alert_matches, alert_words, positions
from portal.search.whoosh.bulk import processes_for
from portal.search.whoosh.changes import reindex, sync
from portal.search.whoosh.index import check, init_app
from portal.search.whoosh.query import match_kind, run

__all__ = ["alert_matches", "alert_words", "check", "init_app", "match_kind", "positions",
           "processes_for", "reindex", "run", "sync"]
