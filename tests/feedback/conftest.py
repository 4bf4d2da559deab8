from tests.contracts.factories import make_contract  # noqa: F401  (fixture)
