"""Guidance in search (both backends: Whoosh on SQLite, full-text search on PostgreSQL) and
in the open data API: published versions only."""

from portal import clock
from portal.extensions import db
from portal.guidance import services
from tests.guidance.factories import content, draft_page, model_content, published_page
from tests.search.indexed import indexed_keys


def _search(client, words: str) -> dict:
    return client.get(f"/api/v1/search?q={words}").get_json()


def test_search_finds_published_guidance_only(client):
    public = published_page(title="Full cost recovery explained")
    draft_page(title="Full cost recovery draft")
    body = _search(client, "recovery")
    assert [hit["title"] for hit in body["results"]] == ["Full cost recovery explained"]
    assert body["results"][0]["kind"] == "guidance"
    assert body["results"][0]["url"].endswith(f"/guidance/{public.slug}")
    assert body["facets"]["kind"] == {"guidance": 1}
    assert indexed_keys() == {f"guidance:{public.id}"}


def test_search_reads_the_published_version_not_the_draft(client, make_user):
    page = published_page(title="Lots for small providers")
    services.update_page(page, content(title="Lots for zebras"), actor=make_user("admin"))
    db.session.commit()
    assert _search(client, "zebras")["results"] == []
    assert [h["title"] for h in _search(client, "lots")["results"]] == ["Lots for small providers"]


def test_a_withdrawn_page_leaves_search(client, make_user):
    page = published_page(title="Light-touch regime")
    services.withdraw(page, actor=make_user("admin"))
    db.session.commit()
    assert _search(client, "light")["results"] == []
    assert indexed_keys() == set()


def test_a_new_version_is_searchable_at_once(client, make_user):
    admin = make_user("admin")
    page = published_page(title="Grant or contract")
    services.update_page(page, content(title="Grant, contract or loan"), actor=admin)
    services.publish(page, reviewed_on=clock.uk_today(), change_note="", actor=admin)
    db.session.commit()
    assert [h["title"] for h in _search(client, "loan")["results"]] == ["Grant, contract or loan"]


def test_guidance_that_names_an_indicator_is_in_its_facet(client):
    published_page(title="Targets for care leavers", body="Agree a target for NI 148.")
    body = client.get("/api/v1/search?q=targets&indicator=NI+148").get_json()
    assert [hit["title"] for hit in body["results"]] == ["Targets for care leavers"]


def test_a_reindex_keeps_published_guidance_only(runner):
    public = published_page()
    draft_page(title="Draft only")
    assert runner.invoke(args=["search", "reindex"]).exit_code == 0
    assert indexed_keys() == {f"guidance:{public.id}"}


def test_api_lists_published_guidance_in_the_envelope(client):
    published_page(title="B page", audiences=["providers", "commissioners"])
    published_page(title="A page")
    draft_page(title="C draft")
    body = client.get("/api/v1/guidance?per_page=1").get_json()
    assert body["meta"] == {"total": 2, "page": 1, "per_page": 1, "pages": 2}
    assert body["links"]["next"].endswith("/api/v1/guidance?page=2&per_page=1")
    first = body["data"][0]
    assert first["title"] == "A page" and first["version"] == 1
    assert first["last_reviewed"] == "2026-11-01" and first["audiences"] == ["providers"]
    assert set(first) == {"slug", "url", "title", "summary", "audiences", "version",
                          "published_at", "last_reviewed"}


def test_api_page_has_its_text_and_model_wording(client):
    from portal.permissions import COMMAND_LINE

    page = services.create_page(model_content(), actor=COMMAND_LINE)
    services.publish(page, reviewed_on=clock.uk_today(), change_note="", actor=COMMAND_LINE)
    db.session.commit()
    body = client.get(f"/api/v1/guidance/{page.slug}").get_json()
    assert body["body_markdown"].startswith("## Read the specification")
    assert body["model_social_clause"] == {
        "clause_type": "apprenticeships", "requirement": "Offer apprenticeships to care leavers.",
        "unit": "people", "minimum": 2.0}


def test_api_answers_404_for_a_draft_or_an_unknown_page(client):
    page = draft_page()
    assert client.get(f"/api/v1/guidance/{page.slug}").status_code == 404
    assert client.get("/api/v1/guidance/no-such-page").status_code == 404
