"""The PostgreSQL backend, as the search face calls it (see portal/search/backend.py).

Loading it loads `documents`, whose session hooks write each change's search rows in the
change's own transaction.
"""

from collections.abc import Callable

from flask import Flask
from sqlalchemy import text as sql
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.search.postgres import documents
from portal.search.postgres.alerts import alert_matches, alert_words, positions
from portal.search.postgres.documents import added_in_bulk, analyse_ahead, changed_in_bulk
from portal.search.postgres.query import match_kind, run


def init_app(app: Flask) -> None:
    """Nothing to prepare: the tables come with the migrations."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        raise RuntimeError("SEARCH_BACKEND=postgres needs a PostgreSQL DATABASE_URL; "
                           "use SEARCH_BACKEND=whoosh with SQLite")


def _documents() -> int:
    with Session(db.engine) as session:
        return session.scalar(sql("SELECT count(*) FROM search_document"))


def check() -> int:
    """Read the search table (raising if it cannot); return the number of documents."""
    return _documents()


def reindex(progress: Callable[[int], None] | None = None, processes: int = 1) -> int:
    """Rebuild every row in one transaction; return the number of documents."""
    with Session(db.engine) as session:
        found = documents.rebuild(session, progress)
        session.commit()
    return found


def sync(processes: int = 1) -> int:
    """Rows are written with their changes, so there is nothing to catch up on, except
    after switching an existing site to this backend: then the table is empty and is
    filled (returning the number of documents)."""
    from portal.search.registry import public_count

    if _documents() == 0 and public_count():
        return reindex()
    return 0


def processes_for(count: int) -> int:
    """One: a rebuild is SQL, in one transaction."""
    return 1


__all__ = ["added_in_bulk", "alert_matches", "alert_words", "analyse_ahead", "changed_in_bulk",
           "check", "init_app", "match_kind", "positions", "processes_for", "reindex", "run",
           "sync"]
