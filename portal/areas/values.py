"""Reading indicator values: an area's values beside its region and England, and rankings."""

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import selectinload

from portal.areas.places import Place
from portal.extensions import db
from portal.models import ENGLAND_CODE, IndicatorValue, LaaTarget, LocalArea


class Grid:
    """Indicator values for a few areas, addressed by (area code, indicator code, period)."""

    def __init__(self, values):
        self.values = {(v.area_code, v.indicator_code, v.period): v for v in values}

    def get(self, area_code: str, indicator_code: str, period: str) -> IndicatorValue | None:
        return self.values.get((area_code, indicator_code, period))

    def periods(self, indicator_code: str | None = None) -> list[str]:
        return sorted({period for _, code, period in self.values
                       if indicator_code in (None, code)})

    def series(self, area_code: str, indicator_code: str) -> list[IndicatorValue]:
        return [value for period in self.periods(indicator_code)
                if (value := self.get(area_code, indicator_code, period)) is not None]

    def latest_shared_period(self, area_code: str, indicator_code: str,
                             other: str = ENGLAND_CODE) -> str | None:
        """The latest year in which both areas have a value for the indicator."""
        shared = [period for period in self.periods(indicator_code)
                  if self.get(area_code, indicator_code, period)
                  and self.get(other, indicator_code, period)]
        return shared[-1] if shared else None

    @property
    def has_demonstration_values(self) -> bool:
        return any(value.is_demonstration for value in self.values.values())

    def __bool__(self) -> bool:
        return bool(self.values)


def grid_for(area_codes, indicator_codes=None) -> Grid:
    """Every stored value for these areas (and indicators, if given)."""
    query = select(IndicatorValue).where(IndicatorValue.area_code.in_(list(area_codes)))
    if indicator_codes is not None:
        query = query.where(IndicatorValue.indicator_code.in_(list(indicator_codes)))
    return Grid(db.session.scalars(query))


def grid_for_place(place: Place) -> Grid:
    """The place's values and those of what it is compared with (its region, England)."""
    return grid_for([place.code, *(other.code for other in place.comparators)])


def regional_grid(indicator_code: str) -> Grid:
    """England's and every region's values for one indicator."""
    query = select(IndicatorValue).where(
        IndicatorValue.indicator_code == indicator_code,
        IndicatorValue.level.in_(("region", "england")))
    return Grid(db.session.scalars(query))


@dataclass
class Shortfall:
    """A local area below England on an indicator in a year."""

    value: IndicatorValue
    england: IndicatorValue

    @property
    def gap_pp(self) -> Decimal:
        return self.england.value_pct - self.value.value_pct


def furthest_below_england(indicator_code: str, limit: int = 10) -> list[Shortfall]:
    """Local areas furthest below England in the latest year England has a value for."""
    england = db.session.scalar(
        select(IndicatorValue)
        .where(IndicatorValue.area_code == ENGLAND_CODE,
               IndicatorValue.indicator_code == indicator_code)
        .order_by(IndicatorValue.period.desc()).limit(1))
    if england is None:
        return []
    rows = db.session.scalars(
        select(IndicatorValue)
        .where(IndicatorValue.level == "local-area",
               IndicatorValue.indicator_code == indicator_code,
               IndicatorValue.period == england.period,
               IndicatorValue.value_pct < england.value_pct)
        .order_by(IndicatorValue.value_pct, IndicatorValue.area_code).limit(limit)
        .options(selectinload(IndicatorValue.local_area).selectinload(LocalArea.region)))
    return [Shortfall(value, england) for value in rows]


def values_for_indicator(indicator_code: str) -> list[IndicatorValue]:
    """Every value of one indicator: England, then regions, then local areas, by code and year."""
    level_order = {"england": 0, "region": 1, "local-area": 2}
    rows = db.session.scalars(
        select(IndicatorValue).where(IndicatorValue.indicator_code == indicator_code)
        .options(selectinload(IndicatorValue.local_area), selectinload(IndicatorValue.region)))
    return sorted(rows, key=lambda v: (level_order[v.level], v.area_code, v.period))


def area_name(value: IndicatorValue) -> str:
    if value.level == "local-area":
        return value.local_area.name
    if value.level == "region":
        return value.region.name
    return "England"


@dataclass
class TargetRow:
    """One year of an LAA target beside the area's value that year."""

    target: LaaTarget
    value: IndicatorValue | None

    @property
    def distance_pp(self) -> Decimal | None:
        """Points still to go (positive) or beyond the target (negative)."""
        if self.value is None:
            return None
        return self.target.target_pct - self.value.value_pct


def laa_targets(local_area_code: str, grid: Grid) -> dict[str, list[TargetRow]]:
    """The area's LAA indicators, each with its targets by year and the value that year."""
    targets = db.session.scalars(
        select(LaaTarget).where(LaaTarget.local_area_code == local_area_code)
        .order_by(LaaTarget.indicator_code, LaaTarget.period))
    chosen: dict[str, list[TargetRow]] = {}
    for target in targets:
        value = grid.get(local_area_code, target.indicator_code, target.period)
        chosen.setdefault(target.indicator_code, []).append(TargetRow(target, value))
    return chosen


def laa_choices_in_region(region_code: str) -> dict[str, list[LocalArea]]:
    """For a region page: which of its local areas chose each indicator for their LAA."""
    rows = db.session.execute(
        select(LaaTarget.indicator_code, LocalArea)
        .join(LocalArea, LocalArea.code == LaaTarget.local_area_code)
        .where(LocalArea.region_code == region_code)
        .distinct().order_by(LaaTarget.indicator_code, LocalArea.name))
    chosen: dict[str, list[LocalArea]] = {}
    for code, area in rows:
        chosen.setdefault(code, []).append(area)
    return chosen


def laa_counts() -> dict[str, int]:
    """For England's page: how many local areas chose each indicator for their LAA."""
    return dict(db.session.execute(
        select(LaaTarget.indicator_code, func.count(distinct(LaaTarget.local_area_code)))
        .group_by(LaaTarget.indicator_code).order_by(LaaTarget.indicator_code)).all())
