"""The opportunities list as a CSV file: the page's filters, every match (not one page),
never a draft, and cells a spreadsheet shows as typed."""

import csv
import io

from portal.opportunities import queries
from tests.opportunities.test_list_and_api import _offender_service


def _rows(response) -> list[dict]:
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8's byte order mark, for spreadsheets
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def test_the_download_is_a_named_utf8_csv_with_a_byte_order_mark(client, make_opportunity):
    make_opportunity("open", summary="Mentoring – worth £150,000 a year")
    response = client.get("/opportunities/download.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith(
        "attachment; filename=opportunities-")
    assert response.headers["Content-Disposition"].endswith(".csv")
    [row] = _rows(response)
    assert row["Summary"] == "Mentoring – worth £150,000 a year"
    assert row["Commissioned by"].startswith("Commissioner Organisation")
    assert row["Minimum value (£)"] == "150000" and row["Status"] == "Open"


def test_the_download_honours_the_lists_filters(client, make_opportunity):
    make_opportunity("open", title="Care leavers into work")
    _offender_service(make_opportunity)
    make_opportunity("closed", title="Closed care leavers service")
    for query, titles in [
        ("client_group=offenders", ["Housing for people on probation"]),
        ("region=E12000007", ["Housing for people on probation"]),
        ("status=closed", ["Closed care leavers service"]),
        ("value_min=300000", ["Housing for people on probation"]),
        ("q=probation", ["Housing for people on probation"]),
    ]:
        rows = _rows(client.get(f"/opportunities/download.csv?{query}"))
        assert [row["Title"] for row in rows] == titles, query


def test_the_download_has_every_match_not_one_page(client, make_opportunity):
    for n in range(queries.PER_PAGE + 1):
        make_opportunity("open", title=f"Service {n}")
    rows = _rows(client.get("/opportunities/download.csv?page=1"))
    assert len(rows) == queries.PER_PAGE + 1


def test_the_download_never_lists_a_draft(client, make_opportunity):
    make_opportunity("draft", title="A draft nobody may see")
    make_opportunity("open", title="Published")
    assert [row["Title"] for row in _rows(client.get("/opportunities/download.csv"))] == [
        "Published"]


def test_awkward_titles_survive_and_formulas_are_not_run(client, make_opportunity):
    make_opportunity("open", title='Housing, "first"\nfor leavers')
    make_opportunity("open", title="=1+1")
    titles = {row["Title"] for row in _rows(client.get("/opportunities/download.csv"))}
    assert titles == {'Housing, "first"\nfor leavers', "'=1+1"}


def test_the_list_links_to_its_download_with_the_same_filters(client, make_opportunity):
    make_opportunity("open")
    page = client.get("/opportunities/?client_group=care-leavers&page=1").get_data(as_text=True)
    assert 'href="/opportunities/download.csv?client_group=care-leavers"' in page
