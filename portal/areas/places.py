"""Finding an area or an indicator from what people type or put in a URL.

Areas are addressed by ONS code: a local area (E06, E08, E09, E10), a region (E12) or England
(E92000001). Indicators are "NI 148" in the database and `ni-148` in URLs; "NI-148", "ni148",
"NI 148" and "148" are accepted too.
"""

import re
from dataclasses import dataclass

from sqlalchemy import select

from portal.extensions import db
from portal.models import ENGLAND_CODE, ENGLAND_NAME, Indicator, LocalArea, Region

# The years the demonstration data covers, and the LAA targets' years (LAAs ran 2008-11).
LAA_PERIODS = ("2008-09", "2009-10", "2010-11")
_PERIOD = re.compile(r"(\d{4})-(\d{2})")
_INDICATOR = re.compile(r"(?:ni)?[\s_-]*(\d{3})", re.IGNORECASE)


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
    area = db.session.get(LocalArea, code) if len(code) == 9 else None
    if area is not None:
        return Place(area.code, area.name, "local-area", area.region)
    region = db.session.get(Region, code) if len(code) == 9 else None
    return region_place(region) if region is not None else None


def indicator_code(text: str) -> str | None:
    """'NI 148' from 'ni-148', 'NI148', 'NI 148' or '148'; None if it is not NI 143 to 150."""
    match = _INDICATOR.fullmatch((text or "").strip())
    if match is None or not 143 <= int(match.group(1)) <= 150:
        return None
    return f"NI {match.group(1)}"


def indicator_slug(code: str) -> str:
    """The URL form: 'NI 148' -> 'ni-148'."""
    return code.lower().replace(" ", "-")


def find_indicator(text: str) -> Indicator | None:
    code = indicator_code(text)
    return db.session.get(Indicator, code) if code else None


def is_period(text: str) -> bool:
    """A financial year written like 2008-09 (the second part is the next year)."""
    match = _PERIOD.fullmatch(text or "")
    return bool(match) and (int(match.group(1)) + 1) % 100 == int(match.group(2))


def indicators() -> list[Indicator]:
    return list(db.session.scalars(select(Indicator).order_by(Indicator.number)))


def regions_with_areas() -> list[Region]:
    from sqlalchemy.orm import selectinload

    query = select(Region).options(selectinload(Region.local_areas)).order_by(Region.name)
    return list(db.session.scalars(query))
