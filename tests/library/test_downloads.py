"""The practice library list as a CSV file: the page's filters, every match (not one page),
only published entries, and cells a spreadsheet shows as typed."""

import csv
import io

from portal.library import services
from tests.library.factories import published_entry, submitted_entry


def _rows(response) -> list[dict]:
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8's byte order mark, for spreadsheets
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def test_the_download_is_a_named_utf8_csv_with_a_byte_order_mark(client, app):
    published_entry(summary="Tenancies – about £2,400 a person")
    response = client.get("/library/download.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith(
        "attachment; filename=practice-library-")
    [row] = _rows(response)
    assert row["Summary"] == "Tenancies – about £2,400 a person"
    assert row["Cost per person (£)"] == "2400.00"
    assert row["Indicators"] == "NI 143" and row["Evidence rating (1 to 5)"] == "3"


def test_the_download_honours_the_lists_filters(client, app):
    published_entry(title="Housing first", identifier="one")
    published_entry(title="Employment coaching", identifier="two", client_groups=["care-leavers"],
                    evidence_rating=5, cost_per_person_gbp=9000,
                    impacts=[{"indicator": "NI 148", "baseline_pct": 50,
                              "baseline_period": "2006/07", "result_pct": 60,
                              "result_period": "2008/09", "cohort": 50}])
    for query, titles in [
        ("client_group=care-leavers", ["Employment coaching"]),
        ("indicator=NI+143", ["Housing first"]),
        ("evidence=5", ["Employment coaching"]),
        ("cost_max=5000", ["Housing first"]),
        ("sort=cost", ["Housing first", "Employment coaching"]),
    ]:
        rows = _rows(client.get(f"/library/download.csv?{query}"))
        assert [row["Title"] for row in rows] == titles, query


def test_the_download_has_every_match_and_only_published_entries(client, make_user):
    for n in range(services.PAGE_SIZE + 1):
        published_entry(title=f"Entry {n}", identifier=f"entry-{n}")
    submitted_entry(make_user("provider"), title="Waiting for moderation")
    titles = [row["Title"] for row in _rows(client.get("/library/download.csv?page=1"))]
    assert len(titles) == services.PAGE_SIZE + 1
    assert "Waiting for moderation" not in titles


def test_awkward_text_survives_and_formulas_are_not_run(client, app):
    published_entry(title="=HYPERLINK(\"http://x\")", identifier="one",
                    summary='Worked, "mostly"\nin Salford')
    [row] = _rows(client.get("/library/download.csv"))
    assert row["Title"] == "'=HYPERLINK(\"http://x\")"
    assert row["Summary"] == 'Worked, "mostly"\nin Salford'


def test_the_list_links_to_its_download_with_the_same_filters(client, app):
    published_entry()
    page = client.get("/library/?evidence=3&page=1").get_data(as_text=True)
    assert 'href="/library/download.csv?evidence=3"' in page
