"""What the home page shows each kind of visitor: providers what closes soon, everyone the
latest awards and innovations, people looking for help the way to a service, and a way into
the guidance for each audience. Short lists, each one query."""

from portal.contracts import queries as contract_queries
from portal.guidance import services as guidance
from portal.innovations import queries as innovation_queries
from portal.models import AUDIENCES
from portal.opportunities import queries as opportunity_queries

SHORT_LIST = 5
GUIDANCE_PER_AUDIENCE = 4


def home_page() -> dict:
    closing = opportunity_queries.search(
        opportunity_queries.Filters(status=["open"], sort="closing"), per_page=SHORT_LIST,
        loads=opportunity_queries.brief)
    awards = contract_queries.contract_page(contract_queries.ContractFilters(),
                                            per_page=SHORT_LIST)
    innovations = innovation_queries.published_innovations(
        innovation_queries.InnovationFilters(), page_size=3)
    grouped = guidance.by_audience()
    return {
        "closing": closing.items, "open_total": closing.total,
        "awards": awards.items,
        "innovations": innovations.innovations,
        "guidance": [(code, AUDIENCES[code], pages[:GUIDANCE_PER_AUDIENCE], len(pages))
                     for code, pages in grouped.items() if pages],
    }
