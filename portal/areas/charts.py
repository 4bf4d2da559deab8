"""Chart geometry for server-rendered SVG (drawn by templates/_macros/charts.html).

Python works out every coordinate; the template only draws. Each series has a style that
differs in more than colour: line dashes and marker shapes for trend lines, fill patterns
for bars, and every line and bar carries its value as text, so the charts read in greyscale.
Every chart is followed by a table of the same numbers (the template draws that too).
"""

import math
from dataclasses import dataclass, field
from decimal import Decimal

# name, colour, line dash, marker, bar pattern: the place, its region, England
STYLES = (
    {"key": "place", "colour": "#1d70b8", "dash": "", "marker": "circle", "pattern": "solid"},
    {"key": "region", "colour": "#912b88", "dash": "9 5", "marker": "square",
     "pattern": "hatch"},
    {"key": "england", "colour": "#0b0c0c", "dash": "2 4", "marker": "triangle",
     "pattern": "dots"},
)


def _pct(value) -> str:
    return f"{Decimal(value):.1f}"


@dataclass
class Series:
    name: str
    style: int
    values: list  # one Decimal (or None) per x label

    @property
    def look(self) -> dict:
        return STYLES[self.style]


@dataclass
class Point:
    x: float
    y: float
    label: str


@dataclass
class LineChart:
    """A trend line per series over the years."""

    id: str
    title: str
    description: str
    x_labels: list[str]
    series: list[Series]
    width: int = 560
    height: int = 260
    left: int = 48
    right: int = 170  # room for the direct labels at the end of each line
    top: int = 16
    bottom: int = 36
    ticks: list[tuple[float, str]] = field(default_factory=list)
    lines: list[dict] = field(default_factory=list)
    x_positions: list[float] = field(default_factory=list)
    domain: tuple | None = None  # (lowest, highest) to share one scale across charts

    def __post_init__(self):
        known = [v for s in self.series for v in s.values if v is not None]
        low, high = (min(known), max(known)) if known else (Decimal(0), Decimal(100))
        if self.domain:
            low, high = self.domain
        self.low, self.high, step = _nice_range(float(low), float(high))
        self.ticks = [(self._y(v), f"{v:g}%") for v in _frange(self.low, self.high, step)]
        plot = self.width - self.left - self.right
        count = max(len(self.x_labels) - 1, 1)
        self.x_positions = [self.left + plot * i / count for i in range(len(self.x_labels))]
        self.lines = [self._line(s) for s in self.series]
        _spread_labels([line["end"] for line in self.lines if line["end"]], gap=15)

    def _y(self, value: float) -> float:
        span = (self.high - self.low) or 1
        plot = self.height - self.top - self.bottom
        return round(self.top + plot * (1 - (float(value) - self.low) / span), 1)

    def _line(self, series: Series) -> dict:
        points = [Point(round(x, 1), self._y(v), _pct(v))
                  for x, v in zip(self.x_positions, series.values, strict=True) if v is not None]
        path = " ".join(f"{'M' if i == 0 else 'L'} {p.x} {p.y}" for i, p in enumerate(points))
        end = None
        if points:
            last = points[-1]
            end = {"x": last.x + 10, "y": last.y + 4, "text": f"{series.name} {last.label}%",
                   "moved": False}
        return {"series": series, "look": series.look, "points": points, "path": path,
                "end": end}

    @property
    def axis_bottom(self) -> float:
        return self.height - self.bottom

    @property
    def axis_right(self) -> float:
        return self.width - self.right


@dataclass
class BarGroup:
    label: str
    bars: list[tuple[Series, Decimal | None]]


@dataclass
class BarChart:
    """Horizontal bars from zero to 100%, grouped (one group per indicator or area)."""

    id: str
    title: str
    description: str
    series: list[Series]
    group_labels: list[str]
    width: int = 640
    left: int = 190
    right: int = 70
    bar: int = 16
    gap: int = 14
    top: int = 34  # room for the key
    rows: list[dict] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)

    def __post_init__(self):
        plot = self.width - self.left - self.right
        self.ticks = [(self.left + plot * v / 100, f"{v}%") for v in range(0, 101, 20)]
        y = self.top
        for index, label in enumerate(self.group_labels):
            group_top = y
            bars = []
            for series in self.series:
                value = series.values[index]
                length = plot * float(value) / 100 if value is not None else 0
                bars.append({"series": series, "look": series.look, "y": y, "length": round(
                    length, 1), "text": f"{_pct(value)}%" if value is not None else "no value"})
                y += self.bar + 2
            self.rows.append({"label": label, "bars": bars,
                              "label_y": group_top + (y - group_top) / 2 + 4})
            y += self.gap
        self.height = y + 24

    @property
    def axis_bottom(self) -> float:
        return self.height - 24


def _nice_range(low: float, high: float, least: float = 8.0) -> tuple[float, float, float]:
    """An axis from a round number below the data to one above, in 4 to 6 steps, at least
    `least` points tall so that small changes do not look like large ones."""
    if high - low < least:
        middle = (high + low) / 2
        low, high = middle - least / 2, middle + least / 2
        if low < 0:
            low, high = 0.0, least
        if high > 100:
            low, high = 100 - least, 100.0
    for step in (0.5, 1, 2, 5, 10, 20, 25):
        if (high - low) / step <= 5:
            break
    lower = max(0.0, math.floor(low / step) * step)
    upper = min(100.0, math.ceil(high / step) * step)
    return lower, upper, step


def _frange(start: float, stop: float, step: float) -> list[float]:
    count = round((stop - start) / step)
    return [round(start + i * step, 2) for i in range(count + 1)]


def _spread_labels(labels: list[dict], gap: float) -> None:
    """Nudge direct labels apart vertically so that none overlap."""
    labels.sort(key=lambda label: label["y"])
    for previous, label in zip(labels, labels[1:], strict=False):
        if label["y"] - previous["y"] < gap:
            label["y"] = round(previous["y"] + gap, 1)
            label["moved"] = True


# ---- Charts built from stored values ---------------------------------------------------------

def _describe(places, code: str, periods: list[str], grid) -> str:
    parts = []
    for place in places:
        series = grid.series(place.code, code)
        if not series:
            parts.append(f"{place.name} has no values.")
        elif len(series) == 1:
            parts.append(f"{place.name}: {_pct(series[0].value_pct)}% in {series[0].period}.")
        else:
            first, last = series[0], series[-1]
            parts.append(f"{place.name} went from {_pct(first.value_pct)}% in {first.period} "
                         f"to {_pct(last.value_pct)}% in {last.period}.")
    return " ".join(parts)


def trend_chart(places, indicator, grid, *, chart_id: str, width: int = 460,
                right: int = 170, domain: tuple | None = None) -> LineChart:
    """One indicator over the years for a place and what it is compared with."""
    periods = grid.periods(indicator.code)
    styles = {"local-area": 0, "region": 1, "england": 2}
    if places[0].level == "region":
        styles["region"] = 0
    series = [Series(place.name, styles[place.level],
                     [getattr(grid.get(place.code, indicator.code, p), "value_pct", None)
                      for p in periods]) for place in places]
    names = ", ".join(place.name for place in places)
    title = f"{indicator.code} trend: {names}"
    if periods:
        title += f", {periods[0]} to {periods[-1]}"
    return LineChart(chart_id, title, _describe(places, indicator.code, periods, grid),
                     periods, series, width=width, right=right, domain=domain)


def comparison_chart(places, indicators, grid, *, chart_id: str) -> BarChart:
    """Every indicator in its latest year for the place, beside its region and England."""
    labels, columns = [], [[] for _ in places]
    for indicator in indicators:
        periods = [p for p in grid.periods(indicator.code)
                   if grid.get(places[0].code, indicator.code, p)]
        period = periods[-1] if periods else None
        labels.append(f"{indicator.code} ({period})" if period else indicator.code)
        for column, place in zip(columns, places, strict=True):
            value = grid.get(place.code, indicator.code, period) if period else None
            column.append(value.value_pct if value else None)
    styles = {"local-area": 0, "region": 1, "england": 2}
    if places[0].level == "region":
        styles["region"] = 0
    series = [Series(place.name, styles[place.level], column)
              for place, column in zip(places, columns, strict=True)]
    names = ", ".join(place.name for place in places)
    return BarChart(chart_id, f"The eight indicators in their latest year: {names}",
                    "Horizontal bars from 0 to 100% for each indicator, one bar for each of "
                    f"{names}, with each value written at the end of its bar.",
                    series, labels)


# ---- A schematic map of the regions ----------------------------------------------------------

# Each region a tile placed roughly where it lies (column, row): no boundaries, no map tiles
# from anywhere else, and every tile says its value, so the map reads without colour.
REGION_TILES = {
    "E12000001": (1, 0, "North East"),
    "E12000002": (0, 1, "North West"),
    "E12000003": (1, 1, "Yorkshire & Humber"),
    "E12000005": (0, 2, "West Midlands"),
    "E12000004": (1, 2, "East Midlands"),
    "E12000006": (2, 2, "East of England"),
    "E12000009": (0, 3, "South West"),
    "E12000008": (1, 3, "South East"),
    "E12000007": (2, 3, "London"),
}
# Bands of the difference from England, lowest first: (label, fill, border dash).
MAP_BANDS = (
    ("2 or more points below England", "#f4c7bf", "6 4"),
    ("Below England", "#fbe5e1", "6 4"),
    ("Level with or above England", "#dfeaf5", ""),
    ("2 or more points above England", "#bcd3ea", ""),
)


@dataclass
class TileMap:
    id: str
    title: str
    description: str
    period: str | None
    england: Decimal | None
    tiles: list[dict]
    tile_width: int = 160
    tile_height: int = 88
    gap: int = 8
    top: int = 74  # room for the key

    @property
    def width(self) -> int:
        return 3 * (self.tile_width + self.gap)

    @property
    def height(self) -> int:
        return self.top + 4 * (self.tile_height + self.gap)

    @property
    def key(self) -> list[dict]:
        return [{"label": label, "fill": fill, "dash": dash, "x": 6 + (n % 2) * 250,
                 "y": 8 + (n // 2) * 28} for n, (label, fill, dash) in enumerate(MAP_BANDS)]


def _band(difference: Decimal) -> tuple:
    """The band a region's difference from England falls in, as each label says."""
    if difference <= -2:
        return MAP_BANDS[0]
    if difference < 0:
        return MAP_BANDS[1]
    return MAP_BANDS[2] if difference < 2 else MAP_BANDS[3]


def region_map(indicator, regions, england, grid, *, chart_id: str) -> TileMap:
    """Each region's value in England's latest year, and how far it is from England's."""
    periods = grid.periods(indicator.code)
    period = periods[-1] if periods else None
    found = grid.get(england.code, indicator.code, period) if period else None
    nation = found.value_pct if found else None
    tiles = []
    for region in regions:
        column, row, short = REGION_TILES[region.code]
        value = grid.get(region.code, indicator.code, period) if period else None
        tile = {"code": region.code, "name": region.name, "short": short, "column": column,
                "row": row, "value": value.value_pct if value else None, "difference": None,
                "fill": "#ffffff", "dash": "", "text": "No value"}
        if value is not None and nation is not None:
            difference = value.value_pct - nation
            _, tile["fill"], tile["dash"] = _band(difference)
            tile["difference"] = difference
            side = "above" if difference > 0 else "below"
            tile["text"] = ("level with England" if difference == 0 else
                            f"{abs(difference):.1f} points {side}")
        tiles.append(tile)
    below = sum(1 for tile in tiles if tile["difference"] is not None and tile["difference"] < 0)
    description = (
        f"A schematic map of England's nine regions, each a square placed roughly where the "
        f"region lies, showing its {indicator.code} value in {period} and how far it is from "
        f"England's {_pct(nation)}%. {below} of {len(tiles)} regions are below England; their "
        "squares have dashed borders." if nation is not None else
        f"A schematic map of England's nine regions; there are no {indicator.code} values yet.")
    return TileMap(chart_id, f"{indicator.code} by region, {period}", description, period,
                   nation, tiles)
