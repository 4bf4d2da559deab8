"""Writing search rows in the same transaction as the objects they describe.

`after_flush` notes every searchable object (and parent of a changed child row) a flush
touched; `before_commit` flushes what is left, reads those objects again as their kinds'
public queries load them, and writes or deletes their rows, before the commit that makes
the change durable. A rolled-back transaction rolls back its rows with it. The words of
each title and body go into the vocabulary (`search_word`) for "did you mean", in one
statement a transaction; a word stays there after its last document goes (a rebuild
clears it), which only means it is never offered as a correction for itself.
"""

import json
import logging
import re
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime

from sqlalchemy import event
from sqlalchemy import text as sql
from sqlalchemy.orm import Session

from portal.search import registry
from portal.search.postgres import CONFIG, active
from portal.search.tags import tag_text

_TOUCHED = "search_touched"  # session.info: {(kind, object id)} to write before commit
_IN_HAND = "search_in_hand"  # session.info: {(kind, object id): document} made by the caller
_AHEAD = "search_ahead"  # session.info: [Future of {(title, body, tags): tsvector text}]
BATCH = 500

_COLUMNS = ("kind varchar(20), object_id integer, title text, body text, tags text, "
            "client_group text[], outcome text[], indicator text[], region text[], "
            "evidence text, published_at timestamptz, closes_at timestamptz, "
            "improvement double precision, vector text")
# A row's tsvector: the texts' words, weighted by field. `vector` is the same, worked out
# ahead on another connection (`analyse_ahead`); COALESCE computes the rest here.
_VECTOR = (f"setweight(to_tsvector('{CONFIG}', title), 'A') "
           f"|| setweight(to_tsvector('{CONFIG}', body), 'C') "
           f"|| setweight(to_tsvector('{CONFIG}', tags), 'D')")
# A batch of rows in one statement (as JSON: one parameter, however many rows), each
# statement's tsvectors computed by the server as it inserts them.
_UPSERT_SQL = f"""
    INSERT INTO search_document (kind, object_id, title, body, client_group, outcome,
        indicator, region, evidence, published_at, closes_at, improvement, document)
    SELECT kind, object_id, title, body, client_group, outcome, indicator, region,
        evidence, published_at, closes_at, improvement,
        COALESCE(CAST(vector AS tsvector), {_VECTOR})
    FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r({_COLUMNS})
    ON CONFLICT (kind, object_id) DO UPDATE SET
        title = excluded.title, body = excluded.body, client_group = excluded.client_group,
        outcome = excluded.outcome, indicator = excluded.indicator, region = excluded.region,
        evidence = excluded.evidence, published_at = excluded.published_at,
        closes_at = excluded.closes_at, improvement = excluded.improvement,
        document = excluded.document
"""
_UPSERT = sql(_UPSERT_SQL)
_UPSERT_DRIVER = _UPSERT_SQL.replace(":rows", "%(rows)s")  # psycopg's own placeholder
_VECTORS = (f"SELECT ({_VECTOR})::text FROM ROWS FROM (jsonb_to_recordset(CAST(:rows AS jsonb)) "
            "AS (title text, body text, tags text)) WITH ORDINALITY AS r(title, body, tags, n) "
            "ORDER BY n")
_DELETE = sql("DELETE FROM search_document WHERE kind = :kind AND object_id = ANY(:ids)")
# Words of three to forty letters or digits, in order, so that two transactions adding the
# same new words take their row locks in the same order (no deadlock). `words` were found
# here, from texts all ASCII (see `_Vocabulary`); `texts` are split by the server.
_WORDS = sql("""
    INSERT INTO search_word (word)
    SELECT DISTINCT w FROM (
        SELECT unnest(CAST(:words AS text[])) AS w
        UNION ALL
        SELECT regexp_split_to_table(lower(t), '[^[:alnum:]]+')
        FROM unnest(CAST(:texts AS text[])) AS t
    ) AS found
    WHERE length(w) BETWEEN 3 AND 40
    ORDER BY w
    ON CONFLICT DO NOTHING
""")
_ASCII_WORD = re.compile(r"[a-z0-9]+")


class _Vocabulary:
    """The words of many titles and bodies, for one statement at the end. An ASCII text is
    split here, as the server would split it ([:alnum:] and lower() agree with Python on
    ASCII), about six times quicker than the server's regular expression; any other is left
    to the server."""

    def __init__(self):
        self.words: set[str] = set()
        self.texts: list[str] = []

    def add(self, rows: list[dict]) -> None:
        for r in rows:
            text = f"{r['title']}\n{r['body']}"
            if text.isascii():
                self.words.update(_ASCII_WORD.findall(text.lower()))
            else:
                self.texts.append(text)

    def write(self, connection) -> None:
        if self.words or self.texts:
            connection.execute(_WORDS, {"words": sorted(self.words), "texts": self.texts})


@event.listens_for(Session, "after_flush")
def _note(session, flush_context) -> None:
    if not active():
        return
    touched = session.info.setdefault(_TOUCHED, set())
    in_hand = session.info.get(_IN_HAND, {})
    for obj in (*session.new, *session.dirty, *session.deleted):
        for key in registry.affected(obj):
            touched.add(key)
            in_hand.pop(key, None)  # changed since its document was made: read it again


@event.listens_for(Session, "before_commit")
def _write_before_commit(session) -> None:
    if not active():
        return
    if session.new or session.dirty or session.deleted:
        session.flush()
    touched = session.info.pop(_TOUCHED, None)
    in_hand = session.info.pop(_IN_HAND, None)
    if touched:
        write(session, touched, in_hand)


@event.listens_for(Session, "after_rollback")
def _forget(session) -> None:
    session.info.pop(_TOUCHED, None)
    session.info.pop(_IN_HAND, None)
    session.info.pop(_AHEAD, None)


# Text analysed ahead, on a connection of its own, while the bulk writer inserts its rows on
# the session's: the server's to_tsvector is most of an import's wait, and on a second
# connection it runs on another core. Only text goes there (no rows, no transaction to share).
_ANALYSER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-ahead")


def analyse_ahead(documents: list[dict]) -> None:
    """Start working out these documents' tsvectors on another connection; the rows written
    before the commit use them where their texts are still the same."""
    from portal.extensions import db

    if not active() or not documents:
        return
    texts = list(dict.fromkeys(_texts(document) for document in documents))
    db.session.info.setdefault(_AHEAD, []).append(
        _ANALYSER.submit(_analysed, db.engine, texts))


def _texts(document: dict) -> tuple[str, str, str]:
    return (document.get("title") or "", document.get("body") or "", tag_text(document))


def _analysed(engine, texts: list[tuple[str, str, str]]) -> dict[tuple, str]:
    found = {}
    with engine.connect() as connection:
        for start in range(0, len(texts), BATCH):
            batch = texts[start:start + BATCH]
            rows = json.dumps([{"title": t, "body": b, "tags": g} for t, b, g in batch])
            found.update(zip(batch, connection.execute(sql(_VECTORS), {"rows": rows}).scalars(),
                             strict=True))
    return found


def _ahead(session: Session) -> dict[tuple, str]:
    """The tsvectors worked out ahead for this transaction (none if that failed: the upsert
    then works them out itself)."""
    found: dict[tuple, str] = {}
    for future in session.info.pop(_AHEAD, []):
        try:
            found.update(future.result())
        except Exception:  # noqa: BLE001 - an optimisation; the rows are still written
            logging.getLogger(__name__).exception("Analysing search text ahead failed")
    return found


def changed_in_bulk(kind: str, ids: list[int]) -> None:
    """Objects that bulk statements changed, unseen by the flush hook: their rows are
    written with the others, just before the commit."""
    from portal.extensions import db

    session = db.session()
    session.info.setdefault(_TOUCHED, set()).update((kind, object_id) for object_id in ids)


def added_in_bulk(kind: str, documents: dict[int, dict]) -> None:
    """Objects that bulk statements created: their rows are written from these documents
    (unless a flush changes them again first), with the others, just before the commit."""
    from portal.extensions import db

    session = db.session()
    changed_in_bulk(kind, list(documents))
    session.info.setdefault(_IN_HAND, {}).update(
        ((kind, object_id), document) for object_id, document in documents.items())


def row(kind_name: str, object_id: int, document: dict) -> dict:
    """The parameters of one search_document row."""
    evidence = document.get("evidence")
    improvement = document.get("improvement")
    return {
        "kind": kind_name, "object_id": object_id,
        "title": document.get("title") or "", "body": document.get("body") or "",
        "tags": tag_text(document),
        **{name: [str(v) for v in document.get(name) or ()]
           for name in ("client_group", "outcome", "indicator", "region")},
        "evidence": None if evidence is None else str(evidence),
        "published_at": _aware(document.get("published_at")),
        "closes_at": _aware(document.get("closes_at")),
        "improvement": None if improvement is None else float(improvement),
    }


def _aware(value):
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def write(session: Session, touched: Iterable[tuple[str, int]],
          in_hand: dict | None = None) -> None:
    """Write the rows of these objects as the database now holds them (deleting the rows of
    objects gone or no longer public), on the session's own transaction: from the documents
    `in_hand` where the caller made them, reading the others."""
    by_kind: dict[str, list[int]] = {}
    for kind_name, object_id in touched:
        by_kind.setdefault(kind_name, []).append(object_id)
    vocabulary = _Vocabulary()
    in_hand = in_hand or {}
    for kind_name, ids in sorted(by_kind.items()):
        kind = registry.get(kind_name)
        if kind is None:
            continue
        ids = sorted(set(ids))
        to_read = [i for i in ids if (kind_name, i) not in in_hand]
        for start in range(0, len(to_read), BATCH):
            _write_read(session, kind, to_read[start:start + BATCH], vocabulary)
        _write_in_hand(session, kind_name, {i: in_hand[(kind_name, i)] for i in ids
                                            if (kind_name, i) in in_hand}, vocabulary)
    vocabulary.write(session.connection())


def _write_read(session: Session, kind: registry.SearchKind, ids: list[int],
                vocabulary: _Vocabulary) -> None:
    """The rows of these objects, read as their kind's public query loads them."""
    query = (kind.public_query().where(kind.model.id.in_(ids))
             .execution_options(populate_existing=True))
    public = [obj for obj in session.scalars(query) if kind.is_public(obj)]
    rows = [row(kind.name, obj.id, kind.document(obj)) for obj in sorted(public,
                                                                          key=lambda o: o.id)]
    gone = sorted(set(ids) - {obj.id for obj in public})
    connection = session.connection()
    if gone:
        connection.execute(_DELETE, {"kind": kind.name, "ids": gone})
    _upsert(connection, rows)
    vocabulary.add(rows)


def _write_in_hand(session: Session, kind_name: str, documents: dict[int, dict],
                   vocabulary: _Vocabulary) -> None:
    """The rows of objects a bulk writer created, from the documents it made. The batches
    go through psycopg's pipeline: each is sent without waiting for the one before, so the
    next is made while the server computes this one's tsvectors (most of an import's wait).
    Objects created in this transaction: no other transaction can hold their rows, so
    writing them after the others cannot deadlock."""
    if not documents:
        return
    ids = sorted(documents)
    ahead = _ahead(session)
    driver = session.connection().connection.driver_connection
    with driver.pipeline(), driver.cursor() as cursor:
        for start in range(0, len(ids), BATCH):
            rows = [row(kind_name, i, documents[i]) for i in ids[start:start + BATCH]]
            for r in rows:
                r["vector"] = ahead.get((r["title"], r["body"], r["tags"]))
            cursor.execute(_UPSERT_DRIVER, {"rows": json.dumps(rows, default=_iso)})
            vocabulary.add(rows)


def _upsert(connection, rows: list[dict]) -> None:
    if rows:
        connection.execute(_UPSERT, {"rows": json.dumps(rows, default=_iso)})


def _iso(value) -> str:
    if isinstance(value, date):  # datetimes too
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not a search row's value")


def add_rows(connection, rows: list[dict]) -> None:
    """Insert or replace these rows, and add their words to the vocabulary."""
    vocabulary = _Vocabulary()
    _upsert(connection, rows)
    vocabulary.add(rows)
    vocabulary.write(connection)


def rebuild(session: Session, progress: Callable[[int], None] | None = None) -> int:
    """Replace every row (and the vocabulary) from the database, in the session's
    transaction: other hosts go on seeing the old rows until it commits."""
    connection = session.connection()
    connection.execute(sql("DELETE FROM search_document"))
    connection.execute(sql("DELETE FROM search_word"))
    count, vocabulary = 0, _Vocabulary()
    for kind in registry.kinds():
        batch = []
        for obj in session.scalars(kind.public_query().execution_options(yield_per=BATCH)):
            if kind.is_public(obj):
                batch.append(row(kind.name, obj.id, kind.document(obj)))
                count += 1
            if progress:
                progress(1)
            if len(batch) >= BATCH:
                _upsert(connection, batch)
                vocabulary.add(batch)
                batch = []
        _upsert(connection, batch)
        vocabulary.add(batch)
    vocabulary.write(connection)
    return count
