"""Finding opportunities: filters in the URL, sorting, paging, and the JSON API."""

from decimal import Decimal

from portal.extensions import db
from portal.models import ClientGroup, LocalArea, OpportunityIndicator, Outcome
from portal.opportunities import queries


def _ids(client, query):
    return [r["id"] for r in client.get(f"/api/v1/opportunities?{query}").get_json()["data"]]


def _offender_service(make_opportunity, **overrides):
    return make_opportunity(
        "open", title="Housing for people on probation",
        client_groups=[db.session.get(ClientGroup, "offenders")],
        outcomes=[db.session.get(Outcome, "accommodation")],
        local_areas=[db.session.get(LocalArea, "E09000028")],
        indicators=[OpportunityIndicator(indicator_code="NI 143", target_pct=Decimal(80))],
        value_min=400_000, value_max=500_000, **overrides)


def test_filters_by_each_tag(client, make_opportunity):
    care = make_opportunity("open")
    offenders = _offender_service(make_opportunity)
    assert _ids(client, "client_group=offenders") == [offenders.id]
    assert _ids(client, "outcome=eet") == [care.id]
    assert _ids(client, "indicator=NI+143") == [offenders.id]
    assert _ids(client, "region=E12000007") == [offenders.id]
    assert _ids(client, "local_area=E08000003") == [care.id]
    assert _ids(client, "value_min=300000") == [offenders.id]
    assert sorted(_ids(client, "client_group=offenders&client_group=care-leavers")) == sorted(
        [care.id, offenders.id])


def test_filters_by_closing_date(client, make_opportunity):
    care = make_opportunity("open")
    later = care.closes_at.date().replace(year=care.closes_at.year + 1)
    _offender_service(make_opportunity, closes_at=care.closes_at.replace(year=later.year),
                      questions_close_at=care.questions_close_at)
    assert _ids(client, f"closes_before={care.closes_at.date().isoformat()}") == [care.id]


def test_sorting_by_value_and_closing(client, make_opportunity):
    care = make_opportunity("open")
    offenders = _offender_service(make_opportunity,
                                  closes_at=care.closes_at.replace(year=care.closes_at.year + 1))
    assert _ids(client, "sort=value") == [offenders.id, care.id]
    assert _ids(client, "sort=closing") == [care.id, offenders.id]


def test_paging(client, make_opportunity):
    made = [make_opportunity("open", title=f"Service {n}") for n in range(queries.PER_PAGE + 3)]
    first = client.get("/api/v1/opportunities").get_json()
    second = client.get("/api/v1/opportunities?page=2").get_json()
    assert first["meta"]["total"] == len(made)
    assert len(first["data"]) == queries.PER_PAGE
    assert len(second["data"]) == 3


def test_filter_state_lives_in_the_url(client, make_opportunity):
    make_opportunity("open")
    body = client.get("/opportunities/?client_group=care-leavers&sort=value").get_data(
        as_text=True)
    assert 'value="care-leavers" checked' in body
    assert '<option value="value" selected>' in body


def test_odd_filter_values_get_a_message_not_an_error(client, make_opportunity):
    make_opportunity("open")
    response = client.get("/opportunities/?value_min=lots&closes_after=tomorrow&page=-4"
                          "&status=%00&sort=%F0%9F%98%80")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Enter an amount in pounds" in body
    assert "Enter a date like 2009-03-31" in body
    api = client.get("/api/v1/opportunities?value_min=lots")
    assert api.status_code == 400
    assert api.get_json()["errors"][0]["detail"].startswith("Enter an amount")


def test_api_detail_carries_the_published_record(client, make_opportunity, commissioner):
    from portal.opportunities import questions, services

    opportunity = make_opportunity("open")
    services.update_overview(opportunity, title=opportunity.title, summary="Updated.",
                             specification=opportunity.specification, reason="Typo",
                             actor=commissioner)
    db.session.commit()
    data = client.get(f"/api/v1/opportunities/{opportunity.id}").get_json()
    assert data["buyer"]["name"] == commissioner.organisation.name
    assert data["status"] == "open"
    assert data["closes_at"].endswith("+00:00")
    assert data["value"] == {"minimum": 150000, "maximum": 210000, "currency": "GBP"}
    assert data["client_groups"] == ["care-leavers"]
    assert data["outcomes"] == ["eet"]
    assert data["indicators"] == ["NI 148"]
    assert data["local_areas"] == ["E08000003"]
    assert data["indicator_targets"][0] == {"indicator": "NI 148", "baseline_pct": 58.0,
                                            "target_pct": 65.0, "cohort_size": 120, "notes": ""}
    assert [c["weight"] for c in data["criteria"]] == [50, 30, 20]
    assert data["social_clauses"][0]["type"] == "targeted-recruitment"
    assert data["amendments"][0]["reason"] == "Typo"
    assert questions is not None


def test_tag_queries_for_indicator_and_area_pages(make_opportunity):
    care = make_opportunity("open")
    make_opportunity("closed")
    assert queries.tagged(indicator="NI 148") == [care]
    assert queries.tagged(local_area="E08000003") == [care]
    assert queries.tagged(region="E12000002") == [care]
