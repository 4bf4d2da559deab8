"""What the home page shows each kind of visitor: providers what closes soon, everyone the
latest awards and innovations, people looking for help the way to a service, a way into
the guidance for each audience, and the events coming up (in a signed-in visitor's region).
Short lists, each one query."""

from portal import reference
from portal.contracts import queries as contract_queries
from portal.events.services import upcoming_events
from portal.guidance import services as guidance
from portal.innovations import queries as innovation_queries
from portal.models import AUDIENCES
from portal.opportunities import queries as opportunity_queries

SHORT_LIST = 5
GUIDANCE_PER_AUDIENCE = 4


def visitor_region(user) -> str | None:
    """The region of a signed-in visitor's organisation (from its local area), if known."""
    organisation = getattr(user, "organisation", None) if getattr(
        user, "is_authenticated", False) else None
    area = organisation.local_area if organisation is not None else None
    return area.region_code if area is not None else None


def home_page(user) -> dict:
    closing = opportunity_queries.search(
        opportunity_queries.Filters(status=["open"], sort="closing"), per_page=SHORT_LIST,
        loads=opportunity_queries.brief)
    awards = contract_queries.contract_page(contract_queries.ContractFilters(),
                                            per_page=SHORT_LIST)
    innovations = innovation_queries.published_innovations(
        innovation_queries.InnovationFilters(), page_size=3)
    grouped = guidance.by_audience()
    region = visitor_region(user)
    return {
        "events": upcoming_events(region=region, limit=3),
        "events_region": reference.find("regions", region) if region else None,
        "closing": closing.items, "open_total": closing.total,
        "awards": awards.items,
        "innovations": innovations.innovations,
        "guidance": [(code, AUDIENCES[code], pages[:GUIDANCE_PER_AUDIENCE], len(pages))
                     for code, pages in grouped.items() if pages],
    }
