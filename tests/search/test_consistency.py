"""The index follows the database: every commit, across a crash and across processes."""

import subprocess
import sys
from pathlib import Path

import pytest

from portal.extensions import db
from portal.library.records import to_record
from portal.library.services import delete_entry, moderate, update_entry
from portal.models import PendingSearchChange
from portal.search.whoosh.index import open_index
from tests.library.factories import published_entry

ROOT = Path(__file__).resolve().parents[2]

@pytest.fixture
def search_backend():
    """These tests are about the Whoosh backend (on either database)."""
    return "whoosh"



def _indexed_titles() -> set[str]:
    with open_index().searcher() as searcher:
        return {fields["title"] for fields in searcher.all_stored_fields()}


def test_a_published_entry_is_indexed_on_commit(app):
    published_entry(title="Tenancy rescue service")
    assert _indexed_titles() == {"Tenancy rescue service"}
    assert db.session.query(PendingSearchChange).count() == 0


def test_an_update_replaces_the_document(app, make_user):
    entry = published_entry(title="Old title")
    update_entry(entry, {**to_record(entry), "title": "New title"}, actor=make_user("admin"))
    db.session.commit()
    assert _indexed_titles() == {"New title"}


def test_unpublishing_removes_the_document(app, make_user):
    entry = published_entry()
    moderate(entry, "unpublish", "Figures wrong", actor=make_user("admin"))
    db.session.commit()
    assert _indexed_titles() == set()


def test_deleting_removes_the_document(app, make_user):
    entry = published_entry()
    delete_entry(entry, actor=make_user("admin"))
    db.session.commit()
    assert _indexed_titles() == set()


def test_a_rolled_back_change_leaves_nothing_pending(app):
    entry = published_entry(title="Kept")
    entry.title = "Never committed"
    db.session.flush()
    db.session.rollback()
    assert db.session.query(PendingSearchChange).count() == 0
    assert _indexed_titles() == {"Kept"}


def _worker(app, *args) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.search.worker", app.config["SQLALCHEMY_DATABASE_URI"],
         app.config["SEARCH_INDEX_DIR"], *args], cwd=ROOT)


def test_sync_catches_up_after_a_process_dies_between_commit_and_indexing(app, runner):
    crashed = _worker(app, "crash", "Crash survivor")
    assert crashed.wait(timeout=60) == 9
    assert db.session.query(PendingSearchChange).count() == 1
    assert _indexed_titles() == set()
    result = runner.invoke(args=["search", "sync"])
    assert result.exit_code == 0, result.output
    assert _indexed_titles() == {"Crash survivor 0"}
    assert db.session.query(PendingSearchChange).count() == 0


def test_two_processes_writing_at_once_lose_nothing(app):
    workers = [_worker(app, "write", name, "8") for name in ("Alpha", "Beta")]
    assert [worker.wait(timeout=120) for worker in workers] == [0, 0]
    expected = {f"{name} {n}" for name in ("Alpha", "Beta") for n in range(8)}
    assert db.session.query(PendingSearchChange).count() == 0  # nothing left behind...
    assert _indexed_titles() == expected  # ...and nothing lost


def test_reindex_rebuilds_everything_from_the_database(app, runner):
    published_entry(title="First")
    published_entry(title="Second")
    with open_index().writer() as writer:  # simulate a lost index
        writer.delete_by_term("kind", "library")
    assert _indexed_titles() == set()
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "Indexed 2 documents" in result.output
    assert _indexed_titles() == {"First", "Second"}


# Whoosh leaves the table of contents open when it cannot unpickle it; the garbage collector
# closes it.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_an_index_written_by_another_version_is_rebuilt_not_a_500(app, client, runner):
    """An index is derived data. One whose schema names a module this version no longer has
    (an analyser moved) cannot even be unpickled: health, search and the deploy step still
    answer, and the deploy step rebuilds it from the database."""
    published_entry(title="Tenancy rescue service")
    directory = Path(app.config["SEARCH_INDEX_DIR"])
    [toc] = directory.glob("_MAIN_*.toc")
    written = toc.read_bytes()
    assert b"portal.search.whoosh" in written
    toc.write_bytes(written.replace(b"portal.search.whoosh", b"portal.search.elsewh"))
    app.extensions.pop("whoosh_index_ready", None)  # as a new process starts
    page = client.get("/search?q=tenancy")
    assert page.status_code == 200 and "Search is being set up" in page.get_data(as_text=True)
    assert client.get("/api/v1/health").get_json()["search"] == "ok"
    result = runner.invoke(args=["deploy"])
    assert result.exit_code == 0, result.output
    assert _indexed_titles() == {"Tenancy rescue service"}
