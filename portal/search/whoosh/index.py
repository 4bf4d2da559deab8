"""The Whoosh index: its schema, where it lives, and the one way to open a writer."""

import fcntl
import os
import threading
from contextlib import contextmanager

from flask import Flask, current_app
from whoosh import index
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, Schema

from portal.search.whoosh.analysis import PortalAnalyzer, PortalText

# porter2 turns "running" into "run" (Whoosh's default stemmer gives "runn") and conflates
# "employ", "employing" and "employment". Stems are cached: most words repeat.
ANALYZER = PortalAnalyzer()


class SortDate(DATETIME):
    """A date kept for display and sorting only: no postings (nothing searches by date, and
    Whoosh's range terms, 8 to 16 a value, were most of the index's terms)."""

    indexed = False


class SortNumber(NUMERIC):
    """A number kept for sorting only: no postings."""

    indexed = False


SCHEMA = Schema(
    key=ID(stored=True, unique=True),  # "<kind>:<id>"
    kind=ID(stored=True),
    object_id=STORED(),
    title=PortalText(stored=True, analyzer=ANALYZER, field_boost=3.0),
    body=PortalText(stored=True, analyzer=ANALYZER),
    # The names of the document's tags (portal/search/tags.py): found, but below the text.
    tags=PortalText(analyzer=ANALYZER, field_boost=0.5),
    # Unstemmed words of title and body, for "did you mean". (Whoosh's own spelling=True
    # fields have no length column, and its writer then checks the disk once per posting:
    # indexing ran at half the speed.)
    words=PortalText(analyzer=PortalAnalyzer(stemmed=False), phrase=False),
    # Facets (results.FACET_FIELDS) hold codes; several values are separated by commas.
    client_group=KEYWORD(commas=True, scorable=False),
    outcome=KEYWORD(commas=True, scorable=False),
    indicator=KEYWORD(commas=True, scorable=False),
    region=KEYWORD(commas=True, scorable=False),
    evidence=ID(),
    published_at=SortDate(stored=True, sortable=True),
    closes_at=SortDate(stored=True, sortable=True),
    improvement=STORED(),
    # Hundredths of a point plus an offset, so 0 can mean "none" in the sort column.
    improvement_rank=SortNumber(int, bits=32, sortable=True),
)
IMPROVEMENT_OFFSET = 1_000_000

WRITER_TIMEOUT = 30  # seconds to wait for another process's writer before giving up
WRITER_DELAY = 0.02
# Several threads of one process share the index lock file: let them queue here first.
_process_lock = threading.Lock()


def _directory(app: Flask | None = None) -> str:
    return (app or current_app).config["SEARCH_INDEX_DIR"]


def _signature(schema) -> list[tuple]:
    """What about each field decides how it is indexed: compared by value, so that an index
    written by this code always matches it (objects such as analysers do not compare equal
    once unpickled, which made every start-up rebuild the index)."""
    return sorted(
        (name, type(field).__name__, type(field.format).__name__ if field.format else None,
         getattr(field.format, "field_boost", 1.0), bool(field.stored),
         bool(field.column_type), type(getattr(field, "analyzer", None)).__name__,
         getattr(getattr(field, "analyzer", None), "stemmed", None))
        for name, field in schema.items())


def _usable(directory: str) -> bool:
    """Whether the directory holds an index this code can use. An index written by another
    version may not even unpickle (its schema names an analyser's old module): it is derived
    data, so it is unusable and gets rebuilt, never a 500."""
    try:
        return index.exists_in(directory) and \
            _signature(index.open_dir(directory).schema) == _signature(SCHEMA)
    except Exception:
        return False


@contextmanager
def _creating(directory: str):
    """Only one process at a time checks for, and creates, the index."""
    with open(os.path.join(directory, "portal-create.lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def init_app(app: Flask) -> None:
    """Create the index directory and an empty index the first time (or after a schema
    change). A valid index is never recreated: it survives restarts."""
    directory = _directory(app)
    os.makedirs(directory, exist_ok=True)
    if _usable(directory):
        return
    with _creating(directory):
        if not _usable(directory):  # another process may have just made it
            index.create_in(directory, SCHEMA)


READY = "whoosh_index_ready"  # app.extensions: the index directories checked (or created)


def open_index():
    """The index, checked (or created) on the app's first use of it: the backend loads
    Whoosh only once something searches or indexes."""
    app = current_app._get_current_object()
    directory = _directory(app)
    ready = app.extensions.setdefault(READY, set())
    if directory not in ready:
        init_app(app)
        ready.add(directory)
    return index.open_dir(directory)


def writer(ix, **options):
    """A writer that waits for the lock (Whoosh's default is to fail at once)."""
    return ix.writer(timeout=WRITER_TIMEOUT, delay=WRITER_DELAY, **options)


def check() -> int:
    """Open the index and read from it; return the number of documents."""
    ix = open_index()
    with ix.searcher() as searcher:
        return searcher.doc_count()
