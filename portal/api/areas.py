"""Open data: indicator values by area and by indicator, with the suggestions the pages make.

GET /api/v1/areas/<code>                    a local area, region or England by ONS code
GET /api/v1/indicators/<code>               ni-148 (or NI-148, NI148, 148)
GET /api/v1/indicators/<code>/values.csv    every value, in the `flask indicators import` format
"""

import io

from flask import Response, jsonify, url_for

from portal.api import bp
from portal.api.values import number
from portal.areas import recommendations, values
from portal.areas.places import england, find_indicator, find_place, indicator_slug
from portal.areas.services import export_rows, write_csv
from portal.errors import NotFound
from portal.models import DEMONSTRATION_SOURCE


def value_json(value) -> dict:
    return {"area_code": value.area_code, "area_name": values.area_name(value),
            "level": value.level, "indicator": value.indicator_code, "period": value.period,
            "value_pct": number(value.value_pct), "numerator": value.numerator,
            "denominator": value.denominator, "source": value.source,
            "demonstration": value.is_demonstration}


def suggestion_json(suggestion) -> dict:
    entry, impact = suggestion.entry, suggestion.impact
    return {
        "entry": {"id": entry.id, "title": entry.title,
                  "url": url_for("library.detail", entry_id=entry.id, _external=True),
                  "api": url_for("api.library_entry", entry_id=entry.id, _external=True)},
        "evidence_rating": entry.evidence_rating,
        "improvement_pp": number(impact.change_pp),
        "baseline_pct": number(impact.baseline_pct), "result_pct": number(impact.result_pct),
        "cohort": impact.cohort, "local_areas": [area.code for area in entry.local_areas],
        "score": number(suggestion.score),
        **({"reason": suggestion.reason} if suggestion.reason else {}),
    }


def _notice(any_demonstration: bool) -> str | None:
    return (f"{DEMONSTRATION_SOURCE}: some values were generated for the portal's demo and "
            "are not official statistics." if any_demonstration else None)


@bp.route("/areas/<code>")
def area(code):
    place = find_place(code)
    if place is None:
        raise NotFound()
    grid = values.grid_for_place(place) if place.level != "england" else values.grid_for(
        [place.code])
    gaps = recommendations.what_works(place, grid) if place.level != "england" else []
    own = [value_json(v) for key, v in sorted(grid.values.items()) if key[0] == place.code]
    body = {
        "code": place.code, "name": place.name, "level": place.level,
        "region": ({"code": place.region.code, "name": place.region.name}
                   if place.level == "local-area" else None),
        "url": url_for("areas.detail", code=place.code, _external=True),
        "compared_with": [other.code for other in place.comparators],
        "values": own,
        "comparator_values": [value_json(v) for key, v in sorted(grid.values.items())
                              if key[0] != place.code],
        "recommendation_rule": recommendations.RULE_SUMMARY,
        "recommendations": [
            {"indicator": gap.value.indicator_code, "period": gap.value.period,
             "value_pct": number(gap.value.value_pct),
             "england_pct": number(gap.england.value_pct), "gap_pp": number(gap.gap_pp),
             "suggestions": [suggestion_json(s) for s in gap.suggestions]}
            for gap in gaps],
        "demonstration_notice": _notice(grid.has_demonstration_values),
    }
    if place.level == "local-area":
        body["laa"] = [
            {"indicator": code, "targets": [
                {"period": row.target.period, "target_pct": number(row.target.target_pct),
                 "value_pct": number(row.value.value_pct) if row.value else None,
                 "distance_pp": number(row.distance_pp)} for row in rows]}
            for code, rows in values.laa_targets(place.code, grid).items()]
    return jsonify(body)


def _indicator(code):
    found = find_indicator(code)
    if found is None:
        raise NotFound()
    return found


@bp.route("/indicators/<code>")
def indicator(code):
    found = _indicator(code)
    rows = values.values_for_indicator(found.code)
    slug = indicator_slug(found.code)
    return jsonify({
        "code": found.code, "number": found.number, "title": found.title,
        "client_group": found.client_group_code, "outcome": found.outcome_code,
        "url": url_for("areas.indicator", code=slug, _external=True),
        "values_csv": url_for("api.indicator_values_csv", code=slug, _external=True),
        "england": england().code,
        "values": [value_json(value) for value in rows],
        "furthest_below_england": [
            {"area_code": s.value.area_code, "period": s.value.period,
             "value_pct": number(s.value.value_pct), "gap_pp": number(s.gap_pp)}
            for s in values.furthest_below_england(found.code)],
        "recommendation_rule": recommendations.RULE_SUMMARY,
        "recommendations": [suggestion_json(s) for s in recommendations.ranked_entries(
            found.code, limit=10)],
        "demonstration_notice": _notice(any(value.is_demonstration for value in rows)),
    })


@bp.route("/indicators/<code>/values.csv")
def indicator_values_csv(code):
    found = _indicator(code)
    buffer = io.StringIO()
    write_csv(buffer, export_rows(found.code))
    filename = f"{indicator_slug(found.code)}-values.csv"
    return Response(buffer.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
