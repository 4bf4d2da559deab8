"""Search: the only package that imports whoosh.

The rest of the portal calls the functions here. The index lives under
SEARCH_INDEX_DIR and is derived data: the database is the truth.
"""

from portal.search.index import check, init_app, open_index

__all__ = ["check", "init_app", "open_index"]
