"""Indicator values and library entries for the area tests."""

from decimal import Decimal

from portal.extensions import db
from portal.models import ENGLAND_CODE, IndicatorValue
from tests.library.factories import published_entry

MANCHESTER, NORTH_WEST = "E08000003", "E12000002"
SOUTHWARK, LONDON = "E09000028", "E12000007"


def _level(code: str) -> str:
    if code == ENGLAND_CODE:
        return "england"
    return "region" if code.startswith("E12") else "local-area"


def add_value(area_code: str, value, *, indicator: str = "NI 148", period: str = "2010-11",
              denominator: int = 400, source: str = "Test figures") -> IndicatorValue:
    """Store one value; the numerator is worked out from it so the row is consistent."""
    value = Decimal(str(value))
    level = _level(area_code)
    row = IndicatorValue(
        area_code=area_code, level=level, indicator_code=indicator, period=period,
        local_area_code=area_code if level == "local-area" else None,
        region_code=area_code if level == "region" else None,
        value_pct=value, numerator=round(value * denominator / 100), denominator=denominator,
        source=source)
    db.session.add(row)
    db.session.commit()
    return row


def add_values(values: dict, **options) -> None:
    """add_values({MANCHESTER: 55, NORTH_WEST: 60, ENGLAND_CODE: 63}, indicator="NI 148")"""
    for code, value in values.items():
        add_value(code, value, **options)


def entry_on(indicator: str, baseline, result, *, rating: int = 3, areas=(SOUTHWARK,),
             cohort: int = 100, title: str | None = None):
    """A published library entry with one measured impact on `indicator`."""
    return published_entry(
        title=title or f"{indicator} service rated {rating}, {baseline} to {result}",
        local_areas=list(areas), evidence_rating=rating,
        impacts=[{"indicator": indicator, "baseline_pct": baseline, "baseline_period": "2007/08",
                  "result_pct": result, "result_period": "2008/09", "cohort": cohort}])
