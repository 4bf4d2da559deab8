"""Open data: /api/v1/areas/<code>, /api/v1/indicators/<code> and its values.csv."""

from portal.extensions import db
from portal.models import ENGLAND_CODE, IndicatorValue
from tests.areas.factories import MANCHESTER, NORTH_WEST, add_value, add_values, entry_on


def test_an_area_gives_its_values_beside_its_region_and_england(client):
    add_values({MANCHESTER: 55.25, NORTH_WEST: 60, ENGLAND_CODE: 63})
    body = client.get(f"/api/v1/areas/{MANCHESTER}").get_json()
    assert (body["name"], body["level"], body["region"]["code"]) == (
        "Manchester", "local-area", NORTH_WEST)
    assert body["compared_with"] == [NORTH_WEST, ENGLAND_CODE]
    assert body["values"] == [{
        "area_code": MANCHESTER, "area_name": "Manchester", "level": "local-area",
        "indicator": "NI 148", "period": "2010-11", "value_pct": 55.25, "numerator": 221,
        "denominator": 400, "source": "Test figures", "demonstration": False}]
    assert {v["area_code"] for v in body["comparator_values"]} == {NORTH_WEST, ENGLAND_CODE}
    assert body["demonstration_notice"] is None


def test_an_area_gives_the_same_recommendations_as_its_page(client):
    add_values({MANCHESTER: 55, NORTH_WEST: 60, ENGLAND_CODE: 63})
    strong = entry_on("NI 148", 50, 60, rating=5)
    weak = entry_on("NI 148", 50, 60, rating=1)
    body = client.get(f"/api/v1/areas/{MANCHESTER}").get_json()
    [gap] = body["recommendations"]
    assert (gap["indicator"], gap["gap_pp"]) == ("NI 148", 8.0)
    assert [s["entry"]["id"] for s in gap["suggestions"]] == [strong.id, weak.id]
    assert [s["score"] for s in gap["suggestions"]] == [10.0, 2.0]
    assert gap["suggestions"][0]["reason"].startswith("Manchester is 8.0 points below England")


def test_an_area_flags_demonstration_values(client):
    add_value(MANCHESTER, 50, source="Demonstration data: generated")
    body = client.get(f"/api/v1/areas/{MANCHESTER.lower()}").get_json()
    assert body["values"][0]["demonstration"] is True
    assert body["demonstration_notice"].startswith("Demonstration data")


def test_england_and_regions_are_areas_too(client):
    add_values({NORTH_WEST: 60, ENGLAND_CODE: 63})
    assert client.get(f"/api/v1/areas/{NORTH_WEST}").get_json()["compared_with"] == [
        ENGLAND_CODE]
    england = client.get(f"/api/v1/areas/{ENGLAND_CODE}").get_json()
    assert (england["level"], england["values"][0]["value_pct"]) == ("england", 63.0)
    assert england["url"] == f"http://localhost/areas/{ENGLAND_CODE}"


def test_an_unknown_area_is_a_json_404(client):
    response = client.get("/api/v1/areas/E08999999")
    assert response.status_code == 404 and response.get_json()["status"] == 404


def test_an_indicator_is_found_by_any_usual_spelling(client):
    for variant in ("ni-148", "NI-148", "148", "NI148", "NI%20148"):
        assert client.get(f"/api/v1/indicators/{variant}").get_json()["code"] == "NI 148"
    assert client.get("/api/v1/indicators/142").status_code == 404


def test_an_indicator_gives_every_value_and_ranked_recommendations(client):
    add_values({MANCHESTER: 55, NORTH_WEST: 60, ENGLAND_CODE: 63})
    add_value(MANCHESTER, 80, indicator="NI 143")
    first = entry_on("NI 148", 50, 70, rating=3)
    second = entry_on("NI 148", 50, 60, rating=3)
    body = client.get("/api/v1/indicators/ni-148").get_json()
    assert [v["area_code"] for v in body["values"]] == [ENGLAND_CODE, NORTH_WEST, MANCHESTER]
    assert [s["entry"]["id"] for s in body["recommendations"]] == [first.id, second.id]
    assert body["furthest_below_england"] == [
        {"area_code": MANCHESTER, "period": "2010-11", "value_pct": 55.0, "gap_pp": 8.0}]


def test_values_csv_is_the_import_format_and_imports_back(client, runner, tmp_path):
    add_values({MANCHESTER: 55.25, ENGLAND_CODE: 63})
    add_value(MANCHESTER, 80, indicator="NI 143")
    response = client.get("/api/v1/indicators/148/values.csv")
    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.splitlines() == [
        "area_code,indicator,period,value_pct,numerator,denominator,source",
        f"{ENGLAND_CODE},NI 148,2010-11,63,252,400,Test figures",
        f"{MANCHESTER},NI 148,2010-11,55.25,221,400,Test figures",
    ]
    db.session.execute(IndicatorValue.__table__.delete())
    db.session.commit()
    path = tmp_path / "ni148.csv"
    path.write_text(text, encoding="utf-8")
    assert runner.invoke(args=["indicators", "import", str(path)]).exit_code == 0
    assert client.get("/api/v1/indicators/148/values.csv").get_data(as_text=True) == text
