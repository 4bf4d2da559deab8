"""Relevance for the page's hits: BM25F over the matching set, from cached term scores.

Whoosh ranks by walking every match through a tree of matchers, one posting at a time;
with common words that was most of a query's cost. Here each term's BM25F score in every
document that holds it is worked out once per searcher, from the posting blocks and the
field-length column, with Whoosh's own formula and statistics (idf, average field length,
field lengths as stored in one byte), and cached. A query's score for a document is the
sum of its terms' scores, as Whoosh's And and Or matchers add up their children's. Only
plain words joined by AND and OR take this path; phrases, NOT and anything else are
ranked by Whoosh itself.
"""

import heapq
import sys
from array import array

from whoosh import query
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher
from whoosh.columns import NumericColumn
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

from portal.search.results import TEXT_FIELDS

B, K1 = 0.75, 1.2  # Whoosh's BM25F defaults, which the searcher uses
_LENGTH_OF_BYTE = [byte_to_length(b) if b else 1 for b in range(256)]


def terms(q: query.Query) -> list[tuple[str, str]] | None:
    """The (field, text) of every scoring term, or None when the query needs Whoosh."""
    if q.boost != 1.0:
        return None
    if isinstance(q, query.Term):
        return [(q.fieldname, q.text)] if q.fieldname in TEXT_FIELDS else None
    if isinstance(q, query.Or) and (q.scale or q.minmatch):
        return None
    if type(q) in (query.And, query.Or):
        found = []
        for sub in q.subqueries:
            part = terms(sub)
            if part is None:
                return None
            found.extend(part)
        return found
    return None


def field_lengths(searcher, fieldname: str) -> list[int]:
    """Each document's length in the field, as Whoosh's scorer reads it (1 when missing)."""
    reader = searcher.reader()
    lengths: list[int] = []
    for leaf, offset in reader.leaf_readers():
        count = leaf.doc_count_all()
        lengths.extend([1] * (offset - len(lengths)))
        perdoc = getattr(leaf, "_perdoc", None)  # an empty index has no segment reader
        column = perdoc and perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
        if column is None:
            lengths.extend([1] * count)
            continue
        stored = min(column._count, count)
        raw = column._dbfile.get(column._basepos, stored) if stored else b""
        lengths.extend(_LENGTH_OF_BYTE[b] for b in raw)
        lengths.extend([1] * (count - stored))
    return lengths


def term_scores(searcher, lengths: list[int], fieldname: str, text: str) -> dict[int, float]:
    """The term's BM25F score in each document that holds it."""
    idf = searcher.idf(fieldname, text)
    avgfl = searcher.avg_field_length(fieldname) or 1
    btext = text.encode("utf-8") if isinstance(text, str) else text
    scores: dict[int, float] = {}
    for leaf, offset in searcher.reader().leaf_readers():
        try:
            matcher = leaf.postings(fieldname, btext)
        except TermNotFound:
            continue
        while not isinstance(matcher, W3LeafMatcher):  # deletions wrap it in a filter;
            matcher = matcher.child  # deleted documents are never in the matching set
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            for docnum, weight in zip(matcher._ids, matcher._weights, strict=True):
                docnum += offset
                # whoosh.scoring.bm25(), written out (same operations, same order)
                scores[docnum] = idf * ((weight * (K1 + 1)) / (
                    weight + K1 * ((1 - B) + B * lengths[docnum] / avgfl)))
            matcher._next_block()
    return scores


def top(scores: list[dict[int, float]], docs, limit: int,
        matched=None) -> list[tuple[int, float]]:
    """The `limit` best documents of `docs` by summed score; ties go to the earlier document,
    as in Whoosh's collector. With `matched` (how many of the search's words a document
    has), documents with more words come first, then by score."""
    def total(docnum: int) -> float:
        score = 0.0
        for by_doc in scores:
            score += by_doc.get(docnum, 0.0)
        return score

    if matched is not None:
        best = heapq.nsmallest(limit, ((-matched(d), -total(d), d) for d in docs))
        return [(d, -negative) for _words, negative, d in best]
    best = heapq.nsmallest(limit, ((-total(d), d) for d in docs))
    return [(d, -negative) for negative, d in best]


# ---- Sets of documents, read a block at a time (for the searcher's caches) ----------------

def posting_ids(reader, fieldname: str, text: str) -> frozenset:
    """Every document number in the term's posting lists, deleted ones included."""
    btext = text.encode("utf-8") if isinstance(text, str) else text
    ids: set[int] = set()
    for leaf, offset in reader.leaf_readers():
        try:
            matcher = leaf.postings(fieldname, btext)
        except TermNotFound:
            continue
        while not isinstance(matcher, W3LeafMatcher):
            matcher = matcher.child
        while matcher.is_active():
            matcher._read_ids()
            ids.update(map(offset.__add__, matcher._ids) if offset else matcher._ids)
            matcher._next_block()
    return frozenset(ids)


def live_docs(reader) -> frozenset:
    """The numbers of the documents not deleted."""
    docs: set[int] = set()
    for leaf, offset in reader.leaf_readers():
        if getattr(leaf, "has_deletions", lambda: True)():
            docs.update(offset + d for d in leaf.all_doc_ids())
        else:
            docs.update(range(offset, offset + leaf.doc_count_all()))
    return frozenset(docs)


def numeric_column(reader, fieldname: str) -> list:
    """A sortable numeric field's raw values by document number, read a segment at a time."""
    values: list = []
    for leaf, offset in reader.leaf_readers():
        values.extend([None] * (offset - len(values)))
        column = leaf.column_reader(fieldname, translate=False) if leaf.has_column(
            fieldname) else None
        count = leaf.doc_count_all()
        if not isinstance(column, NumericColumn.Reader):
            values.extend(column if column is not None else [None] * count)
            continue
        stored = min(column._count, count)
        numbers = array(column._typecode)
        numbers.frombytes(column._dbfile.get(column._basepos, stored * column._fixedlen))
        if sys.byteorder == "little":  # stored in network order
            numbers.byteswap()
        values.extend(numbers)
        values.extend([column._default] * (count - stored))
    return values
