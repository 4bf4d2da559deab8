"""Turning text into indexed words: porter2 stems with positions, analysed in one pass.

Whoosh analyses text through a chain of generators (tokenizer, lowercase, stop words,
stemmer) that hands one Token object down the chain for every word; when indexing that
chain was most of the cost. `PortalAnalyzer` is that same chain (queries, highlighting
and saved alerts still use it, token by token), plus `positions()`, which gives the
same words at the same positions from one regular-expression pass and a stem cache.
`PortalText` is a TEXT field that indexes through `positions()`. A test checks that the
two paths agree word for word and position for position.
"""

import re
from pickle import dumps

from whoosh.analysis import (
    STOP_WORDS,
    CompositeAnalyzer,
    LowercaseFilter,
    RegexTokenizer,
    StemmingAnalyzer,
)
from whoosh.fields import TEXT
from whoosh.formats import Frequency, Positions
from whoosh.lang.porter2 import stem
from whoosh.system import pack_uint

# Whoosh's default token pattern, without its capturing group so that findall() returns
# whole matches: the same tokens as RegexTokenizer.
_TOKEN = re.compile(r"\w+(?:\.?\w+)*", re.UNICODE)
_STOPS = frozenset(STOP_WORDS)
_STEMS: dict[str, str] = {}
_STEM_CACHE_LIMIT = 500_000


def _stemmed(word: str) -> str:
    found = _STEMS.get(word)
    if found is None:
        if len(_STEMS) >= _STEM_CACHE_LIMIT:
            _STEMS.clear()
        found = _STEMS[word] = stem(word)
    return found


class PortalAnalyzer(CompositeAnalyzer):
    """Whoosh's StemmingAnalyzer with porter2 (or, unstemmed, tokenizer and lowercase only),
    with a one-pass `positions()` for indexing."""

    def __init__(self, stemmed: bool = True):
        if stemmed:
            chain = StemmingAnalyzer(stemfn=stem, cachesize=200_000)
        else:
            chain = RegexTokenizer() | LowercaseFilter()
        super().__init__(*chain.items)
        self.stemmed = stemmed

    def words(self, text: str) -> tuple[list[str], int]:
        """The analysed words in order, and the position of the first one."""
        tokens = _TOKEN.findall(text.lower()) if text.isascii() else [
            t.lower() for t in _TOKEN.findall(text)]
        if not self.stemmed:
            return tokens, 0
        first = 0
        kept = []
        for word in tokens:
            if len(word) < 2 or word in _STOPS:
                if not kept:
                    first += 1
                continue
            kept.append(_STEMS.get(word) or _stemmed(word))
        # Whoosh's StopFilter keeps the first word's position and counts on from there.
        return kept, first

    def positions(self, text: str) -> dict[str, list[int]]:
        """Each word's positions, as the chain would record them."""
        words, first = self.words(text)
        found: dict[str, list[int]] = {}
        for pos, word in enumerate(words, first):
            if word in found:
                found[word].append(pos)
            else:
                found[word] = [pos]
        return found


_ONE = pack_uint(1)
_SINGLE: dict[int, bytes] = {}  # most words occur once in a document: encode each position once


def _encode_positions(positions: list[int]) -> bytes:
    """Whoosh's Positions.encode: a count, then the pickled gaps between positions."""
    if len(positions) == 1:
        pos = positions[0]
        found = _SINGLE.get(pos)
        if found is None:
            found = _SINGLE[pos] = _ONE + dumps([pos], 2)
        return found
    deltas = [positions[0]]
    deltas.extend(b - a for a, b in zip(positions, positions[1:], strict=False))
    return pack_uint(len(deltas)) + dumps(deltas, 2)


class PortalText(TEXT):
    """A TEXT field that indexes through PortalAnalyzer.positions(): the same postings."""

    def index(self, value, **kwargs):
        analyzer, fmt = self.analyzer, self.format
        if kwargs or not isinstance(analyzer, PortalAnalyzer) or not isinstance(value, str):
            return super().index(value, **kwargs)
        boost = fmt.field_boost
        found = analyzer.positions(value)
        if type(fmt) is Positions:
            return [(word.encode("utf-8"), len(p), len(p) * boost, _encode_positions(p))
                    for word, p in found.items()]
        if type(fmt) is Frequency:
            return [(word.encode("utf-8"), len(p), len(p) * boost, pack_uint(len(p)))
                    for word, p in found.items()]
        return super().index(value, **kwargs)
