"""Human names for the codes the facets count."""

from sqlalchemy import select

from portal.extensions import db
from portal.models import EVIDENCE_SCALE, ClientGroup, Indicator, Outcome, Region
from portal.search.registry import kinds

FACET_TITLES = {
    "kind": "Type",
    "client_group": "Client group",
    "outcome": "Outcome",
    "indicator": "Indicator",
    "region": "Region",
    "evidence": "Evidence rating",
    "status": "Open or closed",
}


def facet_labels() -> dict[str, dict[str, str]]:
    """For each facet, a label for each code (unknown codes show as themselves)."""
    session = db.session
    return {
        "kind": {kind.name: kind.label for kind in kinds()}
        | {"opportunity": "Opportunities", "award": "Award notices",
           "innovation": "Innovations", "library": "Practice library"},
        "client_group": dict(session.execute(select(ClientGroup.code, ClientGroup.name)).all()),
        "outcome": dict(session.execute(select(Outcome.code, Outcome.name)).all()),
        "indicator": {code: f"{code}: {title}" for code, title in
                      session.execute(select(Indicator.code, Indicator.title)).all()},
        "region": dict(session.execute(select(Region.code, Region.name)).all()),
        "evidence": {str(level): f"{level}: {name}" for level, (name, _) in EVIDENCE_SCALE.items()},
        "status": {"open": "Open for bids", "closed": "Closed"},
    }
