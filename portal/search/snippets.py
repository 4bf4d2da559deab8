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

from markupsafe import Markup, escape
from whoosh.analysis import Token
from whoosh.highlight import (
    FIRST,
    BasicFragmentScorer,
    Fragment,
    HtmlFormatter,
    top_fragments,
)

from portal.search.analysis import _STEMS, _STOPS, _TOKEN, _stemmed

MAXCHARS, SURROUND, CHARLIMIT = 240, 60, 2**15  # ContextFragmenter(maxchars=240, surround=60)
TOP = 2
_SCORER = BasicFragmentScorer()


def _analysed(word: str) -> str:
    word = word.lower()
    if len(word) < 2 or word in _STOPS:
        return word
    return _STEMS.get(word) or _stemmed(word)


def _match(text: str, start: int, end: int, word: str) -> Token:
    token = Token(chars=True)
    token.text, token.startchar, token.endchar = word, start, end
    token.boost, token.matched = 1.0, True
    return token


def fragments(text: str, words: frozenset) -> list[Fragment]:
    """ContextFragmenter(maxchars=240, surround=60).fragment_tokens(), over lists."""
    spans = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    analysed = [_analysed(word) for _, _, word in spans]
    matched = [i for i, word in enumerate(analysed) if word in words]
    starts = [s for s, _, _ in spans]
    found, i, reset = [], 0, 0  # reset: first token since the last fragment ended
    for k in matched:
        if k < i:
            continue  # already inside the fragment just made
        if spans[k][1] > CHARLIMIT:
            break
        context = None  # where the unmatched words just before, within SURROUND chars, begin
        if k > reset:
            lo = bisect.bisect_left(starts, spans[k - 1][1] - SURROUND, reset, k)
            context = starts[lo] if lo < k else None
        i, fragment = _fragment(text, spans, analysed, words, k, context)
        if fragment is not None:
            found.append(fragment)
            reset = i
        if fragment is None or i >= len(spans):
            break
    return found


def _fragment(text, spans, analysed, words, k, context):
    """Run the fragmenter from matched token k; return (next token, fragment or None)."""
    countdown, currentlen, tokens, first = -1, 0, [], None
    n = len(spans)
    i = k
    while i < n:
        start, end, _ = spans[i]
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
    return n, (Fragment(text, tokens, first, spans[n - 1][1]) if tokens else None)


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
