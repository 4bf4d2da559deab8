"""The one way the portal writes money and quantities."""

from decimal import Decimal

import pytest

from portal.templating import money, plain_number


@pytest.mark.parametrize(("value", "shown"), [
    (199500, "£199,500"),
    (Decimal("199500.00"), "£199,500"),
    (Decimal("850.5"), "£850.50"),
    (Decimal("1234567.891"), "£1,234,567.89"),
    (0, "£0"),
    (None, ""),
])
def test_money_shows_whole_pounds_without_pence_and_pence_when_there_are_some(value, shown):
    assert money(value) == shown


@pytest.mark.parametrize(("value", "shown"), [
    (Decimal("8.00"), "8"), ("8.00", "8"), (Decimal("2.50"), "2.5"), (Decimal("100"), "100"),
])
def test_quantities_show_without_trailing_zeros(value, shown):
    assert plain_number(value) == shown
