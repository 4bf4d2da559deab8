"""The rules of the practice library: contribute, moderate, list, import and export."""

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal import audit, clock, permissions, search
from portal.alerts.services import item_published as tell_alerts
from portal.errors import NotFound, PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.library import bulk
from portal.library.indexing import document_of_values
from portal.library.records import Reference, apply_values, check_record, to_record
from portal.models import ClientGroup, IndicatorImpact, LibraryEntry, LocalArea, Outcome
from portal.notifications.events import notify
from portal.urls import external_url

PAGE_SIZE = 20
SORTS = {
    "improvement": "Largest improvement",
    "evidence": "Strongest evidence",
    "cost": "Lowest cost per person",
    "newest": "Newest",
}
ALLOWED_DECISIONS = {"submitted": ("publish", "return"), "published": ("unpublish",),
                     "unpublished": ("publish",), "returned": ()}
DECISIONS = {
    "publish": ("published", "library.published"),
    "return": ("returned", "library.returned"),
    "unpublish": ("unpublished", "library.unpublished"),
}


def _checked(record: dict) -> dict:
    checked = check_record(record, Reference())
    if checked.errors:
        raise ValidationFailed(checked.errors)
    return checked.values


def contribute(record: dict, *, actor) -> LibraryEntry:
    """Add an entry from a contributor; it waits for an admin to publish it."""
    if not permissions.can_contribute_library_entry(actor):
        raise PermissionDenied()
    values = _checked(record)
    entry = LibraryEntry(status="submitted", contributor_id=actor.id, sources=[])
    apply_values(entry, values)
    db.session.add(entry)
    db.session.flush()
    audit.record("library.submitted", entry, actor=actor, title=entry.title)
    return entry


def update_entry(entry: LibraryEntry, record: dict, *, actor) -> None:
    """Change an entry. A contributor's change to a returned entry sends it back for moderation."""
    if not permissions.can_edit_library_entry(actor, entry):
        raise PermissionDenied()
    apply_values(entry, _checked(record))
    entry.updated_at = clock.now()
    if entry.status == "returned" and not permissions.is_admin(actor):
        entry.status = "submitted"
    audit.record("library.updated", entry, actor=actor, status=entry.status)


def moderate(entry: LibraryEntry, decision: str, reason: str, *, actor) -> None:
    """Publish, return (with reasons) or unpublish an entry; the contributor is emailed."""
    if not permissions.can_moderate_library_entry(actor, entry):
        raise PermissionDenied()
    if decision not in ALLOWED_DECISIONS[entry.status]:
        raise ValidationFailed("Choose what to do with this entry", "decision")
    reason = (reason or "").strip()
    if decision in ("return", "unpublish") and not reason:
        raise ValidationFailed("Enter the reason, so the contributor knows what to change",
                               "reason")
    status, action = DECISIONS[decision]
    now = clock.now()
    entry.status = status
    entry.reviewed_at = now
    entry.return_reason = reason or None
    if status == "published":
        entry.published_at = entry.published_at or now
    audit.record(action, entry, actor=actor, reason=reason)
    if status == "published":
        tell_alerts("library", entry)
    if entry.contributor is not None:
        notify(
            entry.contributor, f"library_{status}",
            f"Your practice library entry has been {status}: {entry.title}"[:255],
            contributor=entry.contributor, entry=entry, reason=reason,
            link=external_url("library.detail", entry_id=entry.id),
        )


def delete_entry(entry: LibraryEntry, *, actor) -> None:
    """Remove an entry for good (it leaves the search index with it)."""
    if not permissions.can_delete_library_entry(actor, entry):
        raise PermissionDenied()
    audit.record("library.deleted", entry, actor=actor, title=entry.title)
    db.session.delete(entry)


def get_entry(entry_id: int, *, actor) -> LibraryEntry:
    """An entry the actor may see; others do not learn that it exists."""
    entry = db.session.get(LibraryEntry, entry_id)
    if entry is None or not permissions.can_view_library_entry(actor, entry):
        raise NotFound()
    return entry


# ---- Lists -----------------------------------------------------------------------------------

@dataclass
class EntryFilters:
    client_group: list[str]
    outcome: list[str]
    indicator: list[str]
    region: list[str]
    evidence: list[int]
    cost_min: Decimal | None = None
    cost_max: Decimal | None = None
    sort: str = "newest"
    page: int = 1


def _improvement():
    return (
        select(func.max(IndicatorImpact.result_pct - IndicatorImpact.baseline_pct))
        .where(IndicatorImpact.entry_id == LibraryEntry.id)
        .correlate(LibraryEntry)
        .scalar_subquery()
    )


def _matching(filters: EntryFilters):
    """Published entries matching the filters, in no order yet."""
    query = select(LibraryEntry).where(LibraryEntry.status == "published")
    if filters.client_group:
        query = query.where(LibraryEntry.client_groups.any(
            ClientGroup.code.in_(filters.client_group)))
    if filters.outcome:
        query = query.where(LibraryEntry.outcomes.any(Outcome.code.in_(filters.outcome)))
    if filters.indicator:
        query = query.where(LibraryEntry.impacts.any(
            IndicatorImpact.indicator_code.in_(filters.indicator)))
    if filters.region:
        query = query.where(LibraryEntry.local_areas.any(
            LocalArea.region_code.in_(filters.region)))
    if filters.evidence:
        query = query.where(LibraryEntry.evidence_rating.in_(filters.evidence))
    if filters.cost_min is not None:
        query = query.where(LibraryEntry.cost_per_person_gbp >= filters.cost_min)
    if filters.cost_max is not None:
        query = query.where(LibraryEntry.cost_per_person_gbp <= filters.cost_max)
    return query


def _sorted(query, sort: str):
    order = {
        "improvement": (_improvement().desc().nulls_last(),),
        "evidence": (LibraryEntry.evidence_rating.desc(),),
        "cost": (LibraryEntry.cost_per_person_gbp.asc().nulls_last(),),
    }.get(sort, ())
    return query.order_by(*order, LibraryEntry.published_at.desc(), LibraryEntry.id.desc())


def published_entries(filters: EntryFilters, *,
                      per_page: int = PAGE_SIZE) -> tuple[list[LibraryEntry], int]:
    """One page of published entries matching the filters, and how many match in all."""
    query = _matching(filters)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    query = _sorted(query, filters.sort).options(selectinload(LibraryEntry.impacts),
                                                 selectinload(LibraryEntry.local_areas))
    offset = (max(filters.page, 1) - 1) * per_page
    return list(db.session.scalars(query.offset(offset).limit(per_page))), total


def every_published_entry(filters: EntryFilters) -> list[LibraryEntry]:
    """Every entry the list shows with these filters, in its order, not one page of them
    (the CSV download), with what each line reads loaded at once."""
    return list(db.session.scalars(_sorted(_matching(filters), filters.sort).options(
        selectinload(LibraryEntry.impacts), selectinload(LibraryEntry.client_groups),
        selectinload(LibraryEntry.outcomes),
        selectinload(LibraryEntry.local_areas).selectinload(LocalArea.region))))


def related_entries(entry: LibraryEntry, limit: int = 3) -> list[LibraryEntry]:
    """Published entries sharing the most indicators and client groups with this one."""
    indicators = set(entry.indicator_codes)
    groups = {group.code for group in entry.client_groups}
    candidates = db.session.scalars(
        select(LibraryEntry)
        .where(LibraryEntry.status == "published", LibraryEntry.id != entry.id)
        .where(LibraryEntry.impacts.any(IndicatorImpact.indicator_code.in_(indicators))
               | LibraryEntry.client_groups.any(ClientGroup.code.in_(groups)))
        .limit(50)
    )

    def overlap(other: LibraryEntry) -> tuple:
        shared = 2 * len(indicators & set(other.indicator_codes)) + len(
            groups & {group.code for group in other.client_groups})
        return (-shared, -other.evidence_rating, other.id)

    return sorted(candidates, key=overlap)[:limit]


def waiting_for_moderation(*, actor) -> list[LibraryEntry]:
    if not permissions.can_moderate_library(actor):
        raise PermissionDenied()
    return list(db.session.scalars(
        select(LibraryEntry).where(LibraryEntry.status == "submitted")
        .order_by(LibraryEntry.created_at, LibraryEntry.id)))


def entries_by(user) -> list[LibraryEntry]:
    """Everything a person contributed, newest first."""
    return list(db.session.scalars(
        select(LibraryEntry).where(LibraryEntry.contributor_id == user.id)
        .order_by(LibraryEntry.created_at.desc(), LibraryEntry.id.desc())))


# ---- Bulk exchange ---------------------------------------------------------------------------

def check_lines(lines: Iterable[str]) -> tuple[list[dict], dict[str, str]]:
    """Check every line of a JSON Lines file; give the checked values or every error. An
    identifier may appear on one line only (which of two would win is anyone's guess)."""
    reference = Reference()
    checked, errors, seen = [], {}, {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as error:
            errors[f"line {number}"] = f"is not valid JSON ({error.msg})"
            continue
        result = check_record(record, reference)
        for name, message in result.errors.items():
            errors[f"line {number}" if name == "_" else f"line {number}, {name}"] = message
        identifier = result.values.get("identifier")
        if identifier in seen:
            errors[f"line {number}, identifier"] = f"is also on line {seen[identifier]}"
        elif identifier is not None:
            seen[identifier] = number
        checked.append(result.values)
    return checked, errors


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0

    def __str__(self) -> str:
        total = self.created + self.updated
        return (f"Imported {total} entr{'y' if total == 1 else 'ies'}: created {self.created}, "
                f"updated {self.updated}.")


def import_entries(lines: Iterable[str], *, actor,
                   progress: Callable[[int], None] | None = None) -> ImportResult:
    """Import a JSON Lines file: every line is checked first, and one bad line stops it all.

    A line whose identifier an entry already has updates that entry in place, keeping its
    moderation status (an entry an admin unpublished stays unpublished). Any other line
    creates an entry, published at once (imports come from site staff), with the line's
    identifier or a new one. The entries are written in bulk (`bulk.py`), past the ORM, so
    search is told which ones changed, and given the new ones' documents, made from the
    values in hand: they become searchable with the commit.
    """
    if not permissions.can_import_library(actor):
        raise PermissionDenied()
    checked, errors = check_lines(lines)
    if errors:
        raise ValidationFailed(errors)
    existing = bulk.ids_by_identifier([v["identifier"] for v in checked if v["identifier"]])
    now = clock.now()
    created = [values for values in checked if values["identifier"] not in existing]
    updated = [(existing[values["identifier"]], values) for values in checked
               if values["identifier"] in existing]
    documents = [document_of_values(values, now) for values in created]
    search.analyse_ahead(documents)
    ids = bulk.create(created, now, progress)
    bulk.replace(updated, now, progress)
    search.added_in_bulk("library", dict(zip(ids, documents, strict=True)))
    search.changed_in_bulk("library", [entry_id for entry_id, _ in updated])
    result = ImportResult(created=len(created), updated=len(updated))
    audit.record("library.imported", None, actor=actor, count=len(checked),
                 created=result.created, updated=result.updated)
    return result


def export_records() -> Iterator[dict]:
    """Every published entry in the JSON Lines format, oldest first."""
    query = (
        select(LibraryEntry).where(LibraryEntry.status == "published").order_by(LibraryEntry.id)
        .options(selectinload(LibraryEntry.client_groups), selectinload(LibraryEntry.outcomes),
                 selectinload(LibraryEntry.local_areas), selectinload(LibraryEntry.impacts))
        .execution_options(yield_per=500)
    )
    for entry in db.session.scalars(query):
        yield to_record(entry)


def entries_on_indicators(indicator_codes, *, limit: int = 10) -> list[LibraryEntry]:
    """Published entries with a measured impact on any of these indicators, strongest evidence
    first (for a bid's evidence, and the opportunity pages)."""
    if not indicator_codes:
        return []
    with_impact = select(IndicatorImpact.entry_id).where(
        IndicatorImpact.indicator_code.in_(list(indicator_codes)))
    return list(db.session.scalars(
        select(LibraryEntry).where(LibraryEntry.status == "published",
                                   LibraryEntry.id.in_(with_impact))
        .order_by(LibraryEntry.evidence_rating.desc(), LibraryEntry.id).limit(limit)))


def entries_citing(innovation) -> list[LibraryEntry]:
    """Published entries whose service drew on this innovation, strongest evidence first."""
    return list(db.session.scalars(
        select(LibraryEntry).where(LibraryEntry.status == "published",
                                   LibraryEntry.innovations.any(id=innovation.id))
        .order_by(LibraryEntry.evidence_rating.desc(), LibraryEntry.id)))

