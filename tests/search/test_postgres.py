"""The PostgreSQL backend: search rows live and die with the transaction that changes the
object, every connection sees a commit at once, and PostgreSQL's English stems agree with
the Whoosh backend's on the domain's words. (What both backends answer alike is in the
rest of this package, which runs on both.)"""

import subprocess
import sys

import psycopg
import pytest
from sqlalchemy import text

from portal.extensions import db
from portal.library.records import to_record
from portal.library.services import update_entry
from portal.models import PendingSearchChange
from portal.search import SearchRequest, positions, run
from portal.search.postgres import documents, query
from portal.search.postgres.parse import Leaf, Node, parse
from portal.search.postgres.query import edits
from portal.search.whoosh.index import ANALYZER
from tests.conftest import migrate_database
from tests.library.factories import published_entry
from tests.search.indexed import indexed_titles
from tests.search.test_consistency import ROOT
from tests.support import create_pg_database, drop_pg_database


@pytest.fixture(scope="module")
def database_url(tmp_path_factory):
    """These tests are about PostgreSQL only."""
    url = create_pg_database()
    migrate_database(url, tmp_path_factory)
    yield url
    drop_pg_database(url)


def _psycopg_url(app) -> str:
    return app.config["SQLALCHEMY_DATABASE_URI"].replace("+psycopg", "")


def _titles_seen_by_another_connection(app) -> set[str]:
    with psycopg.connect(_psycopg_url(app)) as conn:
        return {row[0] for row in conn.execute("SELECT title FROM search_document")}


def test_the_postgresql_backend_is_the_default_on_postgresql(app):
    assert app.config["SEARCH_BACKEND"] == "postgres"


def test_a_change_is_searchable_by_every_connection_the_moment_it_commits(app, make_user):
    entry = published_entry(title="Tenancy rescue service")
    assert _titles_seen_by_another_connection(app) == {"Tenancy rescue service"}
    update_entry(entry, {**to_record(entry), "title": "Tenancy rescue, renamed"},
                 actor=make_user("admin"))
    db.session.flush()
    # Written, but not committed: nobody else sees the new title yet...
    assert _titles_seen_by_another_connection(app) == {"Tenancy rescue service"}
    db.session.commit()
    # ...and at the commit everybody does, with nothing left to apply later.
    assert _titles_seen_by_another_connection(app) == {"Tenancy rescue, renamed"}
    assert db.session.query(PendingSearchChange).count() == 0


def test_a_rolled_back_change_leaves_the_search_row_as_it_was(app):
    entry = published_entry(title="Kept")
    entry.title = "Never committed"
    db.session.flush()
    db.session.rollback()
    assert indexed_titles() == {"Kept"}


def test_two_processes_writing_at_once_lose_nothing(app):
    env = {"SEARCH_BACKEND": "postgres", "PATH": "/usr/bin:/bin"}
    workers = [subprocess.Popen(
        [sys.executable, "-m", "tests.search.worker", app.config["SQLALCHEMY_DATABASE_URI"],
         app.config["SEARCH_INDEX_DIR"], "write", name, "8"], cwd=ROOT, env=env)
        for name in ("Alpha", "Beta")]
    assert [worker.wait(timeout=120) for worker in workers] == [0, 0]
    assert indexed_titles() == {f"{name} {n}" for name in ("Alpha", "Beta") for n in range(8)}


def test_reindex_rebuilds_the_rows_and_the_vocabulary_with_a_progress_bar(app, runner):
    published_entry(title="First")
    published_entry(title="Second")
    db.session.execute(text("DELETE FROM search_document; DELETE FROM search_word"))
    db.session.commit()
    assert indexed_titles() == set()
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "Indexing" in result.output and "Indexed 2 documents" in result.output
    assert indexed_titles() == {"First", "Second"}
    assert db.session.scalar(text("SELECT count(*) FROM search_word WHERE word = 'second'"))


def test_sync_fills_an_empty_table_once_and_then_has_nothing_to_do(app, runner):
    published_entry(title="Switched over")
    db.session.execute(text("DELETE FROM search_document"))
    db.session.commit()
    assert "1 changes applied" in runner.invoke(args=["search", "sync"]).output
    assert "0 changes applied" in runner.invoke(args=["search", "sync"]).output
    assert indexed_titles() == {"Switched over"}


@pytest.mark.parametrize("words", [
    "employ employing employment employs", "house housing houses",
    "offend offender offenders offending", "accommodation accommodated",
    "train training trained trainee", "volunteer volunteering volunteers",
])
def test_postgresql_stems_the_domains_words_as_the_whoosh_backend_does(app, words):
    for word in words.split():
        assert list(positions(word)) == [t.text for t in ANALYZER(word)], word


def test_the_query_language_reads_words_phrases_operators_and_codes():
    assert parse('housing "care leavers" -hostel') == Node("and", (
        Leaf("word", "housing"), Leaf("phrase", "care leavers"),
        Node("not", (Leaf("word", "hostel"),))))
    assert parse("a OR (b AND NOT c)") == Node("or", (
        Leaf("word", "a"), Node("and", (Leaf("word", "b"), Node("not", (Leaf("word", "c"),))))))
    assert parse("NI-148 support") == Node("and", (Leaf("code", "148"), Leaf("word", "support")))
    for odd in ("", "AND", "OR OR", "NOT", "(((", ")))", '"', "- -", "AND NOT ( OR"):
        parse(odd)  # never an error


def test_odd_tsquery_syntax_in_a_search_is_only_words(app, client):
    published_entry(title="Floating support")
    for odd in ["support:*", "support & !", "'support'", "support <-> x", "sup\\port",
                "!!support", "support | |", "(support))", "support:A"]:
        response = client.get("/api/v1/search", query_string={"q": odd})
        assert response.status_code == 200, odd


def test_a_suggestion_is_the_nearest_indexed_word(app):
    published_entry(title="Tenancy sustainment", summary="Help to keep a tenancy.")
    with app.test_request_context():
        assert run(SearchRequest("tenacny")).suggestion == "tenancy"
        assert run(SearchRequest("sustainmnet")).suggestion == "sustainment"
        assert run(SearchRequest("tenancy")).suggestion is None


def test_edit_distance_counts_a_swap_of_neighbours_once():
    assert edits("tenacny", "tenancy") == 1
    assert edits("housing", "housing") == 0
    assert edits("hosing", "housing") == 1
    assert edits("abc", "xyz") == 3


def test_the_ranking_vector_is_the_documents_title_and_tag_names(app):
    published_entry(title="Tenancy rescue", summary="Floating support.",
                    client_groups=["care-leavers"])
    assert db.session.scalar(text("SELECT ranking = ts_filter(document, '{a,d}') "
                                  "FROM search_document")) is True
    lexemes = db.session.scalar(text("SELECT tsvector_to_array(ranking) FROM search_document"))
    assert {"tenanc", "rescu", "care", "leaver"} <= set(lexemes)
    assert not {"float", "support"} & set(lexemes)


def test_pages_are_pre_ranked_on_titles_and_tags_then_ranked_in_full(app, client, monkeypatch):
    """With a window smaller than the matches: title matches still lead, the total counts
    every match, and pages beyond the window (ranked in one pass) lose nothing."""
    monkeypatch.setattr(query, "PRERANK", 3)
    monkeypatch.setattr(query, "RERANK", 2)
    for n in range(2):
        published_entry(title=f"Tenancy help {n}", summary="Help at home.")
    for n in range(4):
        published_entry(title=f"Help at home {n}", summary="Tenancy help " + "and more " * n)

    def page(number: int) -> dict:
        return client.get("/api/v1/search", query_string={
            "q": "tenancy", "per_page": 2, "page": number}).get_json()

    first = page(1)
    assert first["total"] == 6
    assert {hit["title"] for hit in first["results"]} == {"Tenancy help 0", "Tenancy help 1"}
    titles = [hit["title"] for number in (1, 2, 3) for hit in page(number)["results"]]
    assert len(set(titles)) == 6


def _searched(app, text_: str, spy: list) -> tuple:
    with app.test_request_context():
        found = run(SearchRequest(query=text_, per_page=2))
    return (found.total, found.facets, [hit.title for hit in found.hits], len(spy))


def test_facets_counted_on_a_second_connection_match_those_counted_on_the_searchs_own(
        app, monkeypatch):
    """A search that has written nothing counts its facets on another connection while it
    reads the page; the answer is the one its own connection gives."""
    for n, groups in enumerate((["care-leavers"], ["offenders"], ["care-leavers", "offenders"],
                                ["mental-health"])):
        published_entry(title=f"Tenancy help {n}", summary="Help at home.",
                        client_groups=groups)
    published_entry(title="Work tasters", summary="Tenancy skills too.")
    spy: list = []
    grouped = query._grouped
    monkeypatch.setattr(query, "_grouped", lambda *args: spy.append(1) or grouped(*args))
    db.session.commit()
    beside = _searched(app, "tenancy help", spy)
    assert beside[3] == 1  # counted on the second connection
    assert beside[0] == 5 and beside[1]["client_group"]["care-leavers"] == 2
    db.session.execute(text("SELECT txid_current()"))  # now this transaction has an id
    alone = _searched(app, "tenancy help", spy)
    assert alone[3] == 1  # counted on its own connection
    assert alone[:3] == beside[:3]


def test_a_search_in_a_transaction_that_has_written_counts_what_it_wrote(app):
    """Another connection would not see the uncommitted row (as inside a test's or a
    command's outer transaction): the count stays with the search's own connection, and
    agrees with the page."""
    published_entry(title="Tenancy rescue service")
    db.session.execute(text("UPDATE search_document SET title = 'Tenancy rescue lodgings', "
                            "document = document || to_tsvector('english', 'lodgings')"))
    with app.test_request_context():
        found = run(SearchRequest(query="lodgings"))
    assert found.total == 1
    assert [hit.title for hit in found.hits] == ["Tenancy rescue lodgings"]


def _imported(*titles: str) -> None:
    import json

    from portal.library.services import import_entries
    from portal.permissions import COMMAND_LINE
    from tests.library.factories import record

    groups = (["care-leavers"], ["offenders"])
    import_entries([json.dumps(record(title=title, identifier=title.lower().replace(" ", "-"),
                                      client_groups=groups[n % 2]))
                    for n, title in enumerate(titles)], actor=COMMAND_LINE)
    db.session.commit()


def _vectors() -> dict[str, str]:
    return dict(db.session.execute(text("SELECT title, document::text FROM search_document")
                                   ).all())


def test_an_imports_tsvectors_worked_out_ahead_are_those_the_row_writer_computes(app):
    """An import works its entries' tsvectors out on another connection while it inserts
    the entries; rebuilding every row, which computes them in the upsert, changes nothing."""
    _imported("Tenancy rescue", "Work tasters", "Housing first")
    ahead = _vectors()
    documents.rebuild(db.session)
    db.session.commit()
    assert _vectors() == ahead
    assert "'tenanc':1A" in ahead["Tenancy rescue"] and "'leaver'" in ahead["Tenancy rescue"]


def test_an_import_uses_the_tsvectors_worked_out_ahead_for_texts_unchanged_since(
        app, monkeypatch):
    """A vector worked out ahead is used only for the very texts it was worked out from."""
    real = documents._analysed

    def marked(engine, texts):
        found = real(engine, texts)
        return {key: f"{vector} 'zzahead'" for key, vector in found.items()
                if key[0] != "Work tasters"}  # as if this one's title changed since

    monkeypatch.setattr(documents, "_analysed", marked)
    _imported("Tenancy rescue", "Work tasters")
    vectors = _vectors()
    assert "'zzahead'" in vectors["Tenancy rescue"]
    assert "'zzahead'" not in vectors["Work tasters"]
    assert "'taster':2A" in vectors["Work tasters"]


def test_an_import_whose_analysis_ahead_fails_still_writes_every_row(app, monkeypatch, caplog):
    def broken(engine, texts):
        raise RuntimeError("the second connection went away")

    monkeypatch.setattr(documents, "_analysed", broken)
    _imported("Tenancy rescue", "Work tasters")
    assert set(_vectors()) == {"Tenancy rescue", "Work tasters"}
    assert "'taster':2A" in _vectors()["Work tasters"]
    assert "Analysing search text ahead failed" in caplog.text
