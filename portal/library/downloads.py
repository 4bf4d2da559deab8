"""The practice library list as a CSV file, one line per published entry, with its filters."""

from collections.abc import Iterator

from flask import url_for

from portal.models import LibraryEntry

HEADER = [
    "Title", "Address", "Summary", "Delivered by", "Commissioned by", "Started", "Ended",
    "Cost per person (£)", "Evidence rating (1 to 5)", "Evidence", "Client groups",
    "Outcomes", "Local areas", "Regions", "Indicators", "Largest improvement (points)",
]


def rows(entries: list[LibraryEntry]) -> Iterator[list]:
    """One line per entry, in the order given (only published entries reach this)."""
    for e in entries:
        yield [
            e.title, url_for("library.detail", entry_id=e.id, _external=True), e.summary,
            e.delivered_by, e.commissioned_by, e.period_start.isoformat(),
            e.period_end.isoformat(), e.cost_per_person_gbp, e.evidence_rating,
            e.evidence_label, "; ".join(g.name for g in e.client_groups),
            "; ".join(o.name for o in e.outcomes), "; ".join(a.name for a in e.local_areas),
            "; ".join(r.name for r in e.regions), "; ".join(e.indicator_codes),
            e.largest_improvement,
        ]
