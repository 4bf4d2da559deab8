"""Area, region and indicator pages: what a member of the public sees."""

from datetime import timedelta

from portal import clock
from portal.extensions import db
from portal.models import ENGLAND_CODE, Adoption
from tests.areas.factories import (
    LONDON,
    MANCHESTER,
    NORTH_WEST,
    SOUTHWARK,
    add_value,
    add_values,
    entry_on,
)

DEMO = "Demonstration data: generated for the demo"


def _text(response) -> str:
    return " ".join(response.get_data(as_text=True).split())


def test_the_home_page_offers_an_area_finder_grouped_by_region(client):
    page = _text(client.get("/"))
    assert '<label class="govuk-label govuk-label--m" for="area-finder">Find your area</label>' \
        in page
    assert '<optgroup label="North West">' in page
    assert f'<option value="{MANCHESTER}">Manchester</option>' in page
    assert 'href="/areas/"' in page


def test_choosing_an_area_in_the_finder_goes_to_its_page(client):
    response = client.get(f"/areas/?area={MANCHESTER}")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/areas/{MANCHESTER}"


def test_an_unknown_choice_in_the_finder_asks_again(client):
    page = _text(client.get("/areas/?area=nowhere"))
    assert "Choose an area from the list" in page


def test_an_area_page_shows_its_weakest_indicator(client):
    add_values({MANCHESTER: 55, NORTH_WEST: 60, ENGLAND_CODE: 63.2}, indicator="NI 148")
    add_values({MANCHESTER: 78, NORTH_WEST: 79, ENGLAND_CODE: 79}, indicator="NI 143")
    page = _text(client.get(f"/areas/{MANCHESTER}"))
    assert "Weakest indicator" in page
    assert "NI 148: Care leavers in employment, education or training</a>: 55.0% in 2010-11, " \
        "8.2 points below England (63.2%)" in page


def test_an_area_page_says_when_its_values_are_demonstration_data(client):
    add_values({MANCHESTER: 55, ENGLAND_CODE: 63}, source=DEMO)
    assert "Demonstration data: the indicator values on this page" in _text(
        client.get(f"/areas/{MANCHESTER}"))


def test_an_area_page_with_real_figures_only_has_no_demonstration_notice(client):
    add_values({MANCHESTER: 55, ENGLAND_CODE: 63}, source="DCSF SSDA903")
    assert "Demonstration data" not in _text(client.get(f"/areas/{MANCHESTER}"))


def test_one_demonstration_value_among_real_ones_is_enough_for_the_notice(client):
    add_values({MANCHESTER: 55}, source="DCSF SSDA903")
    add_values({ENGLAND_CODE: 63}, source=DEMO)
    assert "Demonstration data: the indicator values" in _text(client.get(f"/areas/{MANCHESTER}"))


def test_an_area_page_suggests_what_worked_elsewhere_and_says_why(client):
    add_values({MANCHESTER: 55, NORTH_WEST: 60, ENGLAND_CODE: 63}, indicator="NI 148")
    entry = entry_on("NI 148", 50, 60, rating=4)
    page = _text(client.get(f"/areas/{MANCHESTER}"))
    assert f'href="/library/{entry.id}">{entry.title}</a>' in page
    assert "Manchester: 55.0% in 2010-11, 8.0 points below England (63.0%)" in page
    # The gap is said once, under the indicator; each suggestion says what it did there.
    why = page.split("Why it is suggested:</strong>")[1].split("</p>")[0]
    assert why.startswith(" This service raised NI 148 by 10.0 points")
    assert "below England" not in why
    assert "multiplied by the evidence rating out of 5" in page  # the rule, on the page


def test_an_area_page_lists_open_opportunities_and_innovations_there(
        client, make_opportunity, make_innovation):
    opportunity = make_opportunity("open", title="Care leavers into work in Manchester")
    running = make_innovation(title="Mentors in Manchester", local_areas=[MANCHESTER])
    adopted = make_innovation(title="Kitchen brigade", local_areas=[SOUTHWARK])
    db.session.add(Adoption(innovation=adopted, organisation_id=opportunity.organisation_id,
                            recorded_by_id=opportunity.created_by_id, local_area_code=MANCHESTER,
                            started_on=clock.now().date() - timedelta(days=30)))
    db.session.commit()
    page = _text(client.get(f"/areas/{MANCHESTER}"))
    assert "Care leavers into work in Manchester" in page
    assert f"{running.title}</a> <span class=\"govuk-body-s\">(" in page
    assert "Kitchen brigade</a>" in page and "adopted here" in page
    region = _text(client.get(f"/areas/{NORTH_WEST}"))
    assert "Care leavers into work in Manchester" in region and "Kitchen brigade" in region


def test_a_region_page_compares_with_england_and_lists_its_local_areas(client):
    add_values({NORTH_WEST: 60, ENGLAND_CODE: 63})
    page = _text(client.get(f"/areas/{NORTH_WEST}"))
    assert "<h1 class=\"govuk-heading-xl\">North West</h1>" in page
    assert f'href="/areas/{MANCHESTER}">Manchester</a>' in page
    assert f'beside <a class="govuk-link" href="/areas/{ENGLAND_CODE}">England</a>' in page


def test_an_area_code_in_lower_case_redirects_to_the_page(client):
    response = client.get(f"/areas/{MANCHESTER.lower()}")
    assert (response.status_code, response.headers["Location"]) == (301, f"/areas/{MANCHESTER}")


def test_an_unknown_area_is_not_found(client):
    assert client.get("/areas/E08999999").status_code == 404


def test_england_has_a_page_with_its_values_and_every_region_beside_it(client):
    add_values({ENGLAND_CODE: 63, NORTH_WEST: 60, LONDON: 66.5}, indicator="NI 148")
    add_values({ENGLAND_CODE: 79, NORTH_WEST: 81}, indicator="NI 143")
    response = client.get(f"/areas/{ENGLAND_CODE}")
    assert response.status_code == 200
    page = _text(response)
    assert '<h1 class="govuk-heading-xl">England</h1>' in page
    assert "The eight indicators in their latest year: England" in page  # its own chart
    regions = page[page.index('id="regions"'):]
    assert f'<a class="govuk-link" href="/areas/{NORTH_WEST}">North West</a>' in regions
    assert f'<a class="govuk-link" href="/areas/{LONDON}">London</a>' in regions
    assert "60.0%" in regions and "66.5%" in regions and "81.0%" in regions
    assert regions.count('href="/areas/E12') == 9  # every region, with or without values
    assert "Weakest indicator" not in page and "below England" not in page


def test_england_page_counts_the_local_areas_that_chose_each_indicator(client):
    from portal.models import LaaTarget

    for area in (MANCHESTER, SOUTHWARK):
        db.session.add(LaaTarget(local_area_code=area, indicator_code="NI 148",
                                 period="2009-10", target_pct=65))
    db.session.commit()
    page = _text(client.get(f"/areas/{ENGLAND_CODE}"))
    assert "NI 148</a>: 2 local areas" in page


def test_england_is_linked_from_the_areas_index_and_the_indicator_and_area_pages(client):
    add_values({ENGLAND_CODE: 63, NORTH_WEST: 60, MANCHESTER: 55})
    link = f'href="/areas/{ENGLAND_CODE}"'
    for path in ("/areas/", "/indicators/ni-148", f"/areas/{MANCHESTER}", f"/areas/{NORTH_WEST}"):
        assert link in client.get(path).get_data(as_text=True), path
    assert client.get(f"/areas/?area={ENGLAND_CODE}").headers["Location"] == \
        f"/areas/{ENGLAND_CODE}"
    assert client.get("/areas/e92000001").headers["Location"] == f"/areas/{ENGLAND_CODE}"


def test_an_indicator_page_explains_the_indicator(client):
    page = _text(client.get("/indicators/ni-148"))
    assert "NI 148: Care leavers in employment, education or training" in page
    assert "Who is counted" in page and "looked after by the council at 16" in page
    assert "Why it matters" in page


def test_indicator_codes_written_other_ways_redirect_to_the_page(client):
    for variant in ("NI-148", "148", "ni148", "NI 148"):
        response = client.get(f"/indicators/{variant}")
        assert response.headers["Location"] == "/indicators/ni-148", variant
    assert client.get("/indicators/ni-151").status_code == 404
    assert client.get("/indicators/anything").status_code == 404


def test_an_indicator_page_lists_the_areas_furthest_below_england(client):
    add_values({ENGLAND_CODE: 63, MANCHESTER: 50, SOUTHWARK: 58, "E06000052": 70})
    page = _text(client.get("/indicators/ni-148"))
    assert page.index(">Manchester</a>") < page.index(">Southwark</a>")
    assert "13.0 points" in page and ">Cornwall</a>" not in page


def test_an_indicator_page_lists_what_targets_it(client, make_opportunity, make_innovation):
    make_opportunity("open", title="Care leavers into work")
    make_innovation(title="Employer mentors", indicators=["NI 148"])
    strong = entry_on("NI 148", 50, 56, rating=5, title="Replicated mentoring")
    big = entry_on("NI 148", 50, 70, rating=1, title="Described mentoring")
    entry_on("NI 143", 50, 90, title="Housing for prison leavers")
    page = _text(client.get("/indicators/ni-148"))
    assert "Care leavers into work" in page and "Employer mentors" in page
    assert page.index(big.title) < page.index(strong.title)  # largest improvement first
    assert "+20.0 points" in page and "1 of 5: Described" in page
    assert "Housing for prison leavers" not in page


def test_an_indicator_page_shows_the_demonstration_notice_for_demo_values(client):
    add_value(ENGLAND_CODE, 63, source=DEMO)
    assert "Demonstration data: the indicator values" in _text(client.get("/indicators/ni-148"))
    assert "Demonstration data" not in _text(client.get("/indicators/ni-143"))


def test_the_navigation_leads_to_areas(client):
    assert '<a class="govuk-service-navigation__link" href="/areas/"' in client.get(
        "/").get_data(as_text=True)
