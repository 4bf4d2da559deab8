"""Answering a search: parse, match, filter, count facets, sort, page, highlight, suggest.

Query cost in Whoosh grows with the number of matching documents, so the expensive
parts avoid walking matches in Python: the set of matching documents is built from
posting lists as Python sets (intersections and unions run in C), facet counts are
set intersections with one cached set per facet value, the total is the size of the
set, sorting by a field reads cached columns, and only the page's hits are scored
(Whoosh's block-skipping top-N collector) and highlighted (by re-analysing their text,
not by recording matched terms for every match). Caches live with each searcher and
are dropped when the index changes.
"""

import bisect
import heapq
import re
import threading
from collections import OrderedDict
from datetime import UTC, datetime
from functools import reduce

from flask import current_app
from whoosh import qparser, query

from portal import clock
from portal.search import registry
from portal.search.results import (
    FACET_FIELDS,
    FILTERS,
    NO_WORDS,
    NOT_READY,
    TEXT_FIELDS,
    UNCLOSED_QUOTE,
    Hit,
    KindMatches,
    SearchRequest,
    SearchResults,
    clean_query,
    worth_suggesting,
)
from portal.search.whoosh import indicators, scoring
from portal.search.whoosh.index import ANALYZER, SCHEMA, open_index
from portal.search.whoosh.snippets import snippet

_WORD = re.compile(r"\w+")
_OPERATORS = {"and", "or", "not", "andnot", "andmaybe"}


# ---- Searchers and their caches --------------------------------------------------------------

class _Cached:
    """One searcher and everything derived from it, per thread (Whoosh searchers are not shared)."""

    def __init__(self, directory: str, searcher):
        self.directory = directory
        self.searcher = searcher
        self.reader = searcher.reader()
        self.all_docs = scoring.live_docs(self.reader)
        self._terms: OrderedDict = OrderedDict()
        self._facets: dict[str, dict[str, frozenset]] = {}
        self._columns: dict[str, list] = {}
        self._closing: list | None = None
        self._status: tuple | None = None
        self._lengths: dict[str, list[int]] = {}
        self._scores: OrderedDict = OrderedDict()
        self._object_ids: dict[int, int] = {}

    def term_docs(self, fieldname: str, text: str) -> frozenset:
        key = (fieldname, text)
        if key in self._terms:
            self._terms.move_to_end(key)
            return self._terms[key]
        docs = scoring.posting_ids(self.reader, fieldname, text) & self.all_docs
        self._terms[key] = docs
        if len(self._terms) > 5000:
            self._terms.popitem(last=False)
        return docs

    def term_scores(self, fieldname: str, text: str) -> dict[int, float]:
        """The term's BM25F score in each document holding it (see scoring.py)."""
        key = (fieldname, text)
        if key in self._scores:
            self._scores.move_to_end(key)
            return self._scores[key]
        if fieldname not in self._lengths:
            self._lengths[fieldname] = scoring.field_lengths(self.searcher, fieldname)
        scores = scoring.term_scores(self.searcher, self._lengths[fieldname], fieldname, text)
        self._scores[key] = scores
        if len(self._scores) > 2000:
            self._scores.popitem(last=False)
        return scores

    def object_id(self, docnum: int) -> int:
        """The id of the object a document stands for (read once per searcher)."""
        if docnum not in self._object_ids:
            self._object_ids[docnum] = self.searcher.stored_fields(docnum)["object_id"]
        return self._object_ids[docnum]

    def facet(self, fieldname: str) -> dict[str, frozenset]:
        if fieldname not in self._facets:
            self._facets[fieldname] = {
                value: self.term_docs(fieldname, value)
                for value in self.reader.field_terms(fieldname)
            }
        return self._facets[fieldname]

    def column(self, fieldname: str) -> list[int]:
        """A sortable field's raw values by document number (0 where a document has none)."""
        if fieldname not in self._columns:
            if self.reader.has_column(fieldname):
                missing = SCHEMA[fieldname].column_type._default
                values = [0 if v == missing or v is None else v
                          for v in scoring.numeric_column(self.reader, fieldname)]
            else:
                values = [0] * self.reader.doc_count_all()
            self._columns[fieldname] = values
        return self._columns[fieldname]

    def _closing_list(self) -> list[tuple[int, int]]:
        if self._closing is None:
            closes = self.column("closes_at")
            self._closing = sorted((v, d) for d, v in enumerate(closes)
                                   if v and d in self.all_docs)
        return self._closing

    def open_docs(self, now: int) -> frozenset:
        return self._open_and_closed(now)[0]

    def closed_docs(self, now: int) -> frozenset:
        return self._open_and_closed(now)[1]

    def _open_and_closed(self, now: int) -> tuple[frozenset, frozenset]:
        """Kept until the clock passes the next closing time."""
        closing = self._closing_list()
        cut = bisect.bisect_right(closing, (now, float("inf")))
        if self._status is None or self._status[0] != cut:
            self._status = (cut, frozenset(d for _, d in closing[cut:]),
                            frozenset(d for _, d in closing[:cut]))
        return self._status[1:]


_local = threading.local()


def _cached() -> _Cached:
    directory = current_app.config["SEARCH_INDEX_DIR"]
    state = getattr(_local, "state", None)
    if state is None or state.directory != directory:
        if state is not None:
            state.searcher.close()
        state = _Cached(directory, open_index().searcher())
    elif not state.searcher.up_to_date():
        state.searcher.close()
        state = _Cached(directory, open_index().searcher())
    _local.state = state
    return state


# ---- Parsing ---------------------------------------------------------------------------------

def _parser() -> qparser.QueryParser:
    parser = qparser.MultifieldParser(list(TEXT_FIELDS), SCHEMA, group=qparser.AndGroup)
    # People type words, quotes and AND/OR/NOT; no field names, wildcards or ranges.
    for plugin in (qparser.FieldsPlugin, qparser.WildcardPlugin, qparser.RangePlugin,
                   qparser.BoostPlugin):
        parser.remove_plugin_class(plugin)
    return parser


_PARSER = _parser()


_PLAIN = re.compile(r"[A-Za-z0-9 ]+")  # words and spaces only: no quotes, symbols or hyphens


def _plain_words(text: str) -> query.Query | None:
    """What the parser makes of plain words, built directly (the parser costs more than the
    rest of a rare-word search): each word's stem in the title or the body, all ANDed.
    None when the text needs the parser: quotes, operators, punctuation."""
    if not _PLAIN.fullmatch(text):
        return None
    words = text.split()
    if any(word.lower() in _OPERATORS for word in words):
        return None
    groups = []
    for word in words:
        stems = [token.text for token in ANALYZER(word, mode="query")]
        if len(stems) > 1:
            return None
        if stems:
            groups.append(query.Or([query.Term(name, stems[0]) for name in TEXT_FIELDS]))
    return query.And(groups).normalize()


def _loose_words(text: str) -> list[query.Query] | None:
    """Each word's query, for a search of two or more plain words (no quotes, no operators):
    the search page finds the documents with any of them and lists those with all of them
    first, then those with most. None for anything else: phrases and operators are strict."""
    plain = _plain_words(indicators.normalise(text))
    if not isinstance(plain, query.And) or len(plain.subqueries) < 2:
        return None
    return [indicators.rewrite(sub) for sub in plain.subqueries]


_MINUS = re.compile(r"(^|\s)-(?=\w)")  # "-word": not "care-leavers"
_QUOTED = re.compile(r'("[^"]*")')


def _minus_as_not(text: str) -> str:
    """"-hostel" as "NOT hostel" (outside quotes), so that the parser's NOT handles it."""
    parts = _QUOTED.split(text)
    parts[::2] = [_MINUS.sub(r"\1NOT ", part) for part in parts[::2]]
    return "".join(parts)


def _parse(text: str) -> query.Query:
    text = _minus_as_not(indicators.normalise(text))
    plain = _plain_words(text)
    if plain is None:
        try:
            plain = _PARSER.parse(text)
        except Exception:  # anything the parser chokes on is searched as plain words
            plain = _PARSER.parse(" ".join(_WORD.findall(text)))
    return indicators.rewrite(plain.normalize())


# ---- Matching --------------------------------------------------------------------------------

def _docset(q: query.Query, state: _Cached) -> frozenset:
    if isinstance(q, query.Term):
        return state.term_docs(q.fieldname, q.text)
    if isinstance(q, query.Every):
        return state.all_docs
    if isinstance(q, query.NullQuery.__class__):
        return frozenset()
    if isinstance(q, query.Not):
        return state.all_docs - _docset(q.query, state)
    if isinstance(q, query.AndNot):
        return _docset(q.a, state) - _docset(q.b, state)
    if isinstance(q, query.And):
        parts = sorted((_docset(sub, state) for sub in q.subqueries), key=len)
        return reduce(frozenset.intersection, parts) if parts else frozenset()
    if isinstance(q, query.Or):
        return frozenset().union(*(_docset(sub, state) for sub in q.subqueries))
    # Phrases and anything else: let Whoosh walk the (already narrow) matches.
    return frozenset(q.docs(state.searcher)) & state.all_docs


def _filter_docs(filters: dict[str, list[str]], state: _Cached, now: int,
                 ) -> frozenset | None:
    """Documents allowed by the filters: values within one facet are ORed, facets ANDed."""
    allowed = None
    for name, values in filters.items():
        if name == "status":
            docs = frozenset()
            if "open" in values:
                docs |= state.open_docs(now)
            if "closed" in values:
                docs |= state.closed_docs(now)
        else:
            by_value = state.facet(name)
            docs = frozenset().union(*(by_value.get(v, frozenset()) for v in values))
        allowed = docs if allowed is None else allowed & docs
    return allowed


def _facet_counts(docs: frozenset, state: _Cached, now: int) -> dict[str, dict[str, int]]:
    counts = {}
    for name in FACET_FIELDS:
        values = {value: len(docs & members) for value, members in state.facet(name).items()}
        counts[name] = {value: n for value, n in sorted(values.items()) if n}
    status = {"open": len(docs & state.open_docs(now)),
              "closed": len(docs & state.closed_docs(now))}
    counts["status"] = {value: n for value, n in status.items() if n}
    return counts


def _ranked(q, docs: frozenset, sort: str, state: _Cached, limit: int, now: int,
            filtered: bool, groups: list | None = None,
            exact: list[str] | None = None) -> list[tuple[int, float | None]]:
    """The first `limit` documents in the chosen order, with scores when ranked by relevance.
    With `groups` (loose words), documents matching more of them come first. `exact` (plain
    words as typed) adds each word's score in the unstemmed `words` field: "employment"
    outranks "employing" for a search for "employment"."""
    if not docs:
        return []
    if sort == "relevance" and not isinstance(q, query.Every):
        matched = None
        if groups:
            sets = [_docset(group, state) for group in groups]
            matched = lambda d: sum(d in found for found in sets)  # noqa: E731
        terms = scoring.terms(q)
        if terms is not None:  # plain words: sum cached term scores over the matches
            scores = [state.term_scores(fieldname, text) for fieldname, text in terms]
            scores += [state.term_scores("words", word) for word in exact or ()]
            if not groups:
                return scoring.top(scores, docs, limit)
            # Those with every word first: often a page's worth, and then the rest (any
            # but not all, by how many) need not be scored at all.
            every = reduce(frozenset.intersection, sorted(sets, key=len)) & docs
            first = scoring.top(scores, every, limit)
            if len(first) == limit:
                return first
            return first + scoring.top(scores, docs - every, limit - len(first), matched)
        results = state.searcher.search(q, limit=None if matched else limit,
                                        filter=set(docs) if filtered else None)
        ranked = [(hit.docnum, hit.score) for hit in results]
        if matched:
            ranked = sorted(ranked, key=lambda hit: -matched(hit[0]))[:limit]  # stable
        return ranked
    published = state.column("published_at")
    if sort == "improvement":
        rank = state.column("improvement_rank")
        key = lambda d: (-rank[d], -published[d])  # noqa: E731  (no improvement: 0, last)
    elif sort == "closing":
        closes = state.column("closes_at")
        key = lambda d: (  # noqa: E731  (open ones first, soonest first; then newest)
            (0, closes[d]) if closes[d] > now else (1, -published[d]))
    else:
        key = lambda d: -published[d]  # noqa: E731
    return [(d, None) for d in heapq.nsmallest(limit, docs, key=key)]


# ---- Presenting ------------------------------------------------------------------------------

def _hit(docnum: int, score, state: _Cached, words: frozenset) -> Hit:
    stored = state.searcher.stored_fields(docnum)
    kind = registry.get(stored["kind"])
    object_id = stored["object_id"]
    return Hit(
        kind=stored["kind"],
        id=object_id,
        title=stored["title"],
        url=kind.url(object_id) if kind else None,
        snippet=snippet(stored.get("body", ""), words),
        score=round(score, 3) if score is not None else None,
        published_at=_aware(stored.get("published_at")),
        closes_at=_aware(stored.get("closes_at")),
        improvement=stored.get("improvement"),
    )


def _aware(value):
    return value.replace(tzinfo=UTC) if isinstance(value, datetime) else value


def _suggest(text: str, state: _Cached) -> str | None:
    """The query with each unknown word replaced by the closest known one, if any."""
    corrector = None
    replaced = text
    changed = False
    for word in dict.fromkeys(w.lower() for w in _WORD.findall(text)):
        if word in _OPERATORS or word.isdigit() or len(word) < 3 or indicators.is_code(word):
            continue
        if ("words", word) in state.reader:
            continue
        corrector = corrector or state.searcher.corrector("words")
        for distance in (1, 2):  # the nearest word wins; among equals, the commonest
            suggestions = corrector.suggest(word, limit=1, maxdist=distance, prefix=1)
            if suggestions:
                replaced = re.sub(rf"\b{re.escape(word)}\b", suggestions[0], replaced,
                                  flags=re.I)
                changed = True
                break
    return replaced if changed else None


def _understood(text: str) -> tuple[str, query.Query | None, str | None]:
    """The cleaned text, the query it makes (Every for no text, None when the text has no
    words to look for) and the message to show about it, if any."""
    text, message = clean_query(text)
    if not text:
        return text, query.Every(), message
    q = _parse(text)
    if q is query.NullQuery:
        return text, None, NO_WORDS
    if text.count('"') % 2:
        message = UNCLOSED_QUOTE
    return text, q, message


def _now() -> int:
    return SCHEMA["closes_at"].to_column_value(clock.now().astimezone(UTC).replace(tzinfo=None))


def run(request: SearchRequest) -> SearchResults:
    """Everything public that matches `request`, with facet counts and a suggestion."""
    result = SearchResults(request=request, per_page=request.per_page)
    text, q, result.message = _understood(request.query)
    request.query = text
    if q is None:
        result.facets = {name: {} for name in FILTERS}
        return result
    state = _cached()
    if not state.all_docs and registry.public_count():  # a new host, before `search sync`
        result.message = NOT_READY
        result.facets = {name: {} for name in FILTERS}
        return result
    now = _now()
    groups = _loose_words(text) if text else None
    if groups:
        q = query.Or(groups)
    matches = _docset(q, state)
    allowed = _filter_docs(request.filters, state, now)
    docs = matches if allowed is None else matches & allowed
    result.total = len(docs)
    result.facets = _facet_counts(docs, state, now)
    limit = request.page * request.per_page
    exact = text.lower().split() if _PLAIN.fullmatch(text or "-") else None
    ranked = _ranked(q, docs, request.sort, state, limit, now, filtered=allowed is not None,
                     groups=groups, exact=exact)
    words = frozenset(t.decode() if isinstance(t, bytes) else t
                      for f, t in q.iter_all_terms() if f in ("title", "body"))
    result.hits = [_hit(d, s, state, words) for d, s in ranked[limit - request.per_page:]]
    if text:
        suggestion = _suggest(text, state)
        if suggestion is not None:
            loose = _loose_words(suggestion)
            would_find = _docset(query.Or(loose) if loose else _parse(suggestion), state)
            if allowed is not None:
                would_find &= allowed
            if worth_suggesting(result.total, len(would_find)):
                result.suggestion = suggestion
    return result


def parse_text(text: str) -> query.Query | None:
    """A query as the search page reads it (None when it has no words): saved alerts
    match new items with exactly the search page's meaning."""
    text, _ = clean_query(text)
    if not text:
        return None
    parsed = _parse(text)
    return None if parsed is query.NullQuery else parsed


def match_kind(text: str, kind: str) -> KindMatches:
    """The ids of every public `kind` object matching `text`, ranked as the search page ranks
    them, with the search page's message for odd input. Empty text matches nothing: callers
    leave the words out rather than ask."""
    text, q, message = _understood(text)
    found = KindMatches(query=text, message=message)
    if not text or q is None:
        return found
    state = _cached()
    docs = _docset(q, state) & state.facet("kind").get(kind, frozenset())
    ranked = _ranked(q, docs, "relevance", state, len(docs), _now(), filtered=True)
    found.ids = [state.object_id(docnum) for docnum, _score in ranked]
    return found
