"""Fixtures shared with the contracts tests."""

from tests.contracts.factories import make_contract  # noqa: F401  (fixture)
