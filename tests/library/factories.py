"""Library records and entries for tests."""

import copy

from portal.extensions import db
from portal.library.services import contribute, import_entries
from portal.permissions import COMMAND_LINE

RECORD = {
    "title": "Housing first for prison leavers",
    "summary": "Prison leavers got a tenancy on release and a support worker who stayed.",
    "service": "A support worker met each person before release and visited weekly.",
    "client_groups": ["offenders"],
    "outcomes": ["accommodation"],
    "local_areas": ["E08000003"],
    "delivered_by": "Step Forward Housing",
    "commissioned_by": "Greater Manchester Probation Trust",
    "period_start": "2007-04-01",
    "period_end": "2009-03-31",
    "cost_per_person_gbp": 2400,
    "evidence_rating": 3,
    "sources": ["https://example.org/evaluation.pdf"],
    "innovations": [],
    "impacts": [{"indicator": "NI 143", "baseline_pct": 71, "baseline_period": "2006/07",
                 "result_pct": 84.5, "result_period": "2008/09", "cohort": 212}],
}


def record(**overrides) -> dict:
    data = copy.deepcopy(RECORD)
    data.update(overrides)
    return data


def published_entry(**overrides):
    """A published entry, committed (and so indexed)."""
    import json

    from sqlalchemy import select

    from portal.models import LibraryEntry

    import_entries([json.dumps(record(**overrides))], actor=COMMAND_LINE)
    db.session.commit()
    return db.session.scalar(select(LibraryEntry).order_by(LibraryEntry.id.desc()).limit(1))


def submitted_entry(contributor, **overrides):
    entry = contribute(record(**overrides), actor=contributor)
    db.session.commit()
    return entry
