import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.contracts.factories import make_contract  # noqa: F401  (fixture)

_axe = Axe()


@pytest.fixture
def assert_accessible():
    """Run axe-core (all rules, WCAG 2.2 A and AA included) on the page; fail on any violation."""

    def check(page):
        page.wait_for_load_state("load")  # never a page still half-way through loading
        results = _axe.run(page, options=None)
        assert results.violations_count == 0, results.generate_report()

    return check

