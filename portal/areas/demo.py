"""Demonstration indicator values: every local area, region and England, NI 143-150,
2008-09 to 2010-11. Generated from a fixed seed, so every `seed-demo` makes the same figures.

They are plausible, not real: England starts near the published national levels of the time,
each region and local area sits above or below it by a lasting amount, cohorts are sized
like the real client groups, and the region and England figures are the sums of their local
areas' numerators and denominators. Every value's source says it is demonstration data.
"""

import random
from dataclasses import dataclass

from sqlalchemy import select

from portal.areas.places import LAA_PERIODS
from portal.areas.records import new_value
from portal.extensions import db
from portal.models import (
    DEMONSTRATION_SOURCE,
    ENGLAND_CODE,
    LaaTarget,
    LocalArea,
    Organisation,
)

SEED = 2009
SOURCE = f"{DEMONSTRATION_SOURCE}: generated for the demo, not official statistics"


@dataclass(frozen=True)
class Profile:
    start: float  # England's level in 2008-09, per cent
    trend: tuple[float, float]  # change to 2009-10 and to 2010-11, points
    spread: float  # how far local areas sit from England (standard deviation, points)
    cohort: int  # people counted in a typical local area in a year


PROFILES = {
    "NI 143": Profile(79.0, (0.8, 0.7), 5.0, 1400),
    "NI 144": Profile(37.0, (-2.0, -0.5), 6.0, 1400),  # the 2009 recession
    "NI 145": Profile(65.0, (3.0, 2.5), 10.0, 750),
    "NI 146": Profile(7.5, (-0.2, 0.4), 3.5, 750),
    "NI 147": Profile(90.0, (0.6, 0.5), 4.0, 55),
    "NI 148": Profile(63.0, (-1.5, 0.8), 8.0, 55),
    "NI 149": Profile(60.0, (1.5, 1.2), 11.0, 1100),
    "NI 150": Profile(9.0, (-0.4, 0.2), 3.5, 1100),
}
# The demo council (Manchester City Council) serves this area and keeps its LAA.
DEMO_LAA_AREA = "E08000003"
DEMO_LAA_INDICATORS = ("NI 143", "NI 147", "NI 148")


def _size(code: str, rng: random.Random) -> float:
    """How large the area's cohorts are against a typical area's (counties are larger)."""
    base = {"E10": 1.9, "E09": 0.8, "E08": 1.2}.get(code[:3], 0.8)
    return base * rng.lognormvariate(0, 0.35)


def generate(areas: list[LocalArea]) -> list[dict]:
    """Rows (as for the CSV import) for every local area, region and England."""
    rng = random.Random(SEED)
    areas = sorted(areas, key=lambda area: area.code)
    regions = sorted({area.region_code for area in areas})
    region_effect = {(region, code): rng.gauss(0, profile.spread / 2)
                     for code, profile in PROFILES.items() for region in regions}
    sizes = {area.code: _size(area.code, rng) for area in areas}
    lasting = {(area.code, code): region_effect[(area.region_code, code)]
               + rng.gauss(0, profile.spread / 2)
               for area in areas for code, profile in PROFILES.items()}
    # Centre each indicator's effects (weighted by cohort size) so England starts where the
    # profile says.
    for code in PROFILES:
        mean = sum(lasting[(a.code, code)] * sizes[a.code] for a in areas) / sum(sizes.values())
        for area in areas:
            lasting[(area.code, code)] -= mean
    totals: dict[tuple, list[int]] = {}
    rows = []
    for area in areas:
        for code, profile in PROFILES.items():
            level = profile.start + lasting[(area.code, code)]
            for year, period in enumerate(LAA_PERIODS):
                if year:
                    level += profile.trend[year - 1]
                rate = min(max(level + rng.gauss(0, profile.spread / 6), 0.5), 99.5)
                denominator = max(8, round(profile.cohort * sizes[area.code]
                                           * rng.uniform(0.9, 1.1)))
                numerator = round(denominator * rate / 100)
                rows.append(_row(area.code, "local-area", code, period, numerator, denominator))
                for key in ((area.region_code, "region"), (ENGLAND_CODE, "england")):
                    total = totals.setdefault((*key, code, period), [0, 0])
                    total[0] += numerator
                    total[1] += denominator
    for (area_code, level, code, period), (numerator, denominator) in sorted(totals.items()):
        rows.append(_row(area_code, level, code, period, numerator, denominator))
    return rows


def _row(area_code, level, indicator_code, period, numerator, denominator) -> dict:
    from decimal import ROUND_HALF_UP, Decimal

    value = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP)
    return {"area_code": area_code, "level": level, "indicator_code": indicator_code,
            "period": period, "value_pct": value, "numerator": numerator,
            "denominator": denominator, "source": SOURCE}


def load() -> int:
    """Store the demonstration values, the demo council's local area and its LAA targets."""
    rows = generate(list(db.session.scalars(select(LocalArea))))
    db.session.add_all(new_value(row) for row in rows)
    council = Organisation.by_name("Manchester City Council")
    if council is not None:
        council.local_area_code = DEMO_LAA_AREA
        by_key = {(r["area_code"], r["indicator_code"], r["period"]): r for r in rows}
        for code in DEMO_LAA_INDICATORS:
            for step, period in enumerate(LAA_PERIODS):
                baseline = by_key[(DEMO_LAA_AREA, code, LAA_PERIODS[0])]["value_pct"]
                target = min(baseline + 2 * (step + 1), 100)
                db.session.add(LaaTarget(local_area_code=DEMO_LAA_AREA, indicator_code=code,
                                         period=period, target_pct=target,
                                         recorded_by_id=council.members[0].id
                                         if council.members else None))
    db.session.flush()
    return len(rows)

