"""What the search page says about each hit."""


def _blocks(client, q: str) -> dict[str, str]:
    """Each hit's block of the page, by title."""
    page = client.get("/search", query_string={"q": q}).get_data(as_text=True)
    blocks = page.split('class="portal-result"')[1:]
    return {title: block for block in blocks
            for title in ("Tenancy rescue, open", "Tenancy rescue, closed") if title in block}


def test_a_hit_says_when_it_closes_or_that_it_has_closed(client, make_opportunity):
    make_opportunity("open", title="Tenancy rescue, open")
    make_opportunity("closed", title="Tenancy rescue, closed")
    blocks = _blocks(client, "tenancy rescue")
    assert "Closes " in blocks["Tenancy rescue, open"]
    assert "Closed " not in blocks["Tenancy rescue, open"]
    assert "Closed " in blocks["Tenancy rescue, closed"]
    assert "Closes " not in blocks["Tenancy rescue, closed"]
