from tests.contracts.factories import make_contract  # noqa: F401  (fixture)
from tests.innovations.conftest import make_innovation  # noqa: F401  (fixture)
