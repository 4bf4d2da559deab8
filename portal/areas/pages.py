"""What the area and indicator pages (and their API twins) show, gathered in one call each."""

from dataclasses import dataclass

from portal import reference
from portal.areas import charts, recommendations, values
from portal.areas.definitions import DEFINITIONS
from portal.areas.places import Place, england, indicators, region_place
from portal.directory import queries as directory
from portal.events.services import upcoming_events
from portal.extensions import db
from portal.innovations import queries as innovation_queries
from portal.models import ENGLAND_CODE, Indicator, LocalArea, Region
from portal.opportunities import queries as opportunity_queries

RECENT_STATUSES = ["closed", "awarded", "cancelled", "not awarded"]


def _opportunities(place: Place) -> dict:
    where = ({"local_area": [place.code]} if place.level == "local-area"
             else {"region": [place.code]} if place.level == "region" else {})
    brief = opportunity_queries.brief
    open_ = opportunity_queries.search(
        opportunity_queries.Filters(status=["open"], sort="closing", **where), per_page=10,
        loads=brief)
    recent = opportunity_queries.search(
        opportunity_queries.Filters(status=RECENT_STATUSES, sort="newest", **where), per_page=5,
        loads=brief)
    return {"open": open_.items, "open_total": open_.total, "recent": recent.items}


@dataclass
class RegionRow:
    """A region on England's page: its value for each indicator, in the year shown."""

    region: Region
    cells: list  # IndicatorValue or None, one per indicator


def _regions_table(grid: values.Grid, all_indicators: list[Indicator]) -> dict:
    """Every region beside England, in the latest year England has a value for each
    indicator (a region without a value that year shows none)."""
    latest = [grid.series(ENGLAND_CODE, indicator.code)[-1:] for indicator in all_indicators]
    periods = [found[0].period if found else None for found in latest]
    regions = reference.regions()
    rows = [RegionRow(region, [grid.get(region.code, i.code, period) if period else None
                               for i, period in zip(all_indicators, periods, strict=True)])
            for region in regions]
    england_cells = [grid.get(ENGLAND_CODE, i.code, period) if period else None
                     for i, period in zip(all_indicators, periods, strict=True)]
    return {"periods": periods, "england": england_cells, "rows": rows}


def area_page(place: Place) -> dict:
    """Everything an area page shows: values beside the comparators, charts, the LAA,
    opportunities, innovations and what worked elsewhere on its gaps. England, the
    comparator of every other page, shows every region beside it instead of gaps."""
    if place.level == "england":
        grid = values.grid_for([place.code, *(region.code for region in reference.regions())])
    else:
        grid = values.grid_for_place(place)
    places = [place, *place.comparators]
    all_indicators = indicators()
    gaps = recommendations.what_works(place, grid) if place.level != "england" else []
    page = {
        "place": place, "places": places, "grid": grid, "indicators": all_indicators,
        "england": england(),
        "comparison": charts.comparison_chart(places, all_indicators, grid,
                                              chart_id="comparison"),
        "trends": [(indicator, charts.trend_chart(places, indicator, grid,
                                                   chart_id=f"trend-{indicator.number}"))
                   for indicator in all_indicators],
        "gaps": gaps, "weakest": gaps[0] if gaps else None,
        "rule": recommendations.RULE_SUMMARY,
        "opportunities": _opportunities(place),
        "services_running": directory.live_count(
            area=place.code if place.level != "england" else None),
        "events": upcoming_events(region=place.region.code if place.region else None, limit=3),
        "innovations": innovation_queries.running_or_adopted(
            local_area=place.code if place.level == "local-area" else None,
            region=place.code if place.level == "region" else None)
        if place.level != "england" else [],
        "demonstration": grid.has_demonstration_values,
    }
    if place.level == "local-area":
        page["laa"] = values.laa_targets(place.code, grid)
        page["local_area"] = db.session.get(LocalArea, place.code)
    elif place.level == "region":
        page["laa_in_region"] = values.laa_choices_in_region(place.code)
        page["local_areas"] = place.region.local_areas
    else:
        page["laa_counts"] = values.laa_counts()
        page["regions_table"] = _regions_table(grid, all_indicators)
    return page


def indicator_page(indicator: Indicator) -> dict:
    """Everything an indicator page shows."""
    regions = reference.regions()
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
