"""Search benchmark (run by hand, not a test): both backends, and SQLite FTS5 for reference.

    bin/with-postgres .venv/bin/python bench/search.py [--sizes 10000,100000] [--repeat 20]
        [--backends whoosh,postgres]

(Without a PostgreSQL server in the environment, PG* variables or DATABASE_URL, the
PostgreSQL backend's rows are left out. `--backends postgres` leaves Whoosh out instead;
FTS5, the reference the ratios are taken against, always runs.)

Generates a corpus of published documents across the four kinds (a vocabulary with a long
tail, a few hundred words a document, the domain's words frequent), indexes it through
portal.search as `flask search reindex` would (worker processes above 5,000 documents),
then times multi-word queries of common domain words (each word in at least 5% of
documents) and of rare ones, with and without facet filters; every answer has facet
counts, highlighted snippets and the total count.

The PostgreSQL backend gets the same corpus written as its session hook writes it (rows
with their tsvector, in batches, one transaction) on a new database of the server in the
environment, and the same queries through its run() and the same endpoint.

The same queries run against SQLite FTS5 over the same corpus as a reference: porter
tokenizer, the title, the body and the tag names our backends index (bm25 weights 3, 1 and
0.3), snippet(), the total, and counts for every facet, with the matches (and the facet
filters, intersected in SQL) gathered once into a temporary table that the total, the counts
and the page then read. It runs twice: reading the words as our backends read several
plain words, any of them (OR; bm25 ranks documents with more of them higher), the
like-for-like reference; and strictly, every word (AND), as this benchmark did before our
backends read words loosely. Every engine is timed twice: alone (the backend's run(); the
FTS5 function) and through the same kind of Flask JSON endpoint, GET /api/v1/search with
the Flask test client. The ratios are a backend's p95 over each FTS5 reading's, through
HTTP. Indexing rates are documents a second, excluding generating the corpus. Prints one
table.
"""

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from itertools import accumulate
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask import Flask, jsonify, request  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from werkzeug.datastructures import MultiDict  # noqa: E402

from portal import create_app  # noqa: E402
from portal.search import parse_args  # noqa: E402
from portal.search.whoosh import bulk, changes, query  # noqa: E402
from portal.search.whoosh.index import writer  # noqa: E402

KINDS = ("opportunity", "award", "innovation", "library")
DOMAIN = (
    "housing support employment training offenders probation care leavers mental health "
    "services accommodation tenancy disabilities learning adults young people community "
    "partnership commissioning outcomes council provider voluntary charity advice worker "
    "placement apprenticeship volunteering education recovery hostel referral budget "
    "evaluation mentoring pathway resettlement employer skills"
).split()
COMMON_QUERIES = ["housing support", "employment training", "mental health services",
                  "care leavers accommodation", "probation employment support"]
GROUPS = ("care-leavers", "offenders", "mental-health", "learning-disabilities")
REGIONS = [f"E1200000{n}" for n in range(1, 10)]
INDICATORS = [f"NI {n}" for n in range(143, 151)]


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    syllables = ["ba", "ko", "ri", "tem", "sol", "an", "ver", "lu", "mi", "dra", "pen", "cho",
                 "ist", "ul", "gar", "ne", "fo", "zy", "wen", "tra"]
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def corpus(size: int, seed: int = 2009):
    """(kind, id, document) triples; domain words each in roughly 8-20% of documents."""
    rng = random.Random(seed)
    tail = _vocabulary(rng, 30_000)
    # Zipf: a long tail. Cumulative weights once (choices() would add them up every call;
    # the draws are the same).
    cumulative = list(accumulate(1 / (rank + 1) for rank in range(len(tail))))
    now = datetime(2009, 6, 1)
    for n in range(1, size + 1):
        kind = KINDS[n % 4]
        words = rng.choices(tail, cum_weights=cumulative, k=rng.randint(150, 350))
        for word in DOMAIN:
            if rng.random() < 0.14:
                words.insert(rng.randrange(len(words)), word)
        title = " ".join(rng.sample(DOMAIN, 2) + rng.choices(tail, cum_weights=cumulative, k=3))
        document = {
            "title": title.capitalize(), "body": " ".join(words) + ".",
            "client_group": rng.sample(GROUPS, rng.randint(1, 2)),
            "outcome": rng.sample(["accommodation", "eet"], rng.randint(1, 2)),
            "indicator": rng.sample(INDICATORS, rng.randint(1, 2)),
            "region": rng.sample(REGIONS, 1),
            "published_at": now - timedelta(days=rng.randint(0, 900)),
        }
        if kind == "library":
            document["evidence"] = rng.randint(1, 5)
            document["improvement"] = round(rng.uniform(-3, 20), 1)
        if kind == "opportunity":
            document["closes_at"] = now + timedelta(days=rng.randint(-200, 200))
        yield kind, n, document


def rare_queries(size: int) -> list[str]:
    """Pairs of tail words, each in about 1-3% of documents."""
    rng = random.Random(7)
    tail = _vocabulary(random.Random(2009), 30_000)
    return [" ".join(rng.sample(tail[500:1500], 2)) for _ in range(5)]


FILTERS = {"client_group": ["offenders"], "region": REGIONS[:4]}
NOW = datetime(2009, 6, 1)


def _percentiles(samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]


def _params(text: str, with_facets: bool) -> dict:
    return {"q": text, "sort": "relevance"} | (FILTERS if with_facets else {})


def _time(queries, repeat, engine, http, fresh=lambda: None):
    """Warm timings of engine and HTTP calls, the first call on fresh caches, the totals."""
    timings = {"engine": [], "http": [], "cold": []}
    totals = []
    for text, with_facets in queries:
        params = _params(text, with_facets)
        fresh()
        started = time.perf_counter()
        totals.append(http(params)["total"])
        timings["cold"].append(time.perf_counter() - started)
        for _ in range(repeat):
            started = time.perf_counter()
            engine(params)
            timings["engine"].append(time.perf_counter() - started)
            started = time.perf_counter()
            http(params)
            timings["http"].append(time.perf_counter() - started)
    return timings, totals


def _cases(size: int):
    for label, queries in (("common", COMMON_QUERIES), ("rare", rare_queries(size))):
        for with_facets in (False, True):
            yield (label, with_facets), [(text, with_facets) for text in queries]


# ---- Whoosh, through portal.search ----------------------------------------------------------

def bench_whoosh(docs, repeat: int, workdir: Path):
    size = len(docs)
    app = create_app({"PORTAL_ENV": "test",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'bench.db'}",
                      "SEARCH_INDEX_DIR": str(workdir / f"index-{size}")})
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        changes.add_documents(docs, processes=bulk.processes_for(size))
        index_rate = size / (time.perf_counter() - started)
    client = app.test_client()

    def engine(params):
        with app.test_request_context():
            return query.run(parse_args(MultiDict(params)))

    def http(params):
        return client.get("/api/v1/search", query_string=params).get_json()

    def fresh():
        query._local.state = None  # a new searcher: no cached sets or scores

    results = {key: _time(queries, repeat, engine, http, fresh)
               for key, queries in _cases(size)}
    with app.app_context():  # one changed document, as after an edit; then the next query
        kind, n, document = docs[0]
        index_writer = writer(changes.open_index())
        index_writer.update_document(**changes._fields(kind, n, document | {"title": "Edited"}))
        index_writer.commit()
    started = time.perf_counter()
    http(_params(COMMON_QUERIES[0], False))
    after_change = time.perf_counter() - started
    return index_rate, results, after_change


# ---- PostgreSQL full-text search, through portal.search ---------------------------------------

def _postgres_url() -> str | None:
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    if not os.environ.get("PGHOST"):
        return None
    from tests.support import create_pg_database

    return create_pg_database()


def bench_postgres(docs, repeat: int, workdir: Path, url: str):
    from portal.extensions import db
    from portal.search.postgres import documents
    from portal.search.postgres import query as pg_query

    app = create_app({"PORTAL_ENV": "test", "SQLALCHEMY_DATABASE_URI": url,
                      "SEARCH_BACKEND": "postgres", "SEARCH_INDEX_DIR": str(workdir / "unused")})
    with app.app_context():
        upgrade()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DELETE FROM search_document; DELETE FROM search_word")
        started = time.perf_counter()
        with db.engine.begin() as connection:
            for start in range(0, len(docs), documents.BATCH):
                documents.add_rows(connection, [documents.row(kind, n, document) for
                                                kind, n, document in docs[start:start + 500]])
        index_rate = len(docs) / (time.perf_counter() - started)
        with db.engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE search_document; ANALYZE search_word")
    client = app.test_client()

    def engine(params):
        with app.test_request_context():
            return pg_query.run(parse_args(MultiDict(params)))

    def http(params):
        return client.get("/api/v1/search", query_string=params).get_json()

    results = {key: _time(queries, repeat, engine, http) for key, queries in _cases(len(docs))}
    with app.app_context():
        db.engine.dispose()
    return index_rate, results


# ---- SQLite FTS5, the reference -------------------------------------------------------------

def tag_texts(docs, workdir: Path) -> dict[int, str]:
    """Each document's tag names as our backends index them (from the reference data of a
    throwaway database), so that FTS5 reading any word matches what they match."""
    from portal.search.tags import tag_text

    app = create_app({"PORTAL_ENV": "test",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'tags.db'}"})
    with app.app_context():
        upgrade()
        return {n: tag_text(document) for _, n, document in docs}


def build_fts5(docs, path: Path, tags: dict[int, str]):
    db = sqlite3.connect(path, check_same_thread=False)
    db.executescript("""
        CREATE VIRTUAL TABLE doc USING fts5(title, body, tags, tokenize='porter');
        CREATE TABLE meta (id INTEGER PRIMARY KEY, kind TEXT, title TEXT, closes_at TEXT);
        CREATE TABLE facet (doc INTEGER, field TEXT, value TEXT);
    """)
    started = time.perf_counter()
    rows, metas, facets = [], [], []
    for kind, n, document in docs:
        rows.append((n, document["title"], document["body"], tags[n]))
        closes = document.get("closes_at")
        metas.append((n, kind, document["title"], closes.isoformat() if closes else None))
        facets.append((n, "kind", kind))
        for field in ("client_group", "outcome", "indicator", "region"):
            facets.extend((n, field, value) for value in document[field])
        if "evidence" in document:
            facets.append((n, "evidence", str(document["evidence"])))
    db.executemany("INSERT INTO doc (rowid, title, body, tags) VALUES (?, ?, ?, ?)", rows)
    db.executemany("INSERT INTO meta VALUES (?, ?, ?, ?)", metas)
    db.executemany("INSERT INTO facet VALUES (?, ?, ?)", facets)
    db.execute("CREATE INDEX facet_doc ON facet (doc, field, value)")
    db.execute("CREATE INDEX facet_value ON facet (field, value, doc)")
    db.execute("CREATE TEMP TABLE hits (id INTEGER PRIMARY KEY, score REAL)")
    db.commit()
    return db, len(docs) / (time.perf_counter() - started)


def fts5_search(db, params: dict, any_word: bool = False) -> dict:
    """The search page's answer from FTS5: page of hits with snippets, total, facet counts.
    The words all (strict AND), or `any_word` (OR, bm25 putting documents with more of them
    first), as our backends read several plain words."""
    match = (" OR " if any_word else " AND ").join(f'"{word}"' for word in params["q"].split())
    filters = {name: values for name, values in params.items() if name in FILTERS}
    allowed, args = [], [match]
    for name, values in filters.items():
        allowed.append(f"SELECT doc FROM facet WHERE field = ? AND value IN "
                       f"({', '.join('?' * len(values))})")
        args += [name, *values]
    where = f"WHERE id IN ({' INTERSECT '.join(allowed)})" if allowed else ""
    db.execute("DELETE FROM hits")
    # MATERIALIZED: run the full-text match once, then filter (a rowid IN (...) on the FTS
    # table itself makes SQLite look each candidate up in the full-text index: 600 ms).
    db.execute(f"WITH m AS MATERIALIZED (SELECT rowid AS id, bm25(doc, 3.0, 1.0, 0.3) AS score "
               f"FROM doc WHERE doc MATCH ?) INSERT INTO hits SELECT id, score FROM m {where}",
               args)
    total = db.execute("SELECT count(*) FROM hits").fetchone()[0]
    facets: dict[str, dict[str, int]] = {}
    # CROSS JOIN: from the matches to their facet rows (SQLite, knowing nothing of the
    # temporary table, would otherwise scan every facet row and look each up in it).
    for field, value, count in db.execute(
            "SELECT f.field, f.value, count(*) FROM hits h CROSS JOIN facet f "
            "ON f.doc = h.id GROUP BY f.field, f.value"):
        facets.setdefault(field, {})[value] = count
    now = NOW.isoformat()
    open_count, closed = db.execute(
        "SELECT sum(m.closes_at > ?), sum(m.closes_at <= ?) FROM hits h CROSS JOIN meta m "
        "ON m.id = h.id WHERE m.closes_at IS NOT NULL", (now, now)).fetchone()
    facets["status"] = {k: v for k, v in (("open", open_count), ("closed", closed)) if v}
    page = db.execute("SELECT id, score FROM hits ORDER BY score, id LIMIT 10").fetchall()
    ids = [row[0] for row in page]
    marks = ", ".join("?" * len(ids))
    snippets = dict(db.execute(
        f"SELECT rowid, snippet(doc, 1, '<mark>', '</mark>', ' … ', 24) FROM doc "
        f"WHERE doc MATCH ? AND rowid IN ({marks})", [match, *ids])) if ids else {}
    metas = {row[0]: row[1:] for row in db.execute(
        f"SELECT id, kind, title FROM meta WHERE id IN ({marks})", ids)} if ids else {}
    return {
        "query": params["q"], "total": total, "page": 1, "per_page": 10,
        "results": [{"kind": metas[i][0], "id": i, "title": metas[i][1],
                     "url": f"/{metas[i][0]}/{i}", "snippet": snippets.get(i, ""),
                     "score": round(-score, 3)} for i, score in page],
        "facets": facets, "suggestion": None, "message": None,
    }


def bench_fts5(docs, repeat: int, workdir: Path, tags: dict[int, str], any_word: bool):
    db, index_rate = build_fts5(docs, workdir / f"fts-{len(docs)}-{any_word}.db", tags)
    app = Flask("fts5_reference")

    @app.route("/api/v1/search")
    def search_api():
        params = {"q": request.args.get("q", "")} | {
            name: request.args.getlist(name) for name in FILTERS if name in request.args}
        return jsonify(fts5_search(db, params, any_word))

    client = app.test_client()

    def http(params):
        return client.get("/api/v1/search", query_string=params).get_json()

    results = {key: _time(queries, repeat, lambda p: fts5_search(db, p, any_word), http)
               for key, queries in _cases(len(docs))}
    db.close()
    return index_rate, results


# ---- The table ------------------------------------------------------------------------------

def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def _row(size, key, backend, timings, totals, references, rate):
    """A table row; `references` are FTS5's (timings, totals) with any word and with all."""
    (e50, e95), (h50, h95) = _percentiles(timings["engine"]), _percentiles(timings["http"])
    ratios = [f"{h95 / _percentiles(f['http'])[1]:.1f}x" for f, _ in references]
    return (f"{size:,}", key[0], "yes" if key[1] else "no", backend,
            f"{statistics.mean(totals):,.0f}", _ms(e50), _ms(e95), _ms(h50), _ms(h95),
            f"{max(timings['cold']) * 1000:.0f}", *ratios, f"{rate:,.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--backends", default="whoosh,postgres",
                        help="which of whoosh,postgres to time (FTS5 always runs)")
    options = parser.parse_args()
    backends = set(options.backends.split(","))
    rows, notes = [], []
    url = _postgres_url() if "postgres" in backends else None
    for size in (int(s) for s in options.sizes.split(",")):
        docs = list(corpus(size))
        with tempfile.TemporaryDirectory() as tmp:
            w_rate, whoosh, after_change = (bench_whoosh(docs, options.repeat, Path(tmp))
                                            if "whoosh" in backends else (None, {}, None))
            p_rate, postgres = (bench_postgres(docs, options.repeat, Path(tmp), url) if url
                                else (None, {}))
            tags = tag_texts(docs, Path(tmp))
            references = {any_word: bench_fts5(docs, options.repeat, Path(tmp), tags, any_word)
                          for any_word in (True, False)}
        if after_change is not None:
            notes.append(f"{size:,} documents: first Whoosh query after a one-document "
                         f"change {_ms(after_change)} ms (new searcher, caches rebuilt)")
        for key in references[True][1]:
            both = [references[any_word][1][key] for any_word in (True, False)]
            if key in whoosh:
                rows.append(_row(size, key, "whoosh", *whoosh[key], both, w_rate))
            if key in postgres:
                rows.append(_row(size, key, "postgres", *postgres[key], both, p_rate))
            for any_word, label in ((True, "fts5 (any word)"), (False, "fts5 (all words)")):
                f_rate, fts = references[any_word]
                rows.append(_row(size, key, label, *fts[key], both, f_rate))
    header = ("docs", "queries", "facets", "backend", "matches", "engine p50", "p95",
              "http p50", "http p95", "cold max", "x fts5 any word", "x fts5 all words",
              "docs/s written")
    widths = [max(len(str(r[i])) for r in (header, *rows)) for i in range(len(header))]
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join(" --- " for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(str(c).rjust(w) for c, w in zip(row, widths, strict=True)) + " |")
    print(f"\nTimes in ms; {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f} at the end. "
          "p50/p95 over warm repeats; 'engine' = the backend's run() (FTS5: the function), "
          "'http' = through GET /api/v1/search (Flask test client); 'cold max' = the first "
          "query (Whoosh: on a fresh searcher). Our backends read several plain words "
          "loosely (any word; all the words first), as FTS5 does in its 'any word' rows, the "
          "like-for-like reference; its 'all words' rows are strict AND, as this benchmark "
          "had before. The ratios are HTTP p95 over each reference's.")
    for note in notes:
        print(note)


if __name__ == "__main__":
    main()
