"""Library entries as search documents: only published entries are public."""

from decimal import Decimal
from types import SimpleNamespace

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.markdown import plain
from portal.models import IndicatorImpact, LibraryEntry, LocalArea
from portal.search import SearchKind, register


def document(entry: LibraryEntry) -> dict:
    areas = ", ".join(area.name for area in entry.local_areas)
    return {
        "title": entry.title,
        "body": "\n\n".join([
            entry.summary,
            plain(entry.service),
            f"Delivered by {entry.delivered_by}. Commissioned by {entry.commissioned_by}.",
            f"Where: {areas}.",
        ]),
        "client_group": [group.code for group in entry.client_groups],
        "outcome": [outcome.code for outcome in entry.outcomes],
        "indicator": entry.indicator_codes,
        "region": sorted({area.region_code for area in entry.local_areas}),
        "evidence": entry.evidence_rating,
        "published_at": entry.published_at,
        "improvement": entry.largest_improvement,
    }


def document_of_values(values: dict, published_at) -> dict:
    """The document `document()` gives an entry stored from checked values (see
    records.check_record), made from the values themselves: an import has them in hand, and
    reading thousands of entries back through the ORM cost as much as storing them."""
    impacts = values["impacts"]
    by_code = {name: sorted(values[name], key=lambda tag: tag.code)  # as the entry loads them
               for name in ("client_groups", "outcomes", "local_areas")}
    return document(SimpleNamespace(
        **(values | by_code), published_at=published_at,
        indicator_codes=sorted({impact["indicator_code"] for impact in impacts}),
        largest_improvement=max(
            (Decimal(i["result_pct"]) - Decimal(i["baseline_pct"]) for i in impacts),
            default=None)))


def public_query():
    return (
        select(LibraryEntry)
        .where(LibraryEntry.status == "published")
        .order_by(LibraryEntry.id)
        .options(
            selectinload(LibraryEntry.client_groups),
            selectinload(LibraryEntry.outcomes),
            selectinload(LibraryEntry.local_areas).selectinload(LocalArea.region),
            selectinload(LibraryEntry.impacts),
        )
    )


register(SearchKind(
    name="library",
    label="Practice library",
    model=LibraryEntry,
    document=document,
    is_public=lambda entry: entry.status == "published",
    url=lambda entry_id: url_for("library.detail", entry_id=entry_id),
    public_query=public_query,
    parents={IndicatorImpact: lambda impact: impact.entry_id},
))
