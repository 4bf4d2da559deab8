"""The public list (filters in the URL, sorting, paging) and the open data API."""

import datetime

from portal.extensions import db
from portal.innovations import queries, services
from tests.innovations.conftest import CORNWALL, LEEDS, MANCHESTER


def _titles(client, query="") -> str:
    return client.get(f"/innovations/?{query}").get_data(as_text=True)


def test_list_filters_by_client_group(client, make_innovation):
    make_innovation(title="Care leaver mentoring", client_groups=["care-leavers"])
    make_innovation(title="Probation housing", client_groups=["offenders"],
                    indicators=["NI 143"], outcomes=["accommodation"])
    body = _titles(client, "client_group=offenders")
    assert "Probation housing" in body and "Care leaver mentoring" not in body


def test_list_filters_by_indicator_stage_and_evidence(client, make_innovation):
    make_innovation(title="Strong evidence scaling", stage="scaling", evidence_level=4)
    make_innovation(title="Weak idea", stage="idea", evidence_level=1, indicators=["NI 147"])
    assert "Weak idea" not in _titles(client, "indicator=NI+148")
    assert "Weak idea" not in _titles(client, "stage=scaling")
    body = _titles(client, "evidence_level=3")
    assert "Strong evidence scaling" in body and "Weak idea" not in body


def test_list_filters_by_region_where_it_runs(client, make_innovation):
    make_innovation(title="Runs in Cornwall", local_areas=[CORNWALL])
    make_innovation(title="Runs in Manchester", local_areas=[MANCHESTER])
    body = _titles(client, "region=E12000009")  # South West
    assert "Runs in Cornwall" in body and "Runs in Manchester" not in body


def _adopt(innovation, commissioner, area):
    services.record_adoption(innovation, area, datetime.date(2009, 4, 1), actor=commissioner)
    db.session.commit()


def test_list_filters_to_adopted_and_sorts_by_most_adopted(client, make_user, make_innovation):
    commissioner = make_user("commissioner")
    make_innovation(title="Never adopted")
    once = make_innovation(title="Adopted once")
    twice = make_innovation(title="Adopted twice")
    _adopt(once, commissioner, LEEDS)
    _adopt(twice, commissioner, LEEDS)
    _adopt(twice, commissioner, CORNWALL)
    assert "Never adopted" not in _titles(client, "adopted=yes")
    body = _titles(client, "sort=most-adopted")
    assert body.index("Adopted twice") < body.index("Adopted once") < body.index("Never adopted")


def test_list_is_paged_and_keeps_filters_in_the_links(client, make_innovation):
    for n in range(queries.PAGE_SIZE + 1):
        make_innovation(title=f"Innovation number {n:02d}")
    first = _titles(client, "client_group=care-leavers")
    assert 'aria-label="Page 1" aria-current="page"' in first
    assert "page=2" in first and "client_group=care-leavers" in first
    assert "Innovation number 00" in _titles(client, "client_group=care-leavers&page=2")


def test_api_lists_published_innovations_with_codes_and_adoptions(client, make_user,
                                                                  make_innovation):
    innovation = make_innovation(title="Open data innovation")
    make_innovation("draft", title="Secret draft")
    _adopt(innovation, make_user("commissioner"), LEEDS)
    body = client.get("/api/v1/innovations").get_json()
    assert body["meta"]["total"] == 1
    [item] = body["data"]
    assert item["client_groups"] == ["care-leavers"]
    assert item["indicators"] == ["NI 148"]
    assert item["local_areas"] == [MANCHESTER]
    assert item["adoptions"][0]["local_area"] == LEEDS
    assert item["adoptions"][0]["started_on"] == "2009-04-01"


def test_api_filters_like_the_list(client, make_innovation):
    make_innovation(title="Care leavers")
    make_innovation(title="Offenders", client_groups=["offenders"], indicators=["NI 144"])
    body = client.get("/api/v1/innovations?client_group=offenders").get_json()
    assert [item["title"] for item in body["data"]] == ["Offenders"]


def test_api_pages_with_next_links(client, make_innovation):
    for _ in range(queries.PAGE_SIZE + 1):
        make_innovation()
    body = client.get("/api/v1/innovations").get_json()
    assert (body["meta"]["pages"], len(body["data"])) == (2, queries.PAGE_SIZE)
    assert "page=2" in body["links"]["next"]


def test_api_detail_serves_one_published_innovation(client, make_innovation):
    innovation = make_innovation(title="One of a kind")
    body = client.get(f"/api/v1/innovations/{innovation.id}").get_json()
    assert (body["id"], body["title"], body["stage"]) == (innovation.id, "One of a kind", "pilot")
