"""Storing many checked records at once, for `flask library import`.

The ORM's unit of work spent about a millisecond an entry (objects, collections, one
bookkeeping step per tag and impact row); an import of 10,000 lines instead runs a few
statements per thousand entries: the entries, then their links (client groups, outcomes,
local areas, cited innovations) and impacts, each as one many-row insert. The rows are the
ones `records.apply_values` gives an entry through the ORM. Nothing here commits, and
nothing passes through the session's flush: the caller tells search which entries changed.
"""

import uuid
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import ARRAY

from portal.extensions import db
from portal.library.records import COLUMNS
from portal.models import IndicatorImpact, LibraryEntry
from portal.models.library import (
    entry_client_group,
    entry_innovation,
    entry_local_area,
    entry_outcome,
)

CHUNK = 1000  # entries a statement; also the step of the progress bar
LINKS = (  # table, its column, the record's value, and how to read one item of it
    (entry_client_group, "client_group_code", "client_groups", lambda group: group.code),
    (entry_outcome, "outcome_code", "outcomes", lambda outcome: outcome.code),
    (entry_local_area, "local_area_code", "local_areas", lambda area: area.code),
    (entry_innovation, "innovation_id", "innovations", lambda innovation_id: innovation_id),
)
CHILDREN = (*(link[0] for link in LINKS), IndicatorImpact.__table__)


def ids_by_identifier(identifiers: list[str]) -> dict[str, int]:
    """The ids of the entries that have these identifiers."""
    found = {}
    for start in range(0, len(identifiers), CHUNK):
        found |= dict(db.session.execute(
            select(LibraryEntry.identifier, LibraryEntry.id)
            .where(LibraryEntry.identifier.in_(identifiers[start:start + CHUNK]))).all())
    return found


def create(records: list[dict], now: datetime,
           progress: Callable[[int], None] | None = None) -> list[int]:
    """Add published entries (imports come from site staff); give their ids, in order."""
    ids = []
    for start in range(0, len(records), CHUNK):
        chunk = records[start:start + CHUNK]
        rows = [{name: values[name] for name in COLUMNS}
                | {"identifier": values["identifier"] or str(uuid.uuid4()),
                   "status": "published", "published_at": now, "reviewed_at": now,
                   "created_at": now, "updated_at": now}
                for values in chunk]
        db.session.execute(insert(LibraryEntry.__table__), rows)
        found = ids_by_identifier([row["identifier"] for row in rows])
        chunk_ids = [found[row["identifier"]] for row in rows]
        _add_children(chunk_ids, chunk)
        ids += chunk_ids
        if progress:
            progress(len(chunk))
    return ids


def replace(entries: list[tuple[int, dict]], now: datetime,
            progress: Callable[[int], None] | None = None) -> None:
    """Give existing entries (id, checked values) the values, links and impacts of their lines,
    keeping their moderation status."""
    for start in range(0, len(entries), CHUNK):
        chunk = entries[start:start + CHUNK]
        ids = [entry_id for entry_id, _ in chunk]
        db.session.execute(update(LibraryEntry), [
            {"id": entry_id, "updated_at": now} | {name: values[name] for name in COLUMNS}
            for entry_id, values in chunk])
        for table in CHILDREN:
            db.session.execute(delete(table).where(table.c.entry_id.in_(ids)))
        _add_children(ids, [values for _, values in chunk])
        if progress:
            progress(len(chunk))


def _add_children(ids: list[int], records: list[dict]) -> None:
    for table, column, name, item in LINKS:
        rows = [{"entry_id": entry_id, column: item(value)}
                for entry_id, values in zip(ids, records, strict=True)
                for value in values[name] or ()]
        _insert(table, rows)
    _insert(IndicatorImpact.__table__, [
        {"entry_id": entry_id, "position": position, **impact}
        for entry_id, values in zip(ids, records, strict=True)
        for position, impact in enumerate(values["impacts"])])


def _insert(table, rows: list[dict]) -> None:
    """Insert many rows of a child table at once. psycopg's executemany sends one statement a
    row (pipelined, but each run on its own: the links and impacts of 10,000 entries kept an
    import waiting seconds on PostgreSQL), so there one statement takes each column as an
    array and unnests them side by side; SQLite's executemany is quick as it is."""
    if not rows:
        return
    if db.session.get_bind().dialect.name != "postgresql":
        db.session.execute(insert(table), rows)
        return
    names = list(rows[0])
    columns = [func.unnest(bindparam(name, [row[name] for row in rows],
                                     type_=ARRAY(table.c[name].type))).label(name)
               for name in names]
    db.session.execute(insert(table).from_select(names, select(*columns)))
