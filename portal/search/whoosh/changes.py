"""Keeping the index in step with the database.

A session hook (pending.py) writes a `pending_search_change` row during every flush that
touches a searchable object, so the record of the change commits (or rolls back) with the
change. After the commit, `apply_pending` indexes those objects with one writer that waits for
the index lock, reading each object's state only once it holds the lock (so the last
writer always writes the latest committed state), then deletes the rows it applied.
If the process dies in between, the rows stay: `flask search sync`, or the next start,
applies them. Nothing private is indexed: an object its kind calls private is removed.
"""

from collections.abc import Callable, Sized
from datetime import UTC, datetime

from flask import has_request_context
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import PendingSearchChange
from portal.search import registry
from portal.search.tags import tag_text
from portal.search.whoosh import bulk
from portal.search.whoosh.analysis import Joined
from portal.search.whoosh.index import IMPROVEMENT_OFFSET, _process_lock, open_index, writer
from portal.search.whoosh.pending import _INDEXER

BATCH = 20_000  # pending rows an indexer reads at a time
BULK_FROM = 200  # changed objects from which a new segment is built, not one object at a time
CHUNK = 500  # ids in one statement


def _naive_utc(value):
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


def whoosh_document(kind: registry.SearchKind, obj) -> dict:
    """The kind's document, in the shape the schema takes."""
    return _fields(kind.name, obj.id, kind.document(obj))


def _fields(kind_name: str, object_id: int, document: dict) -> dict:
    fields = {"key": f"{kind_name}:{object_id}", "kind": kind_name, "object_id": object_id}
    for name, value in document.items():
        if value is None or value == []:
            continue
        if isinstance(value, list | tuple | set):
            value = ",".join(str(v) for v in value)
        elif name == "evidence":
            value = str(value)
        elif name == "improvement":
            value = float(value)
            fields["improvement_rank"] = round(value * 100) + IMPROVEMENT_OFFSET
        fields[name] = _naive_utc(value)
    fields["tags"] = tag_text(document)
    fields["words"] = Joined(fields.get("title", ""), fields.get("body", ""))
    return fields


def _index_object(index_writer, session, kind_name: str, object_id: int) -> None:
    key = f"{kind_name}:{object_id}"
    kind = registry.get(kind_name)
    obj = session.get(kind.model, object_id) if kind else None
    if obj is None or not kind.is_public(obj):
        index_writer.delete_by_term("key", key)
    else:
        index_writer.update_document(**whoosh_document(kind, obj))


def apply_pending(in_hand: dict | None = None) -> int:
    """Index every object with a pending change; return how many were applied. `in_hand`
    holds documents the committed transaction made itself (see `pending.added_in_bulk`)."""
    applied = 0
    while True:
        with Session(db.engine, info={_INDEXER: True}) as session:
            if session.scalar(select(PendingSearchChange.id).limit(1)) is None:
                return applied
        applied += _apply_batch(in_hand or {})


def _still_current(rows, in_hand: dict) -> dict[tuple[str, int], dict]:
    """The documents in hand whose object has no pending row but the one written with the
    document: any later change, in any transaction, wrote another, and is read afresh."""
    rows_of: dict[tuple[str, int], set[int]] = {}
    for r in rows:
        rows_of.setdefault((r.kind, r.object_id), set()).add(r.id)
    return {key: document for key, (row_id, document) in in_hand.items()
            if rows_of.get(key) == {row_id}}


def _apply_batch(in_hand: dict) -> int:
    ix = open_index()
    with _process_lock, Session(db.engine, info={_INDEXER: True}) as session:
        index_writer = writer(ix)
        segments = None
        try:
            # Read only now, holding the lock: a later writer sees any later commit.
            rows = session.execute(
                select(PendingSearchChange.id, PendingSearchChange.kind,
                       PendingSearchChange.object_id)
                .order_by(PendingSearchChange.id).limit(BATCH)
            ).all()
            keys = sorted({(r.kind, r.object_id) for r in rows})
            if len(keys) >= BULK_FROM:
                segments = _build_in_bulk(index_writer, session, keys,
                                          _still_current(rows, in_hand))
            else:
                for kind_name, object_id in keys:
                    _index_object(index_writer, session, kind_name, object_id)
        except BaseException:
            index_writer.cancel()
            raise
        if segments is None:
            index_writer.commit()
        else:
            bulk.commit(index_writer, segments, replace=False)
        ids = [r.id for r in rows]
        for start in range(0, len(ids), CHUNK):
            session.execute(delete(PendingSearchChange).where(
                PendingSearchChange.id.in_(ids[start:start + CHUNK])))
        session.commit()
        return len(rows)


def _build_in_bulk(index_writer, session, keys: list[tuple[str, int]], in_hand: dict) -> list:
    """Many changes at once (an import): remove the objects' documents, and write the public
    ones afresh as new segments, as a rebuild does (Whoosh's own writer, one document at a
    time, ran at a few hundred a second)."""
    searcher = index_writer.searcher()  # the writer's own, closed when it finishes
    reader = searcher.reader()
    for kind_name, object_id in keys:
        key = f"{kind_name}:{object_id}"
        if ("key", key) in reader:
            index_writer.delete_by_term("key", key, searcher=searcher)
    # Worker processes for a command (an import), never inside a web request.
    processes = 1 if has_request_context() else bulk.processes_for(len(keys))
    return bulk.build(index_writer, _public_documents(session, keys, in_hand), processes,
                      expected=len(keys))


def _public_documents(session, keys: list[tuple[str, int]], in_hand: dict):
    """The documents of those of these objects that are public, kind by kind, in id order:
    those in hand as they are, the others read from the database."""
    by_kind: dict[str, list[int]] = {}
    for kind_name, object_id in keys:
        by_kind.setdefault(kind_name, []).append(object_id)
    for kind_name, ids in by_kind.items():
        kind = registry.get(kind_name)
        for start in range(0, len(ids) if kind else 0, CHUNK):
            chunk = ids[start:start + CHUNK]
            read = _read_public(session, kind, [i for i in chunk if (kind_name, i) not in in_hand])
            for object_id in chunk:
                document = in_hand.get((kind_name, object_id))
                if document is not None:
                    yield _fields(kind_name, object_id, document)
                elif object_id in read:
                    yield read[object_id]
        session.expunge_all()  # documents made: the objects are done with


def _read_public(session, kind: registry.SearchKind, ids: list[int]) -> dict[int, dict]:
    """The documents of those of these objects that are public, by id."""
    if not ids:
        return {}
    query = kind.public_query().where(kind.model.id.in_(ids))
    return {obj.id: whoosh_document(kind, obj) for obj in session.scalars(query)
            if kind.is_public(obj)}


def add_documents(documents, processes: int = 1) -> int:
    """Add (kind, id, document) triples in bulk, beside what the index holds: for a first
    build and the benchmark. Return how many were added."""
    count = 0

    def fields():
        nonlocal count
        for kind_name, object_id, document in documents:
            count += 1
            yield _fields(kind_name, object_id, document)

    with _process_lock:
        index_writer = writer(open_index())
        try:
            expected = len(documents) if isinstance(documents, Sized) else None
            segments = bulk.build(index_writer, fields(), processes, expected=expected)
        except BaseException:
            index_writer.cancel()
            raise
        bulk.commit(index_writer, segments, replace=False)
    return count


def reindex(progress: Callable[[int], None] | None = None, processes: int = 1) -> int:
    """Rebuild the whole index from the database; return the number of documents.

    `processes` > 1 spreads the work over worker processes: for the command line only.
    """
    count = 0
    with _process_lock, Session(db.engine, info={_INDEXER: True}) as session:
        index_writer = writer(open_index())
        try:
            # Changes committed before now are covered by what follows; later ones stay.
            pending = list(session.scalars(select(PendingSearchChange.id)))

            def documents():
                nonlocal count
                for kind in registry.kinds():
                    query = kind.public_query().execution_options(yield_per=500)
                    for obj in session.scalars(query):
                        if kind.is_public(obj):
                            count += 1
                            yield whoosh_document(kind, obj)
                        if progress:
                            progress(1)

            expected = registry.public_count() if processes > 1 else None
            segments = bulk.build(index_writer, documents(), processes, expected=expected)
        except BaseException:
            index_writer.cancel()
            raise
        bulk.commit(index_writer, segments, replace=True)
        for start in range(0, len(pending), BATCH):
            session.execute(delete(PendingSearchChange)
                            .where(PendingSearchChange.id.in_(pending[start:start + BATCH])))
        session.commit()
    return count


def sync(processes: int = 1) -> int:
    """Catch up after a crash: apply pending changes, or rebuild an empty index.

    A web request calls this with one process; `flask search sync` may use more.
    """
    ix = open_index()
    with ix.searcher() as searcher:
        empty = searcher.doc_count() == 0
    if empty and registry.public_count():
        return reindex(processes=processes)
    return apply_pending()
