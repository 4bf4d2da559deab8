"""CSV downloads (`portal.views.csv_download`): what a spreadsheet user opens must show the
text as typed, whatever it holds, and never run it."""

import csv
import io

import pytest
from flask import Flask

from portal.views import csv_download, spreadsheet_safe


def _read(response) -> list[list[str]]:
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("typed", ["=1+1", "+44 161", "-2+3", "@SUM(A1:A2)", "\tx", "\rx"])
def test_text_that_looks_like_a_formula_is_shown_not_run(typed):
    assert spreadsheet_safe(typed) == "'" + typed


@pytest.mark.parametrize("value", ["Housing – £250,000", 1500, -3, None, "a=1"])
def test_other_cells_are_left_as_they_are(value):
    assert spreadsheet_safe(value) == value


def test_a_download_survives_commas_quotes_line_breaks_and_formulas():
    with Flask(__name__).test_request_context():
        response = csv_download("things.csv", ["Name", "Value (£)"], [
            ['Housing, "first"\nfor prison leavers – Salford', 250000], ["=1+1", -5]])
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == "attachment; filename=things.csv"
    assert _read(response) == [
        ["Name", "Value (£)"],
        ['Housing, "first"\nfor prison leavers – Salford', "250000"], ["'=1+1", "-5"]]
