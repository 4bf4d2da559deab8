"""`flask indicators import` and `export`: every bad row named, all or nothing, lossless."""

import pytest
from sqlalchemy import func, select

from portal.areas.services import import_values
from portal.errors import PermissionDenied
from portal.extensions import db
from portal.models import ENGLAND_CODE, IndicatorValue
from tests.areas.factories import MANCHESTER, NORTH_WEST, add_value

HEADER = "area_code,indicator,period,value_pct,numerator,denominator,source\n"
GOOD = [
    f"{MANCHESTER},NI 148,2008-09,55.5,111,200,DCSF SSDA903 2009",
    "North West,NI 148,2008-09,60.25,241,400,DCSF SSDA903 2009",
    f"{ENGLAND_CODE},NI 148,2008-09,63,6300,10000,DCSF SSDA903 2009",
]


def _write(tmp_path, rows) -> str:
    path = tmp_path / "values.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return str(path)


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(IndicatorValue))


def _stored() -> list[tuple]:
    return [(v.area_code, v.level, v.indicator_code, v.period, v.value_pct, v.numerator,
             v.denominator, v.source)
            for v in db.session.scalars(select(IndicatorValue).order_by(
                IndicatorValue.area_code, IndicatorValue.indicator_code, IndicatorValue.period))]


def test_import_stores_every_row_of_a_good_file(runner, tmp_path):
    result = runner.invoke(args=["indicators", "import", _write(tmp_path, GOOD)])
    assert result.exit_code == 0, result.output
    assert "Imported 3 indicator values" in result.output
    region = db.session.scalar(select(IndicatorValue).where(IndicatorValue.level == "region"))
    assert (region.area_code, region.region_code, str(region.value_pct)) == (
        NORTH_WEST, NORTH_WEST, "60.25")


BAD_ROWS = {
    "unknown area": ("E08999999,NI 148,2008-09,50,100,200,x", "unknown area 'E08999999'"),
    "unknown indicator": (f"{MANCHESTER},NI 151,2008-09,50,100,200,x",
                          "unknown indicator 'NI 151'"),
    "value above 100": (f"{MANCHESTER},NI 148,2008-09,100.5,200,200,x",
                        "value_pct must be between 0 and 100"),
    "value below 0": (f"{MANCHESTER},NI 148,2008-09,-1,0,200,x",
                      "value_pct must be between 0 and 100"),
    "numerator larger than denominator": (f"{MANCHESTER},NI 148,2008-09,50,201,200,x",
                                          "numerator (201) is larger than denominator (200)"),
    "value inconsistent with the counts": (f"{MANCHESTER},NI 148,2008-09,51,100,200,x",
                                           "value_pct 51 does not match numerator ÷ denominator"),
    "period not a financial year": (f"{MANCHESTER},NI 148,2008-10,50,100,200,x",
                                    "period must be a financial year like 2008-09"),
    "empty source": (f"{MANCHESTER},NI 148,2008-09,50,100,200,", "source is empty"),
}


@pytest.mark.parametrize("kind", BAD_ROWS)
def test_each_kind_of_bad_row_is_named_and_nothing_is_imported(runner, tmp_path, kind):
    row, message = BAD_ROWS[kind]
    result = runner.invoke(args=["indicators", "import", _write(tmp_path, [*GOOD, row])])
    assert result.exit_code == 1
    assert "Nothing imported: 1 bad rows" in result.output
    assert f"line 5: {message}" in result.output
    assert _count() == 0


def test_a_duplicate_row_is_named_with_the_row_it_repeats(runner, tmp_path):
    result = runner.invoke(args=["indicators", "import", _write(tmp_path, [*GOOD, GOOD[0]])])
    assert result.exit_code == 1
    assert "line 5: duplicates line 2 (same area, indicator and period)" in result.output
    assert _count() == 0


def test_a_region_by_name_and_by_code_are_the_same_row(runner, tmp_path):
    again = f"{NORTH_WEST},NI 148,2008-09,60.25,241,400,again"
    result = runner.invoke(args=["indicators", "import", _write(tmp_path, [*GOOD, again])])
    assert "line 5: duplicates line 3" in result.output


def test_every_bad_row_is_named_not_only_the_first(runner, tmp_path):
    rows = [BAD_ROWS["unknown area"][0], *GOOD, BAD_ROWS["value above 100"][0]]
    result = runner.invoke(args=["indicators", "import", _write(tmp_path, rows)])
    assert "Nothing imported: 2 bad rows" in result.output
    assert "line 2: unknown area" in result.output
    assert "line 6: value_pct must be between 0 and 100" in result.output


def test_a_file_without_the_documented_columns_is_refused(runner, tmp_path):
    path = tmp_path / "values.csv"
    path.write_text("area,value\nE08000003,50\n", encoding="utf-8")
    result = runner.invoke(args=["indicators", "import", str(path)])
    assert result.exit_code == 1
    assert "line 1: missing columns: area_code, indicator, period" in result.output


def test_an_import_replaces_a_stored_value_for_the_same_area_indicator_and_period(
        runner, tmp_path):
    add_value(MANCHESTER, 40, period="2008-09", denominator=200)
    runner.invoke(args=["indicators", "import", _write(tmp_path, GOOD)])
    stored = db.session.scalar(select(IndicatorValue).where(
        IndicatorValue.area_code == MANCHESTER))
    assert (str(stored.value_pct), stored.numerator) == ("55.50", 111)
    assert _count() == 3


def test_export_then_import_gives_back_exactly_the_same_values(runner, tmp_path):
    rows = [*GOOD, f"{MANCHESTER},NI 146,2009-10,3.33,1,30,\"Council return, \"\"draft\"\"\""]
    runner.invoke(args=["indicators", "import", _write(tmp_path, rows)])
    before = _stored()
    first = tmp_path / "first.csv"
    assert runner.invoke(args=["indicators", "export", str(first)]).exit_code == 0
    db.session.execute(IndicatorValue.__table__.delete())
    db.session.commit()
    result = runner.invoke(args=["indicators", "import", str(first)])
    assert result.exit_code == 0, result.output
    second = tmp_path / "second.csv"
    runner.invoke(args=["indicators", "export", str(second)])
    assert _stored() == before
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")


def test_only_site_staff_may_import(make_user):
    with pytest.raises(PermissionDenied):
        import_values([HEADER, GOOD[0]], actor=make_user("commissioner"))
