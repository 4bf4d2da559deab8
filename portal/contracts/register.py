"""The contracts register as CSV, for spreadsheets: UTF-8 with a byte order mark (without it
Excel reads "£" and "–" as two or three odd letters each), and no cell a spreadsheet would
run as a formula."""

import csv
import io

from portal import clock
from portal.models import Contract
from portal.urls import external_url

COLUMNS = ("Contract", "Title", "Buyer", "Supplier", "Supplier charity number",
           "Supplier company number", "Value (£)", "Awarded", "Start date", "End date",
           "Award notice")
BYTE_ORDER_MARK = "\ufeff"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """Text a spreadsheet would take for a formula gets a leading apostrophe (OWASP's advice
    on CSV injection): a title like =HYPERLINK(...) shows as typed, and is not run."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _row(contract: Contract) -> list[str]:
    opportunity, supplier = contract.opportunity, contract.organisation
    return [_cell(value) for value in (
        contract.id, opportunity.title, opportunity.organisation.name, supplier.name,
        supplier.charity_number, supplier.company_number, f"{contract.value:.2f}",
        clock.to_uk(contract.awarded_at).date().isoformat(), contract.starts_on.isoformat(),
        contract.ends_on.isoformat(), external_url("contracts.detail", contract_id=contract.id))]


def csv_text(contracts: list[Contract]) -> str:
    buffer = io.StringIO()
    buffer.write(BYTE_ORDER_MARK)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(_row(contract) for contract in contracts)
    return buffer.getvalue()
