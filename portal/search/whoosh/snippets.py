"""Highlighted snippets: Whoosh's context fragments, found without a Token per word.

`whoosh.highlight.highlight()` re-analyses a hit's whole text through the analyser chain
and walks every token through its ContextFragmenter. `snippet()` analyses the text in
one pass (the same words: stop words kept but not stemmed, as the highlighter asks for)
and runs the same fragmenter's rules over plain lists, jumping straight from one matched
word to the next outside a fragment: what the fragmenter keeps from the skipped words is
only where the context before the next match begins. Fragments are then scored, ordered
and formatted by Whoosh's own classes, so the output is the same.
"""

import bisect
import re
from itertools import accumulate

from markupsafe import Markup, escape
from whoosh.analysis import Token
from whoosh.highlight import (
    FIRST,
    BasicFragmentScorer,
    Fragment,
    HtmlFormatter,
    top_fragments,
)

from portal.search.whoosh.analysis import _STOPS, _TOKEN, _stemmed

MAXCHARS, SURROUND, CHARLIMIT = 240, 60, 2**15  # ContextFragmenter(maxchars=240, surround=60)
TOP = 2
_SCORER = BasicFragmentScorer()


_ANALYSED: dict[str, str] = {}  # lowercase word -> as the highlighter's analyser gives it


def _analysed(word: str) -> str:
    found = _ANALYSED.get(word)
    if found is None:
        found = word if len(word) < 2 or word in _STOPS else _stemmed(word)
        if len(_ANALYSED) > 500_000:
            _ANALYSED.clear()
        _ANALYSED[word] = found
    return found


_SPLIT = re.compile(f"({_TOKEN.pattern})", re.UNICODE)  # gaps and tokens, alternately


def _tokens(text: str) -> tuple[list[int], list[int], list[str]]:
    """Each token's start and end in `text`, and its analysed form (C-level passes: the
    lengths of gaps and tokens, added up, give the offsets)."""
    if text.isascii():  # lowercasing keeps every offset
        parts = _SPLIT.split(text.lower())
        words = parts[1::2]
    else:
        parts = _SPLIT.split(text)
        words = [word.lower() for word in parts[1::2]]
    offsets = list(accumulate(map(len, parts)))
    starts, ends = offsets[0:-1:2], offsets[1::2]
    analysed = list(map(_ANALYSED.get, words))
    if None in analysed:
        analysed = [a if a is not None else _analysed(w)
                    for w, a in zip(words, analysed, strict=True)]
    return starts, ends, analysed


def _matched(analysed: list[str], words: frozenset) -> list[int]:
    """Indexes of the tokens that are query words (list.index scans in C)."""
    found = []
    for word in words.intersection(analysed):
        at = -1
        try:
            while True:
                at = analysed.index(word, at + 1)
                found.append(at)
        except ValueError:
            pass
    return sorted(found)


def _match(text: str, start: int, end: int, word: str) -> Token:
    token = Token(chars=True)
    token.text, token.startchar, token.endchar = word, start, end
    token.boost, token.matched = 1.0, True
    return token


def fragments(text: str, words: frozenset) -> list[Fragment]:
    """ContextFragmenter(maxchars=240, surround=60).fragment_tokens(), over lists."""
    starts, ends, analysed = _tokens(text)
    matched = _matched(analysed, words)
    found, i, reset = [], 0, 0  # reset: first token since the last fragment ended
    for k in matched:
        if k < i:
            continue  # already inside the fragment just made
        if ends[k] > CHARLIMIT:
            break
        context = None  # where the unmatched words just before, within SURROUND chars, begin
        if k > reset:
            lo = bisect.bisect_left(starts, ends[k - 1] - SURROUND, reset, k)
            context = starts[lo] if lo < k else None
        i, fragment = _fragment(text, starts, ends, analysed, words, k, context)
        if fragment is not None:
            found.append(fragment)
            reset = i
        if fragment is None or i >= len(starts):
            break
    return found


def _fragment(text, starts, ends, analysed, words, k, context):
    """Run the fragmenter from matched token k; return (next token, fragment or None)."""
    countdown, currentlen, tokens, first = -1, 0, [], None
    n = len(starts)
    i = k
    while i < n:
        start, end = starts[i], ends[i]
        length = end - start
        if end > CHARLIMIT:
            return n, (Fragment(text, tokens, first, end) if tokens else None)
        is_match = analysed[i] in words
        if currentlen + length > MAXCHARS:
            countdown = 0
        elif is_match:
            countdown = SURROUND
            if first is None:
                first = context
                if first is None:
                    first = start
                    countdown += SURROUND
            tokens.append(_match(text, start, end, analysed[i]))
        currentlen += length
        countdown -= length
        i += 1
        if countdown <= 0:
            return i, Fragment(text, tokens, first, end)
    return n, (Fragment(text, tokens, first, ends[n - 1]) if tokens else None)


def snippet(text: str, words: frozenset) -> Markup:
    """The best two fragments with the query's words marked, or the start of the text."""
    best = top_fragments(fragments(text, words), TOP, _SCORER, FIRST) if words else []
    # A formatter per snippet: it numbers the terms it has seen (class "term0", "term1"),
    # and a shared one kept every term of every query (the classes then meant nothing).
    formatter = HtmlFormatter(tagname="mark", classname="portal-search-match", between=" … ")
    marked = formatter(text, best) if best else ""
    if marked:
        return Markup(marked)  # HtmlFormatter escapes the text around the marks
    short = text if len(text) <= 240 else text[:240].rsplit(" ", 1)[0] + " …"
    return escape(short)
