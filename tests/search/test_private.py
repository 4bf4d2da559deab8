"""Nothing private is ever indexed: not waiting, returned, unpublished or deleted entries."""

from portal.extensions import db
from portal.library.services import delete_entry, moderate
from tests.library.factories import published_entry, submitted_entry
from tests.search.indexed import indexed_keys as _indexed_keys


def test_only_published_entries_are_ever_in_the_index(app, client, make_user):
    admin, contributor = make_user("admin"), make_user("provider")
    public = published_entry(title="Public zebra service")
    waiting = submitted_entry(contributor, title="Waiting zebra service")
    returned = submitted_entry(contributor, title="Returned zebra service")
    moderate(returned, "return", "Needs sources", actor=admin)
    unpublished = published_entry(title="Unpublished zebra service")
    moderate(unpublished, "unpublish", "Wrong figures", actor=admin)
    deleted = published_entry(title="Deleted zebra service")
    delete_entry(deleted, actor=admin)
    db.session.commit()

    assert _indexed_keys() == {f"library:{public.id}"}
    body = client.get("/api/v1/search?q=zebra").get_json()
    assert [hit["title"] for hit in body["results"]] == ["Public zebra service"]
    assert body["facets"]["kind"] == {"library": 1}
    assert waiting.status == "submitted"


def test_a_full_reindex_also_leaves_private_entries_out(app, runner, make_user):
    public = published_entry()
    submitted_entry(make_user("provider"), title="Waiting")
    assert runner.invoke(args=["search", "reindex"]).exit_code == 0
    assert _indexed_keys() == {f"library:{public.id}"}
