"""Every list pages through the one GOV.UK pagination macro (templates/_macros/pagination.html)."""

import re

import pytest

from portal.innovations import queries
from portal.library.demo_entries import ENTRIES
from portal.templating import page_numbers
from tests.library.factories import published_entry


@pytest.mark.parametrize(("current", "pages", "shown"), [
    (1, 2, [1, 2]),
    (1, 5, [1, 2, None, 5]),
    (3, 5, [1, 2, 3, 4, 5]),
    (5, 9, [1, None, 4, 5, 6, None, 9]),
    (9, 9, [1, None, 8, 9]),
    (12, 9, [1, None, 9]),  # a page past the end still offers the first and last
])
def test_page_numbers_show_first_last_and_neighbours_with_gaps_marked(current, pages, shown):
    assert page_numbers(current, pages) == shown


@pytest.fixture
def two_pages_of_innovations(make_innovation):
    for n in range(queries.PAGE_SIZE + 1):
        make_innovation(title=f"Innovation number {n:02d}")


def test_list_links_every_page_and_marks_the_current_one(client, two_pages_of_innovations):
    body = client.get("/innovations/?page=2&stage=").get_data(as_text=True)
    nav = re.search(r'<nav class="govuk-pagination"[^>]*aria-label="Pages of innovations".*?</nav>',
                    body, re.S).group(0)
    assert re.findall(r'aria-label="Page (\d)"', nav) == ["1", "2"]
    assert 'aria-label="Page 2" aria-current="page"' in nav
    assert 'rel="prev"' in nav and 'rel="next"' not in nav
    assert "Page 2 of 2" not in body  # the old hand-written text, which failed colour contrast


def test_page_links_ignore_url_for_instructions_in_the_query_string(client):
    for record in ENTRIES:
        published_entry(**record)
    response = client.get("/search?kind=library&_external=1&_scheme=javascript&_anchor=x")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert 'href="/search?kind=library&amp;page=2"' in body
    assert "javascript:" not in body and "#x" not in body
