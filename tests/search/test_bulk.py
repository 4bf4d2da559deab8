"""Bulk builds, restarts and first starts: the index they leave answers as it should."""

import subprocess
import sys
from contextlib import contextmanager

import pytest

from portal import create_app
from portal.extensions import db
from portal.search import SearchRequest, run
from portal.search.whoosh import bulk, changes, query
from portal.search.whoosh.index import open_index, writer
from tests.search.corpus import documents
from tests.search.test_consistency import ROOT


@pytest.fixture
def search_backend():
    """These tests are about the Whoosh backend (on either database)."""
    return "whoosh"



@contextmanager
def _started(config):
    """Another start of the app on the same database and index; its connections closed."""
    other = create_app(config)
    try:
        yield other
    finally:
        with other.app_context():
            db.engine.dispose()


REQUESTS = [
    SearchRequest("housing"), SearchRequest("housing support"),
    SearchRequest("employ training", filters={"client_group": ["offenders"]}),
    SearchRequest('"care leavers"'), SearchRequest("care OR probation", page=2),
    SearchRequest("mental NOT health"), SearchRequest("runing"),
    SearchRequest("", filters={"status": ["open"]}, sort="closing"),
    SearchRequest("", sort="improvement"), SearchRequest("tenancy", sort="newest"),
]


def _answers(app, directory):
    app.config["SEARCH_INDEX_DIR"] = directory
    query._local.state = None
    with app.test_request_context():
        return [run(SearchRequest(r.query, dict(r.filters), r.sort, r.page))
                for r in REQUESTS]


def _one_at_a_time(triples):
    # One commit: when Whoosh merges segments it adds up their documents' one-byte
    # (rounded) lengths, so average lengths, and scores in the third figure, depend on
    # the history of merges, however the documents were first written.
    index_writer = writer(open_index())
    for triple in triples:
        index_writer.update_document(**changes._fields(*triple))
    index_writer.commit()


def test_a_bulk_build_answers_every_query_as_one_at_a_time_does(app, tmp_path, monkeypatch):
    triples = list(documents(300))
    one_dir, bulk_dir = app.config["SEARCH_INDEX_DIR"], str(tmp_path / "bulk")
    _one_at_a_time(triples)
    with _started({**app.config, "SEARCH_INDEX_DIR": bulk_dir}):  # creates the empty index
        pass
    app.config["SEARCH_INDEX_DIR"] = bulk_dir
    monkeypatch.setattr(bulk, "SEGMENT_DOCS", 70)  # several segments from two processes
    assert changes.add_documents(triples, processes=2) == 300
    with open_index().searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) > 2
    expected, got = _answers(app, one_dir), _answers(app, bulk_dir)
    for wanted, answer in zip(expected, got, strict=True):
        assert answer.total == wanted.total
        assert answer.facets == wanted.facets
        assert answer.suggestion == wanted.suggestion
        assert answer.hits == wanted.hits
    assert any(answer.total for answer in got) and got[6].suggestion == "running"


def test_the_index_survives_a_restart_with_its_documents(app):
    changes.add_documents(list(documents(40)))
    before = _answers(app, app.config["SEARCH_INDEX_DIR"])
    with _started(dict(app.config)) as restarted, restarted.app_context():
        with open_index().searcher() as searcher:
            assert searcher.doc_count() == 40
    assert _answers(app, app.config["SEARCH_INDEX_DIR"]) == before


def test_processes_starting_at_once_on_no_index_lose_nothing(app, tmp_path):
    directory = str(tmp_path / "fresh-index")
    starts = [subprocess.Popen(
        [sys.executable, "-m", "tests.search.worker", app.config["SQLALCHEMY_DATABASE_URI"],
         directory, "start", f"Started {n}", str(n)], cwd=ROOT) for n in range(4)]
    assert [process.wait(timeout=120) for process in starts] == [0, 0, 0, 0]
    app.config["SEARCH_INDEX_DIR"] = directory
    with open_index().searcher() as searcher:
        titles = {fields["title"] for fields in searcher.all_stored_fields()}
    assert titles == {f"Started {n}" for n in range(4)}


def test_a_web_request_never_builds_the_index_and_says_search_is_not_ready(app, runner):
    from tests.library.factories import published_entry

    published_entry(title="Kept through the rebuild")
    with open_index().writer() as index_writer:  # the index lost, the database intact
        index_writer.delete_by_term("kind", "library")
    with _started(dict(app.config)) as fresh:
        page = fresh.test_client().get("/search?q=rebuild")
        body = fresh.test_client().get("/api/v1/search?q=rebuild").get_json()
    assert body["results"] == []
    assert "Search is being set up on this server" in page.get_data(as_text=True)
    assert "Search is being set up on this server" in body["message"]
    result = runner.invoke(args=["search", "sync"])
    assert result.exit_code == 0, result.output
    body = app.test_client().get("/api/v1/search?q=rebuild").get_json()
    assert [hit["title"] for hit in body["results"]] == ["Kept through the rebuild"]
