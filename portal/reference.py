"""The PSA's reference data, read in one place: client groups, outcomes, indicators, regions
and local areas.

The rows are loaded by migrations and change only with one, so each process reads them once
per database and keeps them as frozen records: a page's filter form costs no query. The
records carry the attributes the ORM models have (`region.local_areas`, `area.region`,
`indicator.client_group`), so templates and forms read either alike.
"""

import re
from dataclasses import dataclass, field
from threading import Lock
from weakref import WeakKeyDictionary

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import ClientGroup as ClientGroupRow
from portal.models import Indicator as IndicatorRow
from portal.models import Outcome as OutcomeRow
from portal.models import Region as RegionRow

_INDICATOR = re.compile(r"(?:ni)?[\s_-]*(\d{3})", re.IGNORECASE)


@dataclass(frozen=True)
class ClientGroup:
    code: str
    name: str
    description: str


@dataclass(frozen=True)
class Outcome:
    code: str
    name: str


@dataclass(frozen=True)
class Indicator:
    code: str  # "NI 148"
    number: int
    title: str
    client_group: ClientGroup
    outcome: Outcome

    @property
    def client_group_code(self) -> str:
        return self.client_group.code

    @property
    def outcome_code(self) -> str:
        return self.outcome.code


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    local_areas: tuple["LocalArea", ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class LocalArea:
    code: str
    name: str
    region_code: str
    region: Region = field(compare=False, repr=False)


@dataclass(frozen=True)
class Tables:
    """Every reference row of one database, each list in the order pages show it."""

    client_groups: tuple[ClientGroup, ...]
    outcomes: tuple[Outcome, ...]
    indicators: tuple[Indicator, ...]
    regions: tuple[Region, ...]
    local_areas: tuple[LocalArea, ...]
    # kind -> code -> name, made on first use (search documents ask once an object)
    names: dict[str, dict[str, str]] = field(default_factory=dict, compare=False, repr=False)


_tables: dict[str, Tables] = {}
_lock = Lock()
_keys: WeakKeyDictionary = WeakKeyDictionary()  # engine -> its URL


def _load() -> Tables:
    # A session of its own: reference data may be first wanted where the caller's session
    # cannot run a query (in a hook after its commit), and it is no part of its transaction.
    with Session(db.engine) as session:
        return _read(session)


def _read(session: Session) -> Tables:
    groups = {row.code: ClientGroup(row.code, row.name, row.description)
              for row in session.scalars(select(ClientGroupRow).order_by(ClientGroupRow.name))}
    outcomes = {row.code: Outcome(row.code, row.name)
                for row in session.scalars(select(OutcomeRow).order_by(OutcomeRow.code))}
    indicators = tuple(
        Indicator(row.code, row.number, row.title, groups[row.client_group_code],
                  outcomes[row.outcome_code])
        for row in session.scalars(select(IndicatorRow).order_by(IndicatorRow.number)))
    regions = tuple(_region(row) for row in
                    session.scalars(select(RegionRow).order_by(RegionRow.name)))
    areas = tuple(sorted((area for region in regions for area in region.local_areas),
                         key=lambda area: area.name))
    return Tables(tuple(groups.values()), tuple(outcomes.values()), indicators, regions, areas)


def _region(row: RegionRow) -> Region:
    region = Region(row.code, row.name)
    areas = tuple(LocalArea(area.code, area.name, row.code, region)
                  for area in sorted(row.local_areas, key=lambda area: area.name))
    object.__setattr__(region, "local_areas", areas)  # the areas point back at their region
    return region


def _database() -> str:
    """The app's database, as a key: its URL, rendered once per engine (rendering it each
    time was most of the cost of a search document's tags)."""
    engine = db.engine
    key = _keys.get(engine)
    if key is None:
        key = _keys[engine] = engine.url.render_as_string(hide_password=False)
    return key


def tables() -> Tables:
    """This database's reference data, read on first use."""
    key = _database()
    found = _tables.get(key)
    if found is None:
        with _lock:
            found = _tables.get(key) or _load()
            _tables[key] = found
    return found


def client_groups() -> tuple[ClientGroup, ...]:
    return tables().client_groups


def outcomes() -> tuple[Outcome, ...]:
    return tables().outcomes


def indicators() -> tuple[Indicator, ...]:
    return tables().indicators


def regions() -> tuple[Region, ...]:
    """Regions by name, each with its local areas by name."""
    return tables().regions


def local_areas() -> tuple[LocalArea, ...]:
    return tables().local_areas


def regions_with_area_counts() -> list[tuple[Region, int]]:
    return [(region, len(region.local_areas)) for region in regions() if region.local_areas]


def find(kind: str, code: str | None):
    """The client group, outcome, indicator, region or local area with this code, or None."""
    return next((row for row in getattr(tables(), kind) if row.code == code), None)


def names(kind: str) -> dict[str, str]:
    """Code → name (an indicator's title) for one kind of reference data: made once per
    database (an import makes the search documents of thousands of entries); not to be
    changed by the caller."""
    found = tables()
    made = found.names.get(kind)
    if made is None:
        made = found.names[kind] = {row.code: getattr(row, "title", None) or row.name
                                    for row in getattr(found, kind)}
    return made


def choices(kind: str) -> list[tuple[str, str]]:
    """(code, name) pairs in the order pages list them, for a select or checkboxes."""
    return list(names(kind).items())


def indicator_title(code: str) -> str:
    """An indicator's title from its code, for pages that show a row's `indicator_code`
    (the code itself if it is not one): reading `row.indicator` would cost a query a row."""
    found = find("indicators", code)
    return found.title if found else code


def indicator_code(text: str | None) -> str | None:
    """'NI 148' from 'ni-148', 'NI148', 'NI 148' or '148'; None if it is not NI 143 to 150."""
    match = _INDICATOR.fullmatch((text or "").strip())
    if match is None or not 143 <= int(match.group(1)) <= 150:
        return None
    return f"NI {match.group(1)}"


def indicator_slug(code: str) -> str:
    """The URL form: 'NI 148' -> 'ni-148'."""
    return code.lower().replace(" ", "-")
