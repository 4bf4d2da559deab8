"""Saved searches matched in SQL, as the search page reads them.

The alerts area describes a new item by its facet values and, for each text field, its
words with their positions (`positions()`: PostgreSQL's own analysis). `alert_matches`
rebuilds the item's `tsvector` from those positions (title, body and tag names one after
another, so that no phrase runs from one into the next), and asks PostgreSQL whether the
alert's `tsquery` matches: the same query, the same operator, the same answer as the
search page. `alert_words` gives the words every match contains, which the alerts area
keeps as criteria rows to narrow the alerts to check.
"""

import re
from functools import lru_cache

from sqlalchemy import text as sql

from portal.extensions import db
from portal.search.postgres import CONFIG
from portal.search.postgres.parse import Leaf, Node, leaves, parse
from portal.search.postgres.query import _analysed, _compile, code_query, tsquery
from portal.search.results import TEXT_FIELDS, clean_query

_LEXEME = re.compile(r"'((?:[^']|'')*)'")
_GAP = 100  # positions between one field and the next


def positions(text: str) -> dict[str, list[int]]:
    """Each word of the text as PostgreSQL analyses it, with its positions."""
    if not text:
        return {}
    rows = db.session.execute(sql(
        f"SELECT lexeme, positions FROM unnest(to_tsvector('{CONFIG}', :t))"), {"t": text})
    return {lexeme: list(found or ()) for lexeme, found in rows}


@lru_cache(maxsize=2048)
def _tree(cleaned: str):
    return parse(cleaned)


def alert_words(text: str) -> set[str] | None:
    """The words every item the search matches contains (none for no text); None when the
    text has no words to look for."""
    cleaned, _ = clean_query(text or "")
    if not cleaned:
        return set()
    tree = _tree(cleaned)
    analysed = _analysed(leaves(tree))
    if _compile(tree, analysed) is None:
        return None
    return _required(tree, analysed)


def _required(tree, analysed: dict[Leaf, str]) -> set[str]:
    """Words every match must contain (a narrowing, never a widening)."""
    if tree is None:
        return set()
    if isinstance(tree, Leaf):
        if tree.kind == "code":
            return set()  # a tag or either spelling in the text
        return {m.replace("''", "'") for m in _LEXEME.findall(analysed.get(tree, ""))}
    if tree.op == "not":
        return set()
    parts = [_required(child, analysed) for child in tree.children]
    if tree.op == "and":
        return set().union(*parts)
    return set.intersection(*parts) if parts else set()


def _vector(positions: dict[str, dict[str, list[int]]]) -> str:
    """A tsvector literal of the item's words, one field after another."""
    merged: dict[str, list[int]] = {}
    offset = 0
    for field in TEXT_FIELDS:
        found = positions.get(field, {})
        last = 0
        for word, places in found.items():
            merged.setdefault(word, []).extend(min(p + offset, 16383) for p in places)
            last = max([last, *places])
        offset += last + _GAP
    return " ".join(
        "'" + word.replace("\\", "\\\\").replace("'", "''") + "':"
        + ",".join(str(p) for p in sorted(set(places)))
        for word, places in merged.items())


def alert_matches(text: str, facets: dict[str, set[str]],
                  positions: dict[str, dict[str, list[int]]]) -> bool:
    """Whether an item with these facet values and words matches the saved search, as the
    search page would decide (a search with no words matches everything)."""
    cleaned, _ = clean_query(text or "")
    if not cleaned:
        return True
    query = tsquery(cleaned)
    if query is None:
        return False
    return bool(db.session.scalar(sql("SELECT CAST(:vector AS tsvector) @@ CAST(:q AS tsquery)"),
                                  {"vector": _vector(positions), "q": query}))


__all__ = ["Node", "alert_matches", "alert_words", "code_query", "positions"]
