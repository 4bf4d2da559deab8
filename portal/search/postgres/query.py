"""Answering a search in SQL: match, filter, count facets, sort, page, highlight, suggest.

A search's tree (parse.py) becomes one `tsquery`: each word or phrase is analysed by
PostgreSQL itself (`plainto_tsquery`, `phraseto_tsquery`: the same stems as the stored
text; stop words drop out) in one round trip, and the tree's AND, OR and NOT join the
results. Users' text never reaches tsquery syntax unanalysed. An indicator code becomes
`'ni148' | 'ni' <-> '148'`: the tag names of every document tagged NI 148 include "NI148".
The matching rows are counted per facet value in one statement (on a second connection,
at the same time, when the search's transaction has written nothing), and the page is read
in another: every match ranked on the narrow `ranking` vector (title and tag names, kept
in the row), the best PRERANK of them with `ts_rank` over the whole `tsvector` (title A 1.0,
body C 0.3, tags D 0.1), and `ts_headline` for the page's rows only.
"""

import re
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC

from markupsafe import Markup, escape
from sqlalchemy import text as sql

from portal import clock
from portal.extensions import db
from portal.search import registry
from portal.search.codes import is_code
from portal.search.labels import facet_labels
from portal.search.postgres import CONFIG
from portal.search.postgres.parse import Leaf, leaves, loose_words, parse
from portal.search.results import (
    FILTERS,
    NO_WORDS,
    UNCLOSED_QUOTE,
    Hit,
    KindMatches,
    SearchRequest,
    SearchResults,
    clean_query,
    worth_suggesting,
)

WEIGHTS = "{0.1, 0.3, 0.6, 1.0}"  # D (tags), C (body), B, A (title)
_START, _STOP = "\x01", "\x02"  # marks from ts_headline, made into <mark> once escaped
HEADLINE = (f"StartSel={_START}, StopSel={_STOP}, MaxWords=35, MinWords=15, "
            "ShortWord=2, MaxFragments=2, FragmentDelimiter=\" … \"")
_ARRAYS = ("client_group", "outcome", "indicator", "region")
_WORD = re.compile(r"\w+")
_PLAIN_TEXT = re.compile(r"[A-Za-z0-9 ]+")  # plain words: the exact-words bonus applies


# ---- From text to tsquery --------------------------------------------------------------------

def _analysed(found: list[Leaf], known: dict[Leaf, str] | None = None) -> dict[Leaf, str]:
    """Each word or phrase leaf's tsquery as PostgreSQL analyses it ('' for stop words),
    added to `known` (leaves a search already had analysed: one round trip fewer).
    Hyphens are spaces: PostgreSQL reads "care-leavers" as the compound and its parts,
    and a document that writes "care leavers" has only the parts."""
    known = {} if known is None else known
    wanted = [leaf for leaf in dict.fromkeys(found) if leaf.kind != "code" and leaf not in known]
    if not wanted:
        return known
    rows = db.session.execute(sql(f"""
        SELECT CASE WHEN p THEN phraseto_tsquery('{CONFIG}', t)
                    ELSE plainto_tsquery('{CONFIG}', t) END::text
        FROM unnest(CAST(:texts AS text[]), CAST(:phrases AS boolean[])) AS u(t, p)
    """), {"texts": [leaf.text.replace("-", " ") for leaf in wanted],
           "phrases": [leaf.kind == "phrase" for leaf in wanted]}).scalars().all()
    known.update(zip(wanted, rows, strict=True))
    return known


def code_query(number: str) -> str:
    return f"'ni{number}' | 'ni' <-> '{number}'"


def _compile(tree, analysed: dict[Leaf, str]) -> str | None:
    if tree is None:
        return None
    if isinstance(tree, Leaf):
        if tree.kind == "code":
            return code_query(tree.text)
        return analysed.get(tree) or None
    parts = [_compile(child, analysed) for child in tree.children]
    parts = [f"({part})" for part in parts if part]
    if not parts:
        return None
    if tree.op == "not":
        return f"!{parts[0]}"
    return (" & " if tree.op == "and" else " | ").join(parts)


def tsquery(text: str, known: dict[Leaf, str] | None = None) -> str | None:
    """The tsquery of a search's words (None when they hold nothing to look for)."""
    tree = parse(text)
    return _compile(tree, _analysed(leaves(tree), known))


def loose_queries(cleaned: str, known: dict[Leaf, str] | None = None) -> list[str] | None:
    """Each word's tsquery when the search page reads the text loosely (two or more plain
    words that are not stop words), else None."""
    found = loose_words(cleaned)
    if not found:
        return None
    analysed = _analysed(found, known)
    queries = [q for q in (_compile(leaf, analysed) for leaf in found) if q]
    return queries if len(queries) > 1 else None


def _understood(raw: str, known: dict[Leaf, str] | None = None
                ) -> tuple[str, str | None, bool, str | None]:
    """The cleaned text, its tsquery, whether it has words to look for, and a message."""
    cleaned, message = clean_query(raw)
    if not cleaned:
        return cleaned, None, True, message
    query = tsquery(cleaned, known)
    if query is None:
        return cleaned, None, False, NO_WORDS
    if cleaned.count('"') % 2:
        message = UNCLOSED_QUOTE
    return cleaned, query, True, message


# ---- Matching --------------------------------------------------------------------------------

def _where(query: str | None, filters: dict[str, list[str]], params: dict) -> str:
    conditions = ["TRUE"]
    if query is not None:
        conditions.append("document @@ CAST(:q AS tsquery)")
        params["q"] = query
    for name, values in filters.items():
        key = f"f_{name}"
        if name == "status":
            wanted = {"open", "closed"} & set(values)
            if wanted == {"open"}:
                conditions.append("closes_at > :now")
            elif wanted == {"closed"}:
                conditions.append("closes_at <= :now")
            elif wanted:
                conditions.append("closes_at IS NOT NULL")
            else:
                conditions.append("FALSE")
        elif name in _ARRAYS:
            conditions.append(f"{name} && CAST(:{key} AS text[])")
            params[key] = list(values)
        elif name in ("kind", "evidence"):
            conditions.append(f"{name} = ANY(CAST(:{key} AS text[]))")
            params[key] = list(values)
    return " AND ".join(conditions)


# Each facet's column, grouped on in turn; an array facet by the whole array.
_GROUPED = {"kind": "kind", "evidence": "evidence", "status": "closes_at > :now",
            **{name: name for name in _ARRAYS}}
_FACETS = (f"SELECT GROUPING({', '.join(_GROUPED)}), {', '.join(_GROUPED)}, count(*) "
           f"FROM (SELECT {', '.join(f'{c} AS {n}' for n, c in _GROUPED.items())} "
           "FROM search_document WHERE {where}) AS found "
           f"GROUP BY GROUPING SETS ((), {', '.join(f'({n})' for n in _GROUPED)})")
# GROUPING() sets a bit for each column a row is not grouped on, the first column's highest:
# which facet each row counts (none: the total).
_EVERY_BIT = (1 << len(_GROUPED)) - 1
_FACET_OF = {_EVERY_BIT ^ (1 << (len(_GROUPED) - 1 - i)): (i, name)
             for i, name in enumerate(_GROUPED)}


def _facets(where: str, params: dict) -> tuple[int, dict[str, dict[str, int]]]:
    """The number of matches and, for each facet, the matches with each value: one pass over
    the matching rows, grouped by each facet's column in turn. An array facet is grouped by
    the whole array (a few dozen distinct arrays), each value's count the sum over the
    arrays holding it: half the cost of a `count(*) FILTER` for each value."""
    return _counted(db.session.execute(sql(_FACETS.format(where=where)), params).all())


def _counted(grouped) -> tuple[int, dict[str, dict[str, int]]]:
    """The total and facet counts from the rows of _FACETS."""
    labels = facet_labels()
    counts: dict[str, dict[str, int]] = {name: {} for name in FILTERS}
    total = 0
    for grouping, *values, count in grouped:
        if grouping == _EVERY_BIT:
            total = count
            continue
        column, name = _FACET_OF[grouping]
        for code in _codes(name, values[column]) & labels[name].keys():
            counts[name][code] = counts[name].get(code, 0) + count
    return total, {name: dict(sorted(found.items())) for name, found in counts.items()}


def _codes(name: str, value) -> set[str]:
    """The facet codes a grouped value stands for."""
    if value is None:
        return set()
    if name == "status":
        return {"open" if value else "closed"}
    return set(value) if name in _ARRAYS else {value}


def _order(sort: str, ranked: bool) -> str:
    if sort == "relevance" and ranked:
        return "rank DESC, published_at DESC NULLS LAST, kind, object_id"
    if sort == "improvement":
        return "improvement DESC NULLS LAST, published_at DESC NULLS LAST, kind, object_id"
    if sort == "closing":
        return ("(closes_at > :now) IS NOT TRUE, CASE WHEN closes_at > :now THEN closes_at END,"
                " published_at DESC NULLS LAST, kind, object_id")
    return "published_at DESC NULLS LAST, kind, object_id"


RERANK = 50  # the best this many by rank are re-ranked: exact words first
PRERANK = 1000  # a ranked page within the best this many by _PRERANK_ORDER: ranked among them
# Ranking every match read each one's whole tsvector from TOAST (most of a common-word
# search's time). `ranking` (migration 0960) is the title's and tag names' part of it, kept
# in the row: every match is ranked on that first, and only the best PRERANK on the whole
# vector. The narrow rank is unnormalised; most matches tie on it (the same tag names, no
# title word), and a tie goes to the shorter body, as the whole rank's normalisation by
# length would have it (octet_length reads the text's header, not the text). A document
# that only its body's words would have lifted from below the best PRERANK is missed: on
# the benchmark's 10,000 documents 105 of 108 first pages are as with one pass (and 710 of
# their 717 results). Pages beyond the best PRERANK are ranked in one pass.
_PRERANK_ORDER = (f"ts_rank('{WEIGHTS}', ranking, CAST(:q AS tsquery), 0) DESC, "
                  "octet_length(body), published_at DESC NULLS LAST, kind, object_id")
# How many of the words as typed (unstemmed: "employment", not "employing") the document
# has, worked out for the re-ranked few only: exact words outrank other forms of a stem.
# The words are letters and digits only (_PLAIN_TEXT), so each is a whole-word pattern as it
# stands; a regular expression finds them ten times faster than parsing the text again.
_EXACT = ("(SELECT count(*) FROM unnest(CAST(:exact_words AS text[])) AS w "
          "WHERE (title || ' ' || body) ~* ('\\m' || w || '\\M'))")

_COLUMNS = "kind, object_id, title, body, published_at, closes_at, improvement"


def _found(where: str, after: str, uses: int, pre_ranked: bool = False) -> str:
    """The FROM and WHERE of a page's rows: those matching `where` (found through the index)
    and then `after`. When a row's tsvector goes to several functions (`uses`: the rank, each
    word's match, `after`), it is read once: PostgreSQL would fetch it from TOAST again for
    each, so the rows carry a copy (`|| ''`) made in a subquery the planner keeps (OFFSET 0).
    `pre_ranked` (for a rank alone): only the best PRERANK by _PRERANK_ORDER, found by their
    rows' addresses alone (sorting every match with its text cost twice as much) and then
    read by address: one statement, one snapshot, so the addresses hold."""
    if pre_ranked and uses == 1 and after == "TRUE":
        return (f"FROM (SELECT {_COLUMNS}, document FROM search_document "
                f"WHERE ctid = ANY(ARRAY(SELECT ctid FROM search_document WHERE {where} "
                f"ORDER BY {_PRERANK_ORDER} LIMIT {PRERANK}))) AS found")
    if uses < 2:
        return f"FROM search_document WHERE {where} AND {after}"
    return (f"FROM (SELECT {_COLUMNS}, "
            f"document || ''::tsvector AS document FROM search_document WHERE {where} "
            f"OFFSET 0) AS found WHERE {after}")


def _page(where: str, params: dict, sort: str, ranked: bool, limit: int, offset: int,
          after: str = "TRUE"):
    if ranked and params.get("exact") and offset + limit <= RERANK:
        return _reranked(where, params, limit, offset, after)
    rank = (f"ts_rank('{WEIGHTS}', document, CAST(:q AS tsquery), 1)" if ranked
            else "NULL::real")
    words = [key for key in params if key.startswith("w_")] if ranked else []
    matched = " + ".join(f"(document @@ CAST(:{key} AS tsquery))::int" for key in words)
    order = _order(sort, ranked)
    if words:  # loose words: those with more of them first
        order = f"matched DESC, {order}"
    headline = (f"ts_headline('{CONFIG}', body, CAST(:q AS tsquery), :headline)"
                if "q" in params else "NULL")
    statement = sql(f"""
        SELECT kind, object_id, title, published_at, closes_at, improvement, rank,
               {headline} AS headline, body
        FROM (SELECT kind, object_id, title, body, published_at, closes_at, improvement,
                     {rank} AS rank, {matched or "0"} AS matched
              {_found(where, after, ranked + len(words) + (after != "TRUE"),
                      pre_ranked=ranked and offset + limit <= PRERANK)}
              ORDER BY {order} LIMIT :limit OFFSET :offset) AS page
        ORDER BY {order}
    """)
    return db.session.execute(statement, {**params, "limit": limit, "offset": offset,
                                          "headline": HEADLINE}).all()


def _reranked(where: str, params: dict, limit: int, offset: int, after: str):
    """A page from the best RERANK by rank, the documents with more of the words exactly as
    typed first, then by rank (and, for loose words, by how many words before all that).
    Pages beyond them follow rank alone."""
    words = [key for key in params if key.startswith("w_")]
    matched = " + ".join(f"(document @@ CAST(:{key} AS tsquery))::int" for key in words)
    first = "matched DESC, " if words else ""
    statement = sql(f"""
        SELECT kind, object_id, title, published_at, closes_at, improvement,
               rank,
               ts_headline('{CONFIG}', body, CAST(:q AS tsquery), :headline) AS headline, body
        FROM (SELECT kind, object_id, title, body, published_at, closes_at, improvement,
                     ts_rank('{WEIGHTS}', document, CAST(:q AS tsquery), 1) AS rank,
                     {matched or "0"} AS matched
              {_found(where, after, 1 + len(words) + (after != "TRUE"),
                      pre_ranked=RERANK <= PRERANK)}
              ORDER BY {first}rank DESC, published_at DESC NULLS LAST, kind, object_id
              LIMIT :window) AS best
        ORDER BY {first}{_EXACT} DESC, rank DESC, published_at DESC NULLS LAST, kind, object_id
        LIMIT :limit OFFSET :offset
    """)
    exact_words = sorted(set(params["exact"].lower().split()))
    return db.session.execute(statement, {**params, "limit": limit, "offset": offset,
                                          "window": RERANK, "headline": HEADLINE,
                                          "exact_words": exact_words}).all()


def _snippet(headline: str | None, body: str) -> Markup:
    """ts_headline's fragments, escaped, with its marks made into <mark>; or the start of
    the text when nothing in it matched."""
    if headline and _START in headline:
        marked = str(escape(headline))
        return Markup(marked.replace(_START, '<mark class="portal-search-match">')
                      .replace(_STOP, "</mark>"))
    short = body if len(body) <= 240 else body[:240].rsplit(" ", 1)[0] + " …"
    return escape(short)


def _hit(row) -> Hit:
    kind = registry.get(row.kind)
    return Hit(
        kind=row.kind, id=row.object_id, title=row.title,
        url=kind.url(row.object_id) if kind else None,
        snippet=_snippet(row.headline, row.body),
        score=round(row.rank, 3) if row.rank is not None else None,
        published_at=_utc(row.published_at), closes_at=_utc(row.closes_at),
        improvement=row.improvement,
    )


def _utc(value):
    return value.astimezone(UTC) if value is not None else None


def _now():
    return clock.now().astimezone(UTC)


_INDEX_SCANS = "SELECT set_config('enable_seqscan', 'off', true)"


@contextmanager
def _index_scans() -> Iterator[bool]:
    """Matching rows found through the GIN index, never by reading every row. The planner
    prefers a sequential scan when words are common (a third of the rows or more), but each
    row's tsvector is kept out of line (TOAST) and fetching them all costs eight times the
    index's bitmap, which answers `@@` exactly. For this transaction's search statements
    only; an error ends the transaction, and the setting with it. Yields whether the
    transaction has written nothing yet (so that another connection sees what it sees)."""
    clean = db.session.execute(sql(f"{_INDEX_SCANS}, txid_current_if_assigned() IS NULL")
                               ).one()[1]
    yield clean
    db.session.execute(sql("SELECT set_config('enable_seqscan', 'on', true)"))


# Facet counts go to a second connection while this one reads the page: the two statements
# are independent, each about half a common search's time, and PostgreSQL runs them on two
# cores at once. Only for a transaction that has written nothing, whose snapshot any new
# connection shares (give or take commits in between, as between a search's pages).
_BESIDE = ThreadPoolExecutor(max_workers=4, thread_name_prefix="search-facets")


def _facets_beside(where: str, params: dict) -> Future:
    """_FACETS' rows, read on a connection of their own in another thread. The page goes on
    adding to its own parameters, so these are a copy."""
    return _BESIDE.submit(_grouped, db.engine, sql(_FACETS.format(where=where)), dict(params))


def _grouped(engine, statement, params: dict) -> list:
    with engine.connect() as connection:
        connection.execute(sql(_INDEX_SCANS))
        return connection.execute(statement, params).all()


def run(request: SearchRequest) -> SearchResults:
    """Everything public that matches `request`, with facet counts and a suggestion."""
    with _index_scans() as clean:
        return _run(request, beside=clean)


def _run(request: SearchRequest, beside: bool = False) -> SearchResults:
    result = SearchResults(request=request, per_page=request.per_page)
    known: dict[Leaf, str] = {}
    cleaned, query, has_words, result.message = _understood(request.query, known)
    request.query = cleaned
    if not has_words:
        result.facets = {name: {} for name in FILTERS}
        return result
    params: dict = {"now": _now()}
    loose = loose_queries(cleaned, known) if cleaned else None
    if loose:
        query = " | ".join(f"({q})" for q in loose)
    where = _where(query, request.filters, params)
    offset = (request.page - 1) * request.per_page
    if beside:
        counting = _facets_beside(where, params)
        result.hits = _hits(request, cleaned, query, loose, where, params, offset)
        result.total, result.facets = _counted(counting.result())
    else:
        result.total, result.facets = _facets(where, params)
        if result.total > offset:
            result.hits = _hits(request, cleaned, query, loose, where, params, offset)
    if cleaned:
        suggestion = suggest(cleaned)
        if suggestion is not None:
            would = {"now": params["now"]}
            loose = loose_queries(suggestion)
            wanted = " | ".join(f"({q})" for q in loose) if loose else tsquery(suggestion)
            would_find = _count(_where(wanted, request.filters, would), would)
            if worth_suggesting(result.total, would_find):
                result.suggestion = suggestion
    return result


def _hits(request: SearchRequest, cleaned: str, query: str | None, loose: list[str] | None,
          where: str, params: dict, offset: int) -> list[Hit]:
    """The page's hits: loose words by relevance in tiers, anything else in one statement."""
    if loose and request.sort == "relevance":
        return [_hit(row) for row in _loose_page(loose, request, offset)]
    ranked = query is not None and request.sort == "relevance"
    if ranked and _PLAIN_TEXT.fullmatch(cleaned):
        params["exact"] = cleaned
    rows = _page(where, params, request.sort, ranked, request.per_page, offset)
    return [_hit(row) for row in rows]


def _loose_page(loose: list[str], request: SearchRequest, offset: int) -> list:
    """A page of loose words by relevance: the documents with every word first (ranked),
    then those with any but not all, by how many words and then rank. Most pages come
    from the first tier alone, so the rest are never ranked; and the first page needs no
    count of the first tier (fewer rows than a page are all of it)."""
    every = " & ".join(f"({q})" for q in loose)
    strict: dict = {"now": _now(), "exact": request.query}
    where_every = _where(every, request.filters, strict)
    if offset:
        with_every = _count(where_every, strict)
        rows = (_page(where_every, strict, "relevance", True, request.per_page, offset)
                if offset < with_every else [])
    else:
        rows = _page(where_every, strict, "relevance", True, request.per_page, offset)
        with_every = len(rows)
    wanted = request.per_page - len(rows)
    if wanted:
        rest: dict = {"now": strict["now"], "every": every, "exact": request.query}
        rest.update({f"w_{n}": q for n, q in enumerate(loose)})
        where_rest = _where(" | ".join(f"({q})" for q in loose), request.filters, rest)
        rows += _page(where_rest, rest, "relevance", True, wanted, max(0, offset - with_every),
                      after="NOT (document @@ CAST(:every AS tsquery))")
    return rows


def _count(where: str, params: dict) -> int:
    return db.session.scalar(sql(f"SELECT count(*) FROM search_document WHERE {where}"),
                             params)


def match_kind(text: str, kind: str) -> KindMatches:
    """The ids of every public `kind` object matching the text, the most relevant first."""
    cleaned, query, _has_words, message = _understood(text)
    found = KindMatches(query=cleaned, message=message)
    if query is None:
        return found
    with _index_scans():
        found.ids = list(db.session.scalars(sql(f"""
            SELECT object_id FROM search_document
            WHERE kind = :kind AND document @@ CAST(:q AS tsquery)
            ORDER BY ts_rank('{WEIGHTS}', document, CAST(:q AS tsquery), 1) DESC,
                     published_at DESC NULLS LAST, object_id
        """), {"kind": kind, "q": query}))
    return found


# ---- Did you mean ----------------------------------------------------------------------------

def suggest(cleaned: str) -> str | None:
    """The search with each word no document has replaced by the nearest word one has
    (within two edits, same first letter; among the nearest, the commonest)."""
    words = [w for w in dict.fromkeys(w.lower() for w in _WORD.findall(cleaned))
             if len(w) >= 3 and not w.isdigit() and not is_code(w)
             and w not in ("and", "or", "not", "andnot")]
    if not words:
        return None
    unknown = db.session.scalars(sql("""
        SELECT w FROM unnest(CAST(:words AS text[])) AS w
        WHERE NOT EXISTS (SELECT 1 FROM search_word WHERE word = w)
    """), {"words": words}).all()
    replaced, changed = cleaned, False
    for word in unknown:
        better = _nearest(word)
        if better:
            replaced = re.sub(rf"\b{re.escape(word)}\b", better, replaced, flags=re.I)
            changed = True
    return replaced if changed else None


def _nearest(word: str) -> str | None:
    # pg_trgm's default threshold (0.3) misses short words with two letters swapped.
    db.session.execute(sql("SELECT set_config('pg_trgm.similarity_threshold', '0.2', true)"))
    candidates = db.session.scalars(sql("""
        SELECT word FROM search_word
        WHERE word % :word AND left(word, 1) = left(:word, 1)
        ORDER BY similarity(word, :word) DESC, word LIMIT 20
    """), {"word": word}).all()
    by_distance: dict[int, list[str]] = {}
    for candidate in candidates:
        distance = edits(word, candidate)
        if distance <= 2:
            by_distance.setdefault(distance, []).append(candidate)
    if not by_distance:
        return None
    nearest = by_distance[min(by_distance)]
    if len(nearest) == 1:
        return nearest[0]
    counts = {w: _count("document @@ plainto_tsquery(:cfg, :w)", {"cfg": CONFIG, "w": w})
              for w in nearest}
    return max(nearest, key=lambda w: (counts[w], -nearest.index(w)))


def edits(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (adjacent swaps count once), as Whoosh's corrector uses."""
    previous2, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if (previous2 is not None and i > 1 and j > 1 and ca == b[j - 2]
                    and a[i - 2] == cb):
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]
