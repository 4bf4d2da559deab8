"""The contracts register's columns as CSV; `portal.views.csv_download` makes the file
(UTF-8 with a byte order mark, no cell a spreadsheet would run as a formula)."""

from portal import clock
from portal.models import Contract
from portal.urls import external_url

COLUMNS = ("Contract", "Title", "Buyer", "Supplier", "Supplier charity number",
           "Supplier company number", "Value (£)", "Awarded", "Start date", "End date",
           "Award notice")


def row(contract: Contract) -> list:
    opportunity, supplier = contract.opportunity, contract.organisation
    return [contract.id, opportunity.title, opportunity.organisation.name, supplier.name,
            supplier.charity_number, supplier.company_number, f"{contract.value:.2f}",
            clock.to_uk(contract.awarded_at).date().isoformat(), contract.starts_on.isoformat(),
            contract.ends_on.isoformat(),
            external_url("contracts.detail", contract_id=contract.id)]
