"""The opportunities list as a CSV file, one line per opportunity, with the list's filters."""

from collections.abc import Iterator

from flask import url_for

from portal.clock import uk_time
from portal.models import Opportunity

HEADER = [
    "Title", "Address", "Commissioned by", "Status", "Published", "Questions close",
    "Deadline for bids", "Minimum value (£)", "Maximum value (£)", "Duration (months)",
    "Client groups", "Outcomes", "Indicators", "Local areas", "Regions", "Summary",
]
_WHEN = "%Y-%m-%d %H:%M"  # UK time, sorting as text and as a date in a spreadsheet


def rows(opportunities: list[Opportunity]) -> Iterator[list]:
    """One line per opportunity, in the order given (drafts never reach this)."""
    for o in opportunities:
        yield [
            o.title, url_for("opportunities.detail", opportunity_id=o.id, _external=True),
            o.organisation.name, o.status.capitalize(), uk_time(o.published_at, _WHEN),
            uk_time(o.questions_close_at, _WHEN), uk_time(o.closes_at, _WHEN),
            o.value_min, o.value_max, o.duration_months,
            "; ".join(g.name for g in o.client_groups), "; ".join(x.name for x in o.outcomes),
            "; ".join(i.indicator_code for i in o.indicators),
            "; ".join(a.name for a in o.local_areas), "; ".join(r.name for r in o.regions),
            o.summary,
        ]
