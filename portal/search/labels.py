"""Human names for the codes the facets count."""

from portal import reference
from portal.models import EVIDENCE_SCALE
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
    """For each facet, a label for each code (unknown codes show as themselves). Reference
    names come from `portal.reference`, so labelling a search page costs no query."""
    return {
        "kind": {kind.name: kind.label for kind in kinds()}
        | {"opportunity": "Opportunities", "award": "Award notices",
           "innovation": "Innovations", "library": "Practice library"},
        "client_group": reference.names("client_groups"),
        "outcome": reference.names("outcomes"),
        "indicator": {code: f"{code}: {title}" for code, title in
                      reference.names("indicators").items()},
        "region": reference.names("regions"),
        "evidence": {str(level): f"{level}: {name}" for level, (name, _) in EVIDENCE_SCALE.items()},
        "status": {"open": "Open for bids", "closed": "Closed"},
    }
