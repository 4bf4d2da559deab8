"""The rule for "what works for this area" (portal/areas/recommendations.py)."""

from decimal import Decimal

from portal.areas.places import find_place
from portal.areas.recommendations import evidence_weighted_improvement, what_works
from portal.areas.values import grid_for_place
from portal.extensions import db
from portal.models import ENGLAND_CODE
from tests.areas.factories import LONDON, MANCHESTER, NORTH_WEST, SOUTHWARK, add_values, entry_on


def _gaps(code=MANCHESTER):
    place = find_place(code)
    return what_works(place, grid_for_place(place))


def _suggested(code=MANCHESTER, indicator="NI 148") -> list[str]:
    for gap in _gaps(code):
        if gap.value.indicator_code == indicator:
            return [suggestion.entry.title for suggestion in gap.suggestions]
    return []


def _below_england_on_ni148():
    add_values({MANCHESTER: 55, NORTH_WEST: 60, ENGLAND_CODE: 63}, indicator="NI 148")


def test_an_area_above_england_gets_no_suggestion_for_that_indicator(app):
    add_values({MANCHESTER: 70, NORTH_WEST: 60, ENGLAND_CODE: 63}, indicator="NI 148")
    entry_on("NI 148", 50, 70, rating=5)
    assert _gaps() == []


def test_an_area_level_with_england_gets_no_suggestion(app):
    add_values({MANCHESTER: 63, NORTH_WEST: 60, ENGLAND_CODE: 63}, indicator="NI 148")
    entry_on("NI 148", 50, 70, rating=5)
    assert _gaps() == []


def test_an_area_below_england_gets_entries_that_raised_that_indicator(app):
    _below_england_on_ni148()
    entry = entry_on("NI 148", 50, 60)
    assert _suggested() == [entry.title]


def test_stronger_evidence_ranks_higher_for_the_same_improvement(app):
    _below_england_on_ni148()
    weak = entry_on("NI 148", 50, 60, rating=2)
    strong = entry_on("NI 148", 50, 60, rating=4)
    assert _suggested() == [strong.title, weak.title]


def test_a_larger_improvement_ranks_higher_for_the_same_evidence(app):
    _below_england_on_ni148()
    small = entry_on("NI 148", 50, 55, rating=3)
    large = entry_on("NI 148", 50, 65, rating=3)
    assert _suggested() == [large.title, small.title]


def test_improvement_is_weighted_by_evidence_out_of_five(app):
    # 10 points at rating 2 scores 4.00; 6 points at rating 5 scores 6.00.
    _below_england_on_ni148()
    big_but_weak = entry_on("NI 148", 50, 60, rating=2)
    smaller_but_replicated = entry_on("NI 148", 50, 56, rating=5)
    assert _suggested() == [smaller_but_replicated.title, big_but_weak.title]
    scores = [s.score for s in _gaps()[0].suggestions]
    assert scores == [Decimal("6.00"), Decimal("4.00")]


def test_the_score_is_the_improvement_times_the_rating_over_five():
    assert evidence_weighted_improvement(Decimal("12.5"), 4) == Decimal("10.00")


def test_equal_scores_go_to_the_stronger_evidence(app):
    _below_england_on_ni148()
    weaker = entry_on("NI 148", 50, 60, rating=2)  # 10 x 2 / 5 = 4
    stronger = entry_on("NI 148", 50, 55, rating=4)  # 5 x 4 / 5 = 4
    assert _suggested() == [stronger.title, weaker.title]


def test_entries_without_an_impact_on_that_indicator_never_appear(app):
    _below_england_on_ni148()
    entry_on("NI 143", 50, 80, rating=5, title="Housing for prison leavers")
    entry_on("NI 147", 50, 80, rating=5, title="Supported lodgings")
    assert _suggested() == []
    assert [gap.value.indicator_code for gap in _gaps()] == ["NI 148"]


def test_entries_that_lowered_the_indicator_never_appear(app):
    _below_england_on_ni148()
    entry_on("NI 148", 60, 55, rating=5)
    assert _suggested() == []


def test_entries_only_from_the_area_itself_are_not_suggested_as_elsewhere(app):
    _below_england_on_ni148()
    entry_on("NI 148", 50, 60, areas=[MANCHESTER], title="Only here")
    both = entry_on("NI 148", 50, 58, areas=[MANCHESTER, SOUTHWARK], title="Here and there")
    assert _suggested() == [both.title]


def test_a_region_is_not_offered_entries_only_from_inside_it(app):
    add_values({NORTH_WEST: 55, ENGLAND_CODE: 63}, indicator="NI 148")
    entry_on("NI 148", 50, 60, areas=[MANCHESTER], title="Manchester only")
    london = entry_on("NI 148", 50, 58, areas=[SOUTHWARK], title="Southwark")
    assert _suggested(NORTH_WEST) == [london.title]


def test_unpublished_entries_never_appear(app, make_user):
    _below_england_on_ni148()
    entry = entry_on("NI 148", 50, 60)
    entry.status = "unpublished"
    db.session.commit()
    assert _suggested() == []


def test_at_most_three_entries_are_suggested_per_indicator(app):
    _below_england_on_ni148()
    for result in (55, 56, 57, 58):
        entry_on("NI 148", 50, result)
    assert len(_suggested()) == 3


def test_the_largest_gap_below_england_comes_first_as_the_weakest(app):
    add_values({MANCHESTER: 60, NORTH_WEST: 61, ENGLAND_CODE: 63}, indicator="NI 148")
    add_values({MANCHESTER: 70, NORTH_WEST: 80, ENGLAND_CODE: 79}, indicator="NI 143")
    add_values({MANCHESTER: 3, NORTH_WEST: 7, ENGLAND_CODE: 7.5}, indicator="NI 146")
    assert [gap.value.indicator_code for gap in _gaps()] == ["NI 143", "NI 146", "NI 148"]


def test_the_latest_year_both_have_a_value_decides(app):
    add_values({MANCHESTER: 55, ENGLAND_CODE: 63}, indicator="NI 148", period="2009-10")
    add_values({MANCHESTER: 66, ENGLAND_CODE: 64}, indicator="NI 148", period="2010-11")
    add_values({MANCHESTER: 50}, indicator="NI 148", period="2011-12")  # England not yet out
    entry_on("NI 148", 50, 60)
    assert _gaps() == []


def test_the_reason_names_the_gap_the_improvement_and_the_evidence(app):
    _below_england_on_ni148()
    entry_on("NI 148", 50, 62.5, rating=4, cohort=212)
    reason = _gaps()[0].suggestions[0].reason
    assert "Manchester is 8.0 points below England on NI 148 (55.0% against 63.0%" in reason
    assert "raised NI 148 by 12.5 points (50.0% to 62.5% for 212 people) in Southwark" in reason
    assert "evidence rated 4 out of 5" in reason
    assert "12.5 × 4 ÷ 5 = 10.00" in reason


def test_london_areas_compare_with_london(app):
    place = find_place(SOUTHWARK)
    assert [other.code for other in place.comparators] == [LONDON, ENGLAND_CODE]
