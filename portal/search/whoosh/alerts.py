"""Saved searches read as the search page reads them, for matching newly published items.

An alert's words are parsed with the search page's own parser (so phrases, OR, NOT and
indicator codes mean what they mean there) and the parsed query is walked in Python over
one item: its facet values and, for each text field, each analysed word's positions.
`alert_words` gives the words every match must contain, which the alerts area stores as
criteria rows so that one SQL query narrows the alerts to check.
"""

from collections import defaultdict
from functools import lru_cache

from whoosh import query

from portal.search.results import TEXT_FIELDS
from portal.search.whoosh.index import ANALYZER
from portal.search.whoosh.query import parse_text


def positions(text: str) -> dict[str, list[int]]:
    """Each word of `text` as the index analyses it, with its positions."""
    found = defaultdict(list)
    for token in ANALYZER(text or "", positions=True):
        found[token.text].append(token.pos)
    return dict(found)


@lru_cache(maxsize=2048)
def _parsed(text: str) -> query.Query | None:
    return parse_text(text) if text else None


def alert_words(text: str) -> set[str] | None:
    """The words every item the search matches contains (none for no text); None when the
    text has no words to look for."""
    if not text:
        return set()
    parsed = _parsed(text)
    return None if parsed is None else _required(parsed)


def alert_matches(text: str, facets: dict[str, set[str]],
                  positions: dict[str, dict[str, list[int]]]) -> bool:
    """Whether an item with these facet values and words matches the saved search, as the
    search page would decide (a search with no words matches everything)."""
    return _satisfies(_parsed(text), facets, positions)


def _required(q: query.Query) -> set[str]:
    """Words every matching document must contain (a narrowing, never a widening)."""
    if isinstance(q, query.Term):
        return {q.text} if q.fieldname in TEXT_FIELDS else set()
    if isinstance(q, query.Phrase):
        return set(q.words)
    if isinstance(q, query.And | query.Require):
        return set().union(*(_required(sub) for sub in q.children()))
    if isinstance(q, query.Or):
        parts = [_required(sub) for sub in q.subqueries]
        return set.intersection(*parts) if parts else set()
    if isinstance(q, query.AndNot | query.AndMaybe):
        return _required(q.a)
    return set()


def _phrase_in(words: list[str], positions: dict[str, list[int]]) -> bool:
    if any(word not in positions for word in words):
        return False
    following = [set(positions[word]) for word in words[1:]]
    return any(all(start + offset + 1 in later for offset, later in enumerate(following))
               for start in positions[words[0]])


def _satisfies(q: query.Query | None, facets: dict, positions: dict) -> bool:
    if q is None or isinstance(q, query.Every):
        return True
    if isinstance(q, query.Term):
        if q.fieldname in TEXT_FIELDS:
            return q.text in positions.get(q.fieldname, {})
        return q.text in facets.get(q.fieldname, ())  # an indicator code, as a tag
    if isinstance(q, query.Phrase):
        return _phrase_in(list(q.words), positions.get(q.fieldname, {}))
    if isinstance(q, query.Not):
        return not _satisfies(q.query, facets, positions)
    if isinstance(q, query.AndNot):
        return _satisfies(q.a, facets, positions) and not _satisfies(q.b, facets, positions)
    if isinstance(q, query.AndMaybe):
        return _satisfies(q.a, facets, positions)
    if isinstance(q, query.And | query.Require):
        return all(_satisfies(sub, facets, positions) for sub in q.children())
    if isinstance(q, query.Or):
        return any(_satisfies(sub, facets, positions) for sub in q.subqueries)
    return False  # NullQuery, and anything the search page's parser never makes
