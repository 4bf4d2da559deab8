"""Opening, creating and checking the Whoosh index."""

import os

from flask import Flask, current_app
from whoosh import index
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, TEXT, Schema
from whoosh.lang.porter2 import stem

# porter2 turns "running" into "run"; Whoosh's default stemmer gives "runn".
ANALYZER = StemmingAnalyzer(stemfn=stem)

SCHEMA = Schema(
    key=ID(stored=True, unique=True),  # "<kind>:<id>"
    kind=ID(stored=True),
    object_id=NUMERIC(stored=True, bits=64),
    title=TEXT(stored=True, analyzer=ANALYZER, field_boost=3.0),
    body=TEXT(stored=True, analyzer=ANALYZER),
    client_groups=KEYWORD(commas=True, scorable=False),
    outcomes=KEYWORD(commas=True, scorable=False),
    indicators=KEYWORD(commas=True, scorable=False),
    regions=KEYWORD(commas=True, scorable=False),
    published_at=DATETIME(stored=True, sortable=True),
)


def _directory(app: Flask | None = None) -> str:
    return (app or current_app).config["SEARCH_INDEX_DIR"]


def init_app(app: Flask) -> None:
    """Create the index directory and an empty index the first time."""
    directory = _directory(app)
    os.makedirs(directory, exist_ok=True)
    if not index.exists_in(directory):
        index.create_in(directory, SCHEMA)


def open_index():
    return index.open_dir(_directory())


def check() -> int:
    """Open the index and read from it; return the number of documents."""
    ix = open_index()
    with ix.searcher() as searcher:
        return searcher.doc_count()
