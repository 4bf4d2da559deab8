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
from collections import Counter
from itertools import chain
from operator import sub
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


def tokens(text: str) -> list[str]:
    """The words of `text`, lower-cased, in order, as Whoosh's tokenizer and lowercase
    filter give them."""
    if isinstance(text, Joined):
        return [word for part in text.parts for word in tokens(part)]
    return _TOKEN.findall(text.lower()) if text.isascii() else [
        t.lower() for t in _TOKEN.findall(text)]


class Joined(str):
    """Texts joined by line breaks, which no word spans, that keeps its parts: the words of
    the whole are the words of each part in turn, so a field that repeats other fields'
    text (`words`: the title and the body) is read from words already found in them."""

    parts: tuple[str, ...]

    def __new__(cls, *parts: str):
        joined = super().__new__(cls, "\n".join(parts))
        joined.parts = parts
        return joined

    def __reduce__(self):
        return (Joined, self.parts)


def remembered(found: dict[str, list[str]]):
    """`tokens`, remembering each text's words in `found`: the bulk builder's for one
    document, whose title and body are read for three fields."""
    def tokens_of(text: str) -> list[str]:
        if isinstance(text, Joined):
            return [word for part in text.parts for word in tokens_of(part)]
        words = found.get(text)
        if words is None:
            words = found[text] = tokens(text)
        return words
    return tokens_of


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

    def words(self, text: str, tokens_of=tokens) -> tuple[list[str], int]:
        """The analysed words in order, and the position of the first one. `tokens_of` gives
        the text's words (the bulk builder's remembers them: see `remembered`)."""
        tokens = tokens_of(text)
        if not self.stemmed:
            return tokens, 0
        first = 0  # Whoosh's StopFilter keeps the first word's position and counts on from there
        while first < len(tokens) and (len(tokens[first]) < 2 or tokens[first] in _STOPS):
            first += 1
        kept = [word for word in tokens if len(word) > 1 and word not in _STOPS]
        stems = list(map(_STEMS.get, kept))
        if None in stems:
            stems = [stem or _stemmed(word) for word, stem in zip(kept, stems, strict=True)]
        return stems, first

    def positions(self, text: str) -> dict[str, list[int]]:
        """Each word's positions, as the chain would record them."""
        return _positions(*self.words(text))


def _positions(words: list[str], first: int) -> dict[str, list[int]]:
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
    deltas = list(map(sub, positions, chain((0,), positions)))  # the first, then the gaps
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

    def postings_into(self, value: str, terms: dict, docnum: int,
                      tokens_of=tokens) -> int | None:
        """Append this document's postings, (docnum, weight, encoded value), to `terms`
        (keyed by word) for the bulk builder, as index() would give them; return the field's
        length. None when this field cannot (the builder then calls index()). `tokens_of`
        gives a text's words (see `remembered`)."""
        analyzer, fmt = self.analyzer, self.format
        if not isinstance(analyzer, PortalAnalyzer) or not isinstance(value, str):
            return None
        boost = fmt.field_boost
        if type(fmt) is Frequency:
            words, _ = analyzer.words(value, tokens_of)
            for word, count in Counter(words).items():
                terms[word].append((docnum, count * boost, pack_uint(count)))
            return len(words)
        if type(fmt) is not Positions:
            return None
        words, first = analyzer.words(value, tokens_of)
        found = _positions(words, first)
        single = _SINGLE
        for word, positions in found.items():
            if len(positions) == 1:
                encoded = single.get(positions[0]) or _encode_positions(positions)
                terms[word].append((docnum, boost, encoded))
            else:
                terms[word].append((docnum, len(positions) * boost,
                                    _encode_positions(positions)))
        return len(words)
