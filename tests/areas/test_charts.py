"""Each chart is followed by a table of its data, and that table holds exactly the stored
values (read from the HTML as a screen reader would)."""

from decimal import Decimal

from sqlalchemy import select

from portal.extensions import db
from portal.models import ENGLAND_CODE, IndicatorValue, Region
from tests.areas.factories import MANCHESTER, NORTH_WEST, add_value
from tests.areas.support import chart_ids, chart_tables

PERIODS = ("2008-09", "2009-10", "2010-11")
NAMES = {MANCHESTER: "Manchester", NORTH_WEST: "North West", ENGLAND_CODE: "England"}


def _seed_three_places():
    """Distinct two-decimal values for every indicator and year in three places."""
    for n, number in enumerate(range(143, 151)):
        for y, period in enumerate(PERIODS):
            for a, code in enumerate(NAMES):
                add_value(code, Decimal("10.25") + 7 * n + 2 * y + a + Decimal("0.5") * a,
                          indicator=f"NI {number}", period=period, denominator=10_000)


def _stored(code, indicator, period) -> Decimal | None:
    return db.session.scalar(select(IndicatorValue.value_pct).where(
        IndicatorValue.area_code == code, IndicatorValue.indicator_code == indicator,
        IndicatorValue.period == period))


def _numbers(cells: list[str]) -> list[Decimal | None]:
    """'60.25%' -> Decimal('60.25'); 'No value' -> None."""
    return [None if cell == "No value" else Decimal(cell.removesuffix("%")) for cell in cells]


def test_every_chart_on_an_area_page_is_followed_by_its_data_table(client):
    _seed_three_places()
    html = client.get(f"/areas/{MANCHESTER}").get_data(as_text=True)
    assert sorted(chart_ids(html)) == sorted(chart_tables(html))
    assert len(chart_ids(html)) == 9  # the comparison and one trend per indicator


def test_the_trend_tables_on_an_area_page_equal_the_stored_values(client):
    _seed_three_places()
    tables = chart_tables(client.get(f"/areas/{MANCHESTER}").get_data(as_text=True))
    for number in range(143, 151):
        header, *rows = tables[f"trend-{number}"]
        assert header == ["Year", "Manchester", "North West", "England"]
        assert [row[0] for row in rows] == list(PERIODS)
        for period, *cells in rows:
            assert _numbers(cells) == [_stored(code, f"NI {number}", period) for code in NAMES]


def test_the_comparison_table_on_an_area_page_equals_the_latest_stored_values(client):
    _seed_three_places()
    header, *rows = chart_tables(
        client.get(f"/areas/{MANCHESTER}").get_data(as_text=True))["comparison"]
    assert header == ["Indicator", "Manchester", "North West", "England"]
    assert len(rows) == 8
    for label, *cells in rows:
        code, period = label[:6], label[8:-1]
        assert period == "2010-11"
        assert _numbers(cells) == [_stored(place, code, period) for place in NAMES]


def test_a_missing_value_shows_as_no_value_not_as_a_number(client):
    add_value(MANCHESTER, 50, indicator="NI 148", period="2010-11")
    add_value(ENGLAND_CODE, 60, indicator="NI 148", period="2010-11")
    tables = chart_tables(client.get(f"/areas/{MANCHESTER}").get_data(as_text=True))
    assert tables["trend-148"][1] == ["2010-11", "50.0%", "No value", "60.0%"]
    assert _numbers(tables["trend-148"][1][1:]) == [Decimal(50), None, Decimal(60)]


def test_the_tables_on_an_indicator_page_equal_the_stored_values(client):
    regions = db.session.scalars(select(Region).order_by(Region.name)).all()
    for r, region in enumerate(regions):
        for y, period in enumerate(PERIODS):
            add_value(region.code, Decimal("50.05") + r + y, period=period, denominator=10_000)
    for y, period in enumerate(PERIODS):
        add_value(ENGLAND_CODE, Decimal("55.55") + y, period=period, denominator=10_000)
    tables = chart_tables(client.get("/indicators/ni-148").get_data(as_text=True))
    assert [[p, *_numbers(cells)] for p, *cells in tables["trend-england"][1:]] == [
        [p, _stored(ENGLAND_CODE, "NI 148", p)] for p in PERIODS]
    header, *rows = tables["region-map"]
    england = _stored(ENGLAND_CODE, "NI 148", "2010-11")
    assert header == ["Region", "2010-11", "Against England (57.55%)"]
    assert [[name, *_numbers([value]), Decimal(against.removesuffix(" points"))]
            for name, value, against in rows] == [
        [region.name, _stored(region.code, "NI 148", "2010-11"),
         (_stored(region.code, "NI 148", "2010-11") - england).quantize(Decimal("0.1"))]
        for region in regions]
    for region in regions:
        trend = tables[f"trend-{region.code}"][1:]
        assert [[p, *_numbers(cells)] for p, *cells in trend] == [
            [p, _stored(region.code, "NI 148", p), _stored(ENGLAND_CODE, "NI 148", p)]
            for p in PERIODS]


def test_the_region_map_marks_regions_below_england_in_more_than_colour(client):
    regions = db.session.scalars(select(Region).order_by(Region.name)).all()
    for r, region in enumerate(regions):
        add_value(region.code, 60 + r - 4, denominator=10_000)  # 56 to 64
    add_value(ENGLAND_CODE, 60, denominator=10_000)
    html = client.get("/indicators/ni-148").get_data(as_text=True)
    svg = html[html.index('<div class="portal-chart" id="region-map">'):]
    svg = svg[:svg.index("</svg>")]
    tiles = svg.split("<g>")[1:]
    assert len(tiles) == 9
    below = [tile for tile in tiles if "points below" in tile]
    assert len(below) == 4
    assert all('stroke-dasharray="6 4"' in tile for tile in below)
    assert not any("stroke-dasharray" in tile for tile in tiles if tile not in below)
    assert "4.0 points below" in svg and "4.0 points above" in svg and "level with England" in svg
    assert "4 of 9 regions are below England" in svg


def test_the_region_map_shades_each_region_by_its_distance_from_england():
    from portal.areas.charts import _band

    def label(points):
        return _band(Decimal(points))[0]

    assert [label(p) for p in ("-9", "-2", "-1.9", "-0.1", "0", "1.9", "2", "12")] == [
        "2 or more points below England", "2 or more points below England",
        "Below England", "Below England",
        "Level with or above England", "Level with or above England",
        "2 or more points above England", "2 or more points above England"]


def test_each_chart_is_an_image_named_by_its_title_and_description(client):
    _seed_three_places()
    html = client.get(f"/areas/{MANCHESTER}").get_data(as_text=True)
    for chart_id in chart_ids(html):
        assert (f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc"' in html)
        assert f'<title id="{chart_id}-title">' in html
        assert f'<desc id="{chart_id}-desc">' in html
