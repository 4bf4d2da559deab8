from tests.contracts.factories import make_contract, scheduled  # noqa: F401  (fixtures)
