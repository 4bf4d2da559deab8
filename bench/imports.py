"""Bulk import benchmark (run by hand, not a test): `flask library import` end to end.

    .venv/bin/python bench/imports.py [--size 10000] [--repeat 1] [--then-sync]
    .venv/bin/python bench/imports.py --startup-only [--runs 5]   # start-up times alone
    bin/with-postgres .venv/bin/python bench/imports.py      # SQLite, then PostgreSQL

Generates a JSON Lines file of practice library entries (every line valid, with client
groups, outcomes, local areas, impacts and sources like a real export), then runs the real
command, `.venv/bin/flask --app wsgi library import FILE`, as a subprocess on a fresh
database and a fresh search index, and times it from start to exit: entries a second end to
end, start-up included. Then it checks that search finds every imported entry (a word every
line has) and a sample of single entries (a word only that line has). SQLite and Whoosh
always; PostgreSQL too when DATABASE_URL names a server, or PG* variables do (as under
bin/with-postgres): the benchmark makes a database of its own there and drops it after.
`--then-sync` runs `flask search sync` after the import as well (how it was done before the
import made its entries searchable itself).

It also times how long a `flask` command takes to start: `flask --help` (which builds the
app to list the commands) and `flask notify tick` on an empty database, the median and the
best of 5 runs each (`--runs`). `--startup-only` times nothing else.
"""

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402

from bench.search import DOMAIN as WORDS  # noqa: E402
from portal import create_app, reference, search  # noqa: E402
from portal.extensions import db  # noqa: E402

FLASK = [str(ROOT / ".venv" / "bin" / "flask"), "--app", "wsgi"]
EVERY_LINE = "benchmark"  # a word every generated entry has, so search must find them all
SAMPLE = 50  # single entries looked up by a word only they have
SYLLABLES = ("ba", "ko", "ri", "tem", "sol", "an", "ver", "lu", "mi", "dra", "pen", "cho",
             "gar", "ne", "fo", "zy", "wen", "tra", "pol", "shu")


def marker(n: int) -> str:
    """A made-up word for entry `n`, unlike any other entry's: 'zq' then n in syllables."""
    word = "zq"
    while True:
        n, digit = divmod(n, len(SYLLABLES))
        word += SYLLABLES[digit]
        if not n:
            return word


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choices(WORDS, k=words)).capitalize() + "."


def record(n: int, rng: random.Random, tables) -> dict:
    """One line of the file: a plausible entry, valid against the reference data."""
    start = 2005 + rng.randint(0, 3)
    impacts = []
    for indicator in rng.sample(tables.indicators, rng.randint(0, 2)):
        baseline = round(rng.uniform(5, 80), 1)
        impacts.append({"indicator": indicator.code, "baseline_pct": baseline,
                        "baseline_period": f"{start}/{(start + 1) % 100:02d}",
                        "result_pct": round(min(100, baseline + rng.uniform(-3, 15)), 1),
                        "result_period": f"{start + 2}/{(start + 3) % 100:02d}",
                        "cohort": rng.randint(10, 900)})
    return {
        "identifier": f"bench-{n:06d}",
        "title": f"{_sentence(rng, 4)[:-1]} {marker(n)}",
        "summary": f"{_sentence(rng, 20)} Generated for the import {EVERY_LINE}.",
        "service": "\n\n".join(_sentence(rng, rng.randint(30, 60)) for _ in range(3)),
        "client_groups": [g.code for g in rng.sample(tables.client_groups, rng.randint(1, 2))],
        "outcomes": [o.code for o in rng.sample(tables.outcomes, rng.randint(1, 2))],
        "local_areas": [a.code for a in rng.sample(tables.local_areas, rng.randint(1, 3))],
        "delivered_by": f"{marker(n + 7).capitalize()} Community Trust",
        "commissioned_by": f"{rng.choice(tables.local_areas).name} Council",
        "period_start": f"{start}-04-01",
        "period_end": f"{start + 2}-03-31",
        "cost_per_person_gbp": rng.choice([None, rng.randint(300, 12000)]),
        "evidence_rating": rng.randint(1, 5),
        "sources": [f"https://example.org/evaluations/{n}.pdf"],
        "impacts": impacts,
        "innovations": [],
    }


def write_file(path: Path, size: int, tables) -> None:
    rng = random.Random(2009)
    with path.open("w", encoding="utf-8") as handle:
        for n in range(1, size + 1):
            handle.write(json.dumps(record(n, rng, tables)) + "\n")


# ---- Databases -------------------------------------------------------------------------------

def _app(url: str, index_dir: Path):
    return create_app({"PORTAL_ENV": "test", "SQLALCHEMY_DATABASE_URI": url,
                       "SEARCH_INDEX_DIR": str(index_dir)})


def _postgres_server() -> str | None:
    """The server DATABASE_URL or the PG* variables name, or None."""
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return os.environ["DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://", 1)
    if os.environ.get("PGHOST"):
        env = os.environ
        return (f"postgresql+psycopg://{env.get('PGUSER', 'postgres')}:"
                f"{env.get('PGPASSWORD', '')}@{env['PGHOST']}:{env.get('PGPORT', '5432')}/"
                f"{env.get('PGDATABASE', 'postgres')}")
    return None


def _postgres_database(server: str, name: str, create: bool) -> str:
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(server)
    params = {"host": url.host, "port": url.port, "user": url.username,
              "password": url.password, "dbname": url.database}
    with psycopg.connect(**params, autocommit=True) as connection:
        if create:
            connection.execute(f'CREATE DATABASE "{name}"')
        else:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return url.set(database=name).render_as_string(hide_password=False)


def prepare(url: str, index_dir: Path):
    """Upgrade an empty database; give its reference data (what the lines may use)."""
    app = _app(url, index_dir)
    with app.app_context():
        upgrade()
        tables = reference.tables()
        db.engine.dispose()
    return tables


# ---- The command -----------------------------------------------------------------------------

def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_command(args: list[str], url: str, index_dir: Path) -> tuple[float, float]:
    """Run `flask ARGS` as the operator would; give the seconds it took, start to exit, and
    the CPU seconds it used (its worker processes too): on a machine others share, the CPU
    time says more than the clock."""
    env = {**os.environ, "DATABASE_URL": url, "SEARCH_INDEX_DIR": str(index_dir),
           "PORTAL_ENV": "development"}
    started, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run([*FLASK, *args], cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode:
        sys.exit(f"flask {' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n"
                 f"{done.stderr}")
    return elapsed, _children_cpu() - cpu


def check_searchable(url: str, index_dir: Path, size: int) -> str:
    """Whether search finds every imported entry, and a sample one by one."""
    app = _app(url, index_dir)
    with app.app_context():
        from sqlalchemy import select

        from portal.models import LibraryEntry

        ids = dict(db.session.execute(select(LibraryEntry.identifier, LibraryEntry.id)).all())
        found = set(search.match_kind(EVERY_LINE, "library").ids)
        sample = random.Random(7).sample(range(1, size + 1), min(SAMPLE, size))
        missing = [n for n in sample
                   if ids.get(f"bench-{n:06d}") not in search.match_kind(marker(n), "library").ids]
        db.session.remove()
        db.engine.dispose()
    if len(ids) != size or found != set(ids.values()) or missing:
        sys.exit(f"Not searchable: {len(ids)} entries stored, {len(found)} found by "
                 f"'{EVERY_LINE}', sample entries not found: {missing[:10]}")
    return f"all {size:,} found; {len(sample)} sampled one by one"


def bench_import(name: str, url: str, workdir: Path, size: int, then_sync: bool,
                 tables) -> list[tuple]:
    index_dir = workdir / f"index-{uuid.uuid4().hex[:8]}"
    path = workdir / f"entries-{size}.jsonl"
    if not path.exists():
        write_file(path, size, tables)
    seconds, cpu = run_command(["library", "import", str(path)], url, index_dir)
    sync, sync_cpu = run_command(["search", "sync"], url, index_dir) if then_sync else (0, 0)
    checked = check_searchable(url, index_dir, size)
    total = seconds + sync
    return [(name, f"{size:,}", f"{seconds:.1f}", f"{sync:.1f}" if then_sync else "-",
             f"{cpu + sync_cpu:.1f}", f"{size / total:,.0f}", f"{size / (cpu + sync_cpu):,.0f}",
             checked)]


def _fresh_sqlite(workdir: Path) -> str:
    path = workdir / f"bench-{uuid.uuid4().hex[:8]}.db"
    return f"sqlite:///{path}"


def bench_databases(options, workdir: Path) -> list[tuple]:
    rows = []
    for _ in range(options.repeat):
        url = _fresh_sqlite(workdir)
        tables = prepare(url, workdir / "unused-index")
        rows += bench_import("SQLite + Whoosh", url, workdir, options.size, options.then_sync,
                             tables)
    server = _postgres_server()
    for _ in range(options.repeat if server else 0):
        name = f"portal_bench_{uuid.uuid4().hex[:8]}"
        url = _postgres_database(server, name, create=True)
        try:
            tables = prepare(url, workdir / "unused-index")
            rows += bench_import("PostgreSQL", url, workdir, options.size, options.then_sync,
                                 tables)
        finally:
            _postgres_database(server, name, create=False)
    return rows


# ---- Start-up --------------------------------------------------------------------------------

def start_times(workdir: Path, runs: int = 5) -> list[str]:
    url = _fresh_sqlite(workdir)
    prepare(url, workdir / "start-index")
    lines = []
    for args in (["--help"], ["notify", "tick"]):
        timings = [run_command(args, url, workdir / "start-index") for _ in range(runs)]
        wall, cpu = [w for w, _ in timings], [c for _, c in timings]
        lines.append(f"flask {' '.join(args)} start: {statistics.median(wall):.2f} s "
                     f"(median of {runs}; best {min(wall):.2f} s; CPU median "
                     f"{statistics.median(cpu):.2f} s)")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=1, help="imports per database")
    parser.add_argument("--then-sync", action="store_true",
                        help="also run `flask search sync` after each import")
    parser.add_argument("--no-start", action="store_true", help="skip the start-up times")
    parser.add_argument("--startup-only", action="store_true",
                        help="time the start-up alone, no import")
    parser.add_argument("--runs", type=int, default=5, help="starts timed per command")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rows = [] if options.startup_only else bench_databases(options, Path(tmp))
        starts = [] if options.no_start else start_times(Path(tmp), options.runs)
    if rows:
        _print_table(rows)
    print(f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f} at the end. Times are wall "
          "clock for the whole command (start-up included).")
    for line in starts:
        print(line)


def _print_table(rows: list[tuple]) -> None:
    header = ("database", "entries", "import s", "sync s", "CPU s", "entries/s end to end",
              "per CPU s", "search")
    widths = [max(len(str(r[i])) for r in (header, *rows)) for i in range(len(header))]
    for row in (header, *rows):
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))
    print()


if __name__ == "__main__":
    main()
