"""The CSV format of indicator values: checking rows, and writing them.

Columns, in this order (`flask indicators import` and `export`, and the values.csv API):

    area_code    a local area's ONS code, a region's ONS code (E12...) or name, or E92000001
    indicator    NI 143 to NI 150 (NI-148, NI148 and 148 are read too)
    period       the financial year, like 2008-09
    value_pct    the percentage, 0 to 100, at most 2 decimal places
    numerator    people counted who reached the outcome (a whole number)
    denominator  people counted (a whole number, 1 or more)
    source       where the figure comes from (up to 200 characters)

A row is refused if its value differs from numerator ÷ denominator × 100 by more than
half a percentage point.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy import select

from portal.areas.places import indicator_code, is_period
from portal.extensions import db
from portal.forms import whole_number_text
from portal.models import ENGLAND_CODE, Indicator, IndicatorValue, LocalArea, Region
from portal.urls import ID_MAX

COLUMNS = ("area_code", "indicator", "period", "value_pct", "numerator", "denominator", "source")
TOLERANCE_PP = Decimal("0.5")


class Areas:
    """Area codes and region names a row may use, read once for the whole file."""

    def __init__(self):
        self.levels = {ENGLAND_CODE: "england"}
        self.region_names = {}
        for region in db.session.scalars(select(Region)):
            self.levels[region.code] = "region"
            self.region_names[region.name.casefold()] = region.code
        for code in db.session.scalars(select(LocalArea.code)):
            self.levels[code] = "local-area"
        self.indicators = set(db.session.scalars(select(Indicator.code)))

    def resolve(self, text: str) -> str | None:
        text = " ".join(text.split())
        if text.upper() in self.levels:
            return text.upper()
        return self.region_names.get(text.casefold())


@dataclass
class CheckedRow:
    values: dict
    problems: list[str]

    @property
    def key(self) -> tuple:
        return (self.values.get("area_code"), self.values.get("indicator_code"),
                self.values.get("period"))


def _whole(text: str, name: str, problems: list[str], low: int) -> int | None:
    number = whole_number_text(text, maximum=ID_MAX)
    if number is None or number < low:
        problems.append(f"{name} must be a whole number, {low} or more (it is {text.strip()!r})")
        return None
    return number


def _value(text: str, problems: list[str]) -> Decimal | None:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        problems.append(f"value_pct must be a number (it is {text!r})")
        return None
    if not value.is_finite() or value.as_tuple().exponent < -2:
        problems.append(f"value_pct must be a number with at most 2 decimal places ({text!r})")
        return None
    if not 0 <= value <= 100:
        problems.append(f"value_pct must be between 0 and 100 (it is {text.strip()})")
        return None
    return value


def check_row(row: dict, areas: Areas) -> CheckedRow:
    """Check one row (a dict of the CSV's columns as text) against every rule."""
    problems: list[str] = []
    row = {name: (row.get(name) or "") for name in COLUMNS}
    for name in COLUMNS:
        if not row[name].strip():
            problems.append(f"{name} is empty")
    area = areas.resolve(row["area_code"]) if row["area_code"].strip() else None
    if row["area_code"].strip() and area is None:
        problems.append(f"unknown area {row['area_code'].strip()!r} (use an ONS code, a "
                        f"region's name or {ENGLAND_CODE} for England)")
    code = indicator_code(row["indicator"])
    if row["indicator"].strip() and code not in areas.indicators:
        problems.append(f"unknown indicator {row['indicator'].strip()!r} (use NI 143 to NI 150)")
    period = row["period"].strip()
    if period and not is_period(period):
        problems.append(f"period must be a financial year like 2008-09 (it is {period!r})")
    value = _value(row["value_pct"], problems) if row["value_pct"].strip() else None
    numerator = _whole(row["numerator"], "numerator", problems, 0) if row[
        "numerator"].strip() else None
    denominator = _whole(row["denominator"], "denominator", problems, 1) if row[
        "denominator"].strip() else None
    if numerator is not None and denominator is not None:
        if numerator > denominator:
            problems.append(f"numerator ({numerator}) is larger than denominator "
                            f"({denominator})")
        elif value is not None:
            computed = Decimal(numerator) * 100 / Decimal(denominator)
            if abs(computed - value) > TOLERANCE_PP:
                problems.append(
                    f"value_pct {value} does not match numerator ÷ denominator "
                    f"({numerator} ÷ {denominator} = {computed:.2f}%; allowed difference "
                    f"{TOLERANCE_PP} points)")
    source = row["source"].strip()
    if len(source) > 200:
        problems.append("source must be 200 characters or fewer")
    values = {"area_code": area, "level": areas.levels.get(area), "indicator_code": code,
              "period": period, "value_pct": value, "numerator": numerator,
              "denominator": denominator, "source": source}
    return CheckedRow(values, problems)


def new_value(values: dict) -> IndicatorValue:
    """A value from a checked row, with the foreign key its level needs."""
    level, code = values["level"], values["area_code"]
    return IndicatorValue(
        local_area_code=code if level == "local-area" else None,
        region_code=code if level == "region" else None,
        **values)


def to_row(value: IndicatorValue) -> dict:
    """A stored value as a CSV row (every area by its ONS code)."""
    return {
        "area_code": value.area_code, "indicator": value.indicator_code, "period": value.period,
        "value_pct": f"{value.value_pct.normalize():f}", "numerator": str(value.numerator),
        "denominator": str(value.denominator), "source": value.source,
    }
