"""Finding an area or an indicator from what people type or put in a URL.

Areas are addressed by ONS code: a local area (E06, E08, E09, E10), a region (E12) or England
(E92000001). Indicators are "NI 148" in the database and `ni-148` in URLs; "NI-148", "ni148",
"NI 148" and "148" are accepted too.
"""

import re
from dataclasses import dataclass

from portal import reference
from portal.models import ENGLAND_CODE, ENGLAND_NAME
from portal.reference import Indicator, Region, indicator_code, indicator_slug

__all__ = ["indicator_code", "indicator_slug"]  # the areas' pages and API use them from here

# The years the demonstration data covers, and the LAA targets' years (LAAs ran 2008-11).
LAA_PERIODS = ("2008-09", "2009-10", "2010-11")
_PERIOD = re.compile(r"(\d{4})-(\d{2})")


@dataclass(frozen=True)
class Place:
    """A local area, a region or England, as pages and the API show it."""

    code: str
    name: str
    level: str  # "local-area", "region" or "england"
    region: Region | None = None  # a local area's region, or the region itself

    @property
    def comparators(self) -> list["Place"]:
        """What the area is shown beside: its region (for a local area) and England."""
        places = []
        if self.level == "local-area":
            places.append(region_place(self.region))
        if self.level != "england":
            places.append(england())
        return places

    @property
    def kind_label(self) -> str:
        return {"local-area": "Local authority", "region": "Region",
                "england": "Country"}[self.level]


def england() -> Place:
    return Place(ENGLAND_CODE, ENGLAND_NAME, "england")


def region_place(region: Region) -> Place:
    return Place(region.code, region.name, "region", region)


def find_place(code: str) -> Place | None:
    """The local area, region or England with this ONS code (any letter case), or None."""
    code = (code or "").strip().upper()
    if code == ENGLAND_CODE:
        return england()
    area = reference.find("local_areas", code)
    if area is not None:
        return Place(area.code, area.name, "local-area", area.region)
    region = reference.find("regions", code)
    return region_place(region) if region is not None else None


def find_indicator(text: str) -> Indicator | None:
    return reference.find("indicators", indicator_code(text))


def is_period(text: str) -> bool:
    """A financial year written like 2008-09 (the second part is the next year)."""
    match = _PERIOD.fullmatch(text or "")
    return bool(match) and (int(match.group(1)) + 1) % 100 == int(match.group(2))


def indicators() -> tuple[Indicator, ...]:
    return reference.indicators()


def regions_with_areas() -> tuple[Region, ...]:
    return reference.regions()
