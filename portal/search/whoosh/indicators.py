"""National Indicator codes in a search, in every spelling people type.

"NI 148", "NI148", "ni-148", "NI_148" (and a search that is only "148") all mean NI 148.
The index keeps the text as written ("NI 148" is two words, "NI148" one) and each object's
indicators as tags (library entries and innovations name them only as tags), so a search
for an indicator is rewritten, at query time, to: tagged with it, or "NI 148" in the text
in either spelling. Nothing about the index changes.

`normalise` marks each code in the text with one token before parsing; `rewrite` turns
that token, once parsed, into the indicator query. Inside quotes a code is written the
way documents write it ("NI 148"), so a phrase still matches the text.
"""


from whoosh import query

from portal.search.codes import MARKER as _TOKEN
from portal.search.codes import NUMBERS, is_code, normalise
from portal.search.results import TEXT_FIELDS


def indicator_query(number: str) -> query.Query:
    """Everything about NI <number>: tagged with it, or naming it in the title or text."""
    subqueries = [query.Term("indicator", f"NI {number}")]
    for fieldname in TEXT_FIELDS:
        subqueries += [query.Phrase(fieldname, ["ni", number]),
                       query.Term(fieldname, f"ni{number}")]
    return query.Or(subqueries)


def _marked(q: query.Query) -> str | None:
    """The indicator number a parsed marker stands for (one Term per text field, ORed)."""
    if isinstance(q, query.Term) and q.fieldname in TEXT_FIELDS:
        match = _TOKEN.fullmatch(q.text)
        return match.group(1) if match else None
    if isinstance(q, query.Or) and q.subqueries:
        numbers = {_marked(sub) for sub in q.subqueries}
        return numbers.pop() if len(numbers) == 1 else None
    return None


def rewrite(q: query.Query) -> query.Query:
    """The parsed query with every indicator marker replaced by its indicator query."""
    number = _marked(q)
    if number is not None:
        return indicator_query(number)
    if q.is_leaf():
        return q
    return q.apply(rewrite)

__all__ = ["NUMBERS", "indicator_query", "is_code", "normalise", "rewrite"]
