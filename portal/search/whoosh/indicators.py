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

import re

from whoosh import query

from portal.search.results import TEXT_FIELDS

NUMBERS = tuple(str(n) for n in range(143, 151))
# "NI" then optional spaces, hyphens or underscores, then 143 to 150, as whole words.
_CODE = re.compile(r"\bni[\s_\-]*(14[3-9]|150)\b", re.IGNORECASE)
_ONLY_NUMBER = re.compile(r"\s*(14[3-9]|150)\s*")
_QUOTED = re.compile(r'"[^"]*"')
_TOKEN = re.compile(r"ni(14[3-9]|150)")  # the marker: the compact spelling, as analysed


def normalise(text: str) -> str:
    """The text with each indicator code written as one token ("ni148"), or as "NI 148"
    inside a quoted phrase of several words. A search that is only a number from 143 to
    150 means that indicator (the indicator pages read "148" the same way)."""
    only = _ONLY_NUMBER.fullmatch(text)
    if only:
        return f"ni{only.group(1)}"

    def quoted(match: re.Match) -> str:
        inner = match.group(0)[1:-1]
        code = _CODE.fullmatch(inner.strip())
        if code:  # a quoted code alone is the code
            return f" ni{code.group(1)} "
        return '"' + _CODE.sub(lambda m: f"NI {m.group(1)}", inner) + '"'

    parts, last = [], 0
    for match in _QUOTED.finditer(text):
        parts.append(_CODE.sub(lambda m: f"ni{m.group(1)}", text[last:match.start()]))
        parts.append(quoted(match))
        last = match.end()
    parts.append(_CODE.sub(lambda m: f"ni{m.group(1)}", text[last:]))
    return "".join(parts)


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


def is_code(word: str) -> bool:
    """Whether one word of a search is an indicator code (never a misspelling)."""
    return bool(_CODE.fullmatch(word))
