"""The public contracts register: who won what, for how much, until when; its filters, and a
CSV download of the same rows for spreadsheets."""

import csv
import io
from datetime import date

from portal.extensions import db


def test_the_register_lists_who_won_what_for_how_much_until_when(client, make_contract):
    made = make_contract("Housing first", price="198500", ends_on=date(2029, 3, 31))
    response = client.get("/contracts/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for text in ("Housing first", made.organisation.name, made.opportunity.organisation.name,
                 "£198,500", "31 March 2029", f'href="/contracts/{made.id}"'):
        assert text in page


def test_the_register_shows_nothing_of_losing_bids(client, make_contract):
    make_contract(losers=2)
    page = client.get("/contracts/").get_data(as_text=True)
    assert "123,456" not in page and "123456" not in page


def test_the_register_filters_by_supplier(client, make_contract):
    make_contract("First contract")
    second = make_contract("Second contract")
    page = client.get(f"/contracts/?supplier={second.organisation_id}").get_data(as_text=True)
    assert "Second contract" in page and "First contract" not in page


def test_a_bad_filter_on_the_register_says_what_to_type(client):
    response = client.get("/contracts/?ends_after=soon")
    assert response.status_code == 200
    assert "Enter a date like 2009-03-31" in response.get_data(as_text=True)


def _csv(response) -> list[dict]:
    assert response.mimetype == "text/csv"
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_the_csv_starts_with_a_byte_order_mark_and_keeps_pounds_and_dashes(
        client, make_contract):
    made = make_contract("Work – and £ for care leavers", price="198500")
    response = client.get("/contracts/register.csv")
    assert "attachment" in response.headers["Content-Disposition"]
    [row] = _csv(response)
    assert row["Title"] == "Work – and £ for care leavers"
    assert row["Supplier"] == made.organisation.name
    assert (row["Value (£)"], row["End date"]) == ("198500.00", "2029-03-31")


def test_the_csv_honours_the_pages_filters(client, make_contract):
    make_contract("First contract")
    second = make_contract("Second contract")
    rows = _csv(client.get(f"/contracts/register.csv?supplier={second.organisation_id}"))
    assert [row["Title"] for row in rows] == ["Second contract"]


def test_the_register_links_its_csv_with_the_same_filters(client, make_contract):
    made = make_contract()
    page = client.get(f"/contracts/?supplier={made.organisation_id}").get_data(as_text=True)
    assert f"/contracts/register.csv?supplier={made.organisation_id}" in page


def test_a_spreadsheet_formula_in_a_title_is_not_run(client, make_contract):
    make_contract("=HYPERLINK(\"http://evil.example\")")
    [row] = _csv(client.get("/contracts/register.csv"))
    assert row["Title"].startswith("'=")


def test_the_register_is_in_the_site_navigation(client):
    assert 'href="/contracts/"' in client.get("/").get_data(as_text=True)


def test_a_contract_of_an_unpublished_opportunity_is_not_listed(client, make_contract):
    made = make_contract("Hidden contract")
    made.opportunity.published_at = None
    db.session.commit()
    assert "Hidden contract" not in client.get("/contracts/").get_data(as_text=True)
    assert "Hidden contract" not in client.get("/contracts/register.csv").get_data(as_text=True)
