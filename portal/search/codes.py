"""National Indicator codes in a search, in every spelling people type (any backend).

"NI 148", "NI148", "ni-148", "NI_148" (and a search that is only "148") all mean NI 148.
`normalise` marks each code in a search with one token ("ni148") before a backend parses
it; each backend then turns that token into its own indicator query (tagged with the
indicator, or naming it in the text in either spelling). Inside quotes a code is written
the way documents write it ("NI 148"), so a phrase still matches the text.
"""

import re

NUMBERS = tuple(str(n) for n in range(143, 151))
# "NI" then optional spaces, hyphens or underscores, then 143 to 150, as whole words.
_CODE = re.compile(r"\bni[\s_\-]*(14[3-9]|150)\b", re.IGNORECASE)
_ONLY_NUMBER = re.compile(r"\s*(14[3-9]|150)\s*")
_QUOTED = re.compile(r'"[^"]*"')
MARKER = re.compile(r"ni(14[3-9]|150)")  # the compact spelling, as analysed


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



def is_code(word: str) -> bool:
    """Whether one word of a search is an indicator code (never a misspelling)."""
    return bool(_CODE.fullmatch(word))
