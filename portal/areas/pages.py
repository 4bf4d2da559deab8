"""What the area and indicator pages (and their API twins) show, gathered in one call each."""

from sqlalchemy import select

from portal.areas import charts, recommendations, values
from portal.areas.definitions import DEFINITIONS
from portal.areas.places import Place, england, indicators, region_place
from portal.extensions import db
from portal.innovations import queries as innovation_queries
from portal.models import Indicator, LocalArea, Region
from portal.opportunities import queries as opportunity_queries

RECENT_STATUSES = ["closed", "awarded", "cancelled", "not awarded"]


def _opportunities(place: Place) -> dict:
    where = ({"local_area": [place.code]} if place.level == "local-area"
             else {"region": [place.code]} if place.level == "region" else {})
    open_ = opportunity_queries.search(
        opportunity_queries.Filters(status=["open"], sort="closing", **where), per_page=10)
    recent = opportunity_queries.search(
        opportunity_queries.Filters(status=RECENT_STATUSES, sort="newest", **where), per_page=5)
    return {"open": open_.items, "open_total": open_.total, "recent": recent.items}


def area_page(place: Place) -> dict:
    """Everything an area page shows: values beside the comparators, charts, the LAA,
    opportunities, innovations and what worked elsewhere on its gaps."""
    grid = values.grid_for_place(place)
    places = [place, *place.comparators]
    all_indicators = indicators()
    gaps = recommendations.what_works(place, grid)
    page = {
        "place": place, "places": places, "grid": grid, "indicators": all_indicators,
        "comparison": charts.comparison_chart(places, all_indicators, grid,
                                              chart_id="comparison"),
        "trends": [(indicator, charts.trend_chart(places, indicator, grid,
                                                   chart_id=f"trend-{indicator.number}"))
                   for indicator in all_indicators],
        "gaps": gaps, "weakest": gaps[0] if gaps else None,
        "rule": recommendations.RULE_SUMMARY,
        "opportunities": _opportunities(place),
        "innovations": innovation_queries.running_or_adopted(
            local_area=place.code if place.level == "local-area" else None,
            region=place.code if place.level == "region" else None),
        "demonstration": grid.has_demonstration_values,
    }
    if place.level == "local-area":
        page["laa"] = values.laa_targets(place.code, grid)
        page["local_area"] = db.session.get(LocalArea, place.code)
    elif place.level == "region":
        page["laa_in_region"] = values.laa_choices_in_region(place.code)
        page["local_areas"] = place.region.local_areas
    return page


def indicator_page(indicator: Indicator) -> dict:
    """Everything an indicator page shows."""
    regions = list(db.session.scalars(select(Region).order_by(Region.name)))
    grid = values.regional_grid(indicator.code)
    nation = england()
    known = [value.value_pct for value in grid.values.values()]
    domain = (min(known), max(known)) if known else None  # one scale for every region
    trends = [(region, charts.trend_chart(
        [region_place(region), nation], indicator, grid, chart_id=f"trend-{region.code}",
        right=190, domain=domain)) for region in regions]
    below = values.furthest_below_england(indicator.code)
    return {
        "indicator": indicator, "definition": DEFINITIONS.get(indicator.code),
        "grid": grid, "england": nation, "regions": regions,
        "england_trend": charts.trend_chart([nation], indicator, grid, chart_id="trend-england"),
        "region_map": charts.region_map(indicator, regions, nation, grid, chart_id="region-map"),
        "regional_trends": trends,
        "below": below,
        "opportunities": opportunity_queries.tagged(indicator=indicator.code, limit=10),
        "innovations": innovation_queries.published_innovations(
            innovation_queries.InnovationFilters(indicator=indicator.code)).innovations,
        "improvements": recommendations.largest_improvements(indicator.code),
        "demonstration": grid.has_demonstration_values or any(
            shortfall.value.is_demonstration for shortfall in below),
    }
