"""Demonstration values: every area and indicator, plausible, consistent and labelled."""

from collections import defaultdict
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from portal.areas import demo
from portal.extensions import db
from portal.models import ENGLAND_CODE, IndicatorValue, LocalArea

STARTING_POINTS = {"NI 147": 90, "NI 148": 63, "NI 143": 79, "NI 144": 37, "NI 145": 65,
                   "NI 146": 7.5, "NI 149": 60, "NI 150": 9}


@pytest.fixture
def rows(app):
    return demo.generate(list(db.session.scalars(select(LocalArea))))


def test_there_is_a_value_for_every_area_indicator_and_year(rows):
    # 152 local areas, 9 regions and England; 8 indicators; 3 years
    assert len(rows) == (152 + 9 + 1) * 8 * 3
    assert len({(r["area_code"], r["indicator_code"], r["period"]) for r in rows}) == len(rows)
    assert {r["period"] for r in rows} == {"2008-09", "2009-10", "2010-11"}


def test_england_starts_near_the_national_levels_of_2008_09(rows):
    england = {r["indicator_code"]: r["value_pct"] for r in rows
               if r["area_code"] == ENGLAND_CODE and r["period"] == "2008-09"}
    for code, start in STARTING_POINTS.items():
        assert abs(england[code] - Decimal(str(start))) <= 1, code


def test_regions_and_england_are_the_sums_of_their_local_areas(rows, app):
    region_of = dict(db.session.execute(select(LocalArea.code, LocalArea.region_code)).all())
    sums = defaultdict(lambda: [0, 0])
    for r in rows:
        if r["level"] == "local-area":
            for code in (region_of[r["area_code"]], ENGLAND_CODE):
                total = sums[(code, r["indicator_code"], r["period"])]
                total[0] += r["numerator"]
                total[1] += r["denominator"]
    for r in rows:
        if r["level"] != "local-area":
            assert [r["numerator"], r["denominator"]] == sums[
                (r["area_code"], r["indicator_code"], r["period"])]


def test_every_value_is_consistent_and_labelled_as_demonstration_data(rows):
    for r in rows:
        assert 0 <= r["numerator"] <= r["denominator"]
        exact = Decimal(r["numerator"]) * 100 / r["denominator"]
        assert abs(exact - r["value_pct"]) <= Decimal("0.05")
        assert r["source"].startswith("Demonstration data")


def test_areas_differ_but_the_same_seed_gives_the_same_values(rows, app):
    again = demo.generate(list(db.session.scalars(select(LocalArea))))
    assert again == rows
    ni148 = {r["value_pct"] for r in rows
             if r["indicator_code"] == "NI 148" and r["level"] == "local-area"}
    assert len(ni148) > 100


def test_seed_demo_loads_them_with_the_demo_councils_laa(runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert db.session.scalar(select(func.count()).select_from(IndicatorValue)) == 3888
    from portal.models import Organisation
    council = Organisation.by_name("Manchester City Council")
    assert council.local_area_code == demo.DEMO_LAA_AREA
