"""Search benchmark (run by hand, not a test): Whoosh behind /api/v1/search against SQLite FTS5.

    .venv/bin/python bench/search.py [--sizes 10000,100000] [--repeat 20]

Generates a corpus of published documents across the four kinds (a vocabulary with a long
tail, a few hundred words a document, the domain's words frequent), indexes it through
portal.search, then times /api/v1/search (through the Flask test client: facets, highlighted
snippets and the total count included) for multi-word queries of common domain words (each
word in at least 5% of documents) and of rare ones, with and without facet filters. The same
queries run against an SQLite FTS5 table (porter tokenizer, bm25 with the title weighted,
snippet(), count(*) and facet counts by GROUP BY) as a reference. Prints one table.
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask_migrate import upgrade  # noqa: E402

from portal import create_app  # noqa: E402
from portal.search import changes, query  # noqa: E402

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
    weights = [1 / (rank + 1) for rank in range(len(tail))]  # Zipf: a long tail
    now = datetime(2009, 6, 1)
    for n in range(1, size + 1):
        kind = KINDS[n % 4]
        words = rng.choices(tail, weights=weights, k=rng.randint(150, 350))
        for word in DOMAIN:
            if rng.random() < 0.14:
                words.insert(rng.randrange(len(words)), word)
        title = " ".join(rng.sample(DOMAIN, 2) + rng.choices(tail, weights=weights, k=3))
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


def _percentiles(samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]


def bench_whoosh(size: int, repeat: int, workdir: Path):
    app = create_app({"PORTAL_ENV": "test",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'bench.db'}",
                      "SEARCH_INDEX_DIR": str(workdir / f"index-{size}")})
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        count = changes.add_documents(corpus(size))
        index_rate = count / (time.perf_counter() - started)
    client = app.test_client()
    results = {}
    for label, queries in (("common", COMMON_QUERIES), ("rare", rare_queries(size))):
        for with_facets in (False, True):
            cold, warm, totals = [], [], []
            for text in queries:
                params = {"q": text, "sort": "relevance"}
                if with_facets:
                    params |= {"client_group": "offenders", "region": REGIONS[:4]}
                query._local.state = None  # first query on a fresh searcher: no caches
                for attempt in range(repeat):
                    started = time.perf_counter()
                    body = client.get("/api/v1/search", query_string=params).get_json()
                    (cold if attempt == 0 else warm).append(time.perf_counter() - started)
                totals.append(body["total"])
            results[(label, with_facets)] = (cold, warm, totals)
    return index_rate, results


def bench_fts5(size: int, repeat: int, workdir: Path):
    db = sqlite3.connect(workdir / f"fts-{size}.db")
    db.executescript("""
        CREATE VIRTUAL TABLE doc USING fts5(title, body, tokenize='porter');
        CREATE TABLE facet (doc INTEGER, field TEXT, value TEXT);
    """)
    started = time.perf_counter()
    rows, facets = [], []
    for kind, n, document in corpus(size):
        rows.append((n, document["title"], document["body"]))
        facets.append((n, "kind", kind))
        for field in ("client_group", "outcome", "indicator", "region"):
            facets.extend((n, field, value) for value in document[field])
    db.executemany("INSERT INTO doc (rowid, title, body) VALUES (?, ?, ?)", rows)
    db.executemany("INSERT INTO facet VALUES (?, ?, ?)", facets)
    db.execute("CREATE INDEX facet_doc ON facet (doc, field, value)")
    db.execute("CREATE INDEX facet_value ON facet (field, value, doc)")
    db.commit()
    index_rate = size / (time.perf_counter() - started)

    def run(text, with_facets):
        match = " AND ".join(text.split())
        where, args = "doc MATCH ?", [match]
        if with_facets:
            where += (" AND rowid IN (SELECT doc FROM facet WHERE field='client_group' AND "
                      "value='offenders') AND rowid IN (SELECT doc FROM facet WHERE "
                      "field='region' AND value IN (?, ?, ?, ?))")
            args += REGIONS[:4]
        hits = db.execute(f"SELECT rowid, bm25(doc, 3.0, 1.0), snippet(doc, 1, '<mark>', "
                          f"'</mark>', '…', 24) FROM doc WHERE {where} ORDER BY bm25(doc, 3.0,"
                          f" 1.0) LIMIT 10", args).fetchall()
        total = db.execute(f"SELECT count(*) FROM doc WHERE {where}", args).fetchone()[0]
        db.execute(f"SELECT field, value, count(*) FROM facet WHERE doc IN (SELECT rowid FROM "
                   f"doc WHERE {where}) GROUP BY field, value", args).fetchall()
        return hits, total

    results = {}
    for label, queries in (("common", COMMON_QUERIES), ("rare", rare_queries(size))):
        for with_facets in (False, True):
            cold, warm, totals = [], [], []
            for text in queries:
                for attempt in range(repeat):
                    started = time.perf_counter()
                    _, total = run(text, with_facets)
                    (cold if attempt == 0 else warm).append(time.perf_counter() - started)
                totals.append(total)
            results[(label, with_facets)] = (cold, warm, totals)
    return index_rate, results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--repeat", type=int, default=20)
    options = parser.parse_args()
    rows = []
    for size in (int(s) for s in options.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            w_rate, whoosh = bench_whoosh(size, options.repeat, Path(tmp))
            f_rate, fts = bench_fts5(size, options.repeat, Path(tmp))
        for key in whoosh:
            w_cold, w_warm, totals = whoosh[key]
            f_cold, f_warm, _ = fts[key]
            wp50, wp95 = _percentiles(w_warm)
            fp50, fp95 = _percentiles(f_warm)
            rows.append((f"{size:,}", key[0], "yes" if key[1] else "no",
                         f"{statistics.mean(totals):,.0f}", f"{wp50 * 1000:.1f}",
                         f"{wp95 * 1000:.1f}", f"{max(w_cold) * 1000:.0f}",
                         f"{fp50 * 1000:.1f}", f"{fp95 * 1000:.1f}", f"{wp95 / fp95:.1f}x",
                         f"{w_rate:,.0f}", f"{f_rate:,.0f}"))
    header = ("docs", "queries", "facets", "matches", "whoosh p50 ms", "p95 ms",
              "cold max ms", "fts5 p50 ms", "p95 ms", "p95 ratio", "whoosh docs/s",
              "fts5 docs/s")
    widths = [max(len(str(r[i])) for r in (header, *rows)) for i in range(len(header))]
    for row in (header, *rows):
        print("  ".join(str(c).rjust(w) for c, w in zip(row, widths, strict=True)))
    print(f"\n{os.cpu_count()} CPUs; p50/p95 over warm repeats; 'cold' is the first query on a"
          " fresh searcher (no cached posting sets).")


if __name__ == "__main__":
    main()
