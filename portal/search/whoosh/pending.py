"""Recording changes for the index, from the first flush on: the part of the backend that
loads no Whoosh.

A session hook writes a `pending_search_change` row during every flush that touches a
searchable object, so the record of the change commits (or rolls back) with the change;
`changed_in_bulk` writes the same rows for objects that bulk statements changed (and
`added_in_bulk` for objects they created, keeping the documents the caller made). After the
commit, `changes.apply_pending` (which loads Whoosh) indexes them. Loading only this at
start-up lets a command that searches nothing (`flask notify tick`) start without Whoosh.
"""

from flask import current_app, has_app_context
from sqlalchemy import event, insert
from sqlalchemy.orm import Session

from portal import clock
from portal.extensions import db
from portal.models import PendingSearchChange
from portal.search import registry

_INDEXER = "search_indexer"  # session.info flag: the indexer's own session records nothing
_CHANGED = "search_changed"
_IN_HAND = "search_in_hand"  # session.info: {(kind, id): (its pending row's id, document)}


def _record(session, changed) -> list[int]:
    """Write the pending rows of these (kind, id) pairs; give the rows' ids, in sorted order."""
    now = clock.now()
    rows = [{"kind": kind, "object_id": object_id, "created_at": now}
            for kind, object_id in sorted(changed)]
    statement = insert(PendingSearchChange).returning(PendingSearchChange.id,
                                                      sort_by_parameter_order=True)
    ids = list(session.connection().execute(statement, rows).scalars())
    session.info[_CHANGED] = True
    return ids


def _active() -> bool:
    """Whether the app in hand searches with Whoosh (another app in the same process, a
    test's, may use another backend)."""
    return has_app_context() and current_app.config.get("SEARCH_BACKEND") == "whoosh"


@event.listens_for(Session, "after_flush")
def _capture(session, flush_context) -> None:
    if session.info.get(_INDEXER) or not _active():
        return
    changed = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        changed.update(registry.affected(obj))
    if changed:
        _record(session, changed)


@event.listens_for(Session, "after_commit")
def _apply_after_commit(session) -> None:
    in_hand = session.info.pop(_IN_HAND, None) or {}
    if not session.info.pop(_CHANGED, False):
        return
    if not has_app_context() or not current_app.config.get("SEARCH_INDEX_ON_COMMIT", True):
        return
    from portal.search.whoosh import changes

    try:
        changes.apply_pending(in_hand)
    except Exception:  # the rows stay; `flask search sync` or the next start applies them
        current_app.logger.exception("Search index not updated after commit")


@event.listens_for(Session, "after_rollback")
def _forget(session) -> None:
    session.info.pop(_CHANGED, None)
    session.info.pop(_IN_HAND, None)


def changed_in_bulk(kind: str, ids: list[int]) -> None:
    """Record objects that bulk statements changed as the flush hook records flushed ones: in
    the caller's transaction, to be applied after its commit (in bulk, when they are many)."""
    if ids:
        _record(db.session(), {(kind, object_id) for object_id in ids})


def added_in_bulk(kind: str, documents: dict[int, dict]) -> None:
    """Record objects that bulk statements created, as `changed_in_bulk` does, and keep their
    documents until the commit: the indexer uses one only while the object's pending row is
    its only one (no later change, here or in another transaction, has been recorded)."""
    if not documents:
        return
    session = db.session()
    keys = sorted((kind, object_id) for object_id in documents)
    row_ids = _record(session, keys)
    session.info.setdefault(_IN_HAND, {}).update(
        (key, (row_id, documents[key[1]])) for key, row_id in zip(keys, row_ids, strict=True))
