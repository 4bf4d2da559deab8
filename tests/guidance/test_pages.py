"""The rules of guidance: drafts are never public, every published version is kept, and
only site staff write, publish and withdraw."""

from datetime import date, timedelta

import pytest

from portal import clock
from portal.errors import PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.guidance import services
from portal.models import AuditEvent
from tests.guidance.factories import content, draft_page, model_content, published_page


def test_a_draft_is_not_public(client):
    page = draft_page(title="Secret draft")
    assert client.get(f"/guidance/{page.slug}").status_code == 404
    assert "Secret draft" not in client.get("/guidance/").get_data(as_text=True)
    assert client.get(f"/api/v1/guidance/{page.slug}").status_code == 404
    assert client.get("/api/v1/guidance").get_json()["meta"]["total"] == 0


def test_staff_see_a_draft(client, auth, make_user):
    page = draft_page(title="Secret draft")
    auth.login(make_user("admin"))
    body = client.get(f"/guidance/{page.slug}").get_data(as_text=True)
    assert "Secret draft" in body and "Only site staff can see this page" in body


def test_a_published_page_is_public_with_its_last_reviewed_date(client):
    page = published_page(reviewed_on=date(2026, 11, 1))
    body = client.get(f"/guidance/{page.slug}").get_data(as_text=True)
    assert "How to write a bid" in body and "Last reviewed 1 November 2026" in body
    assert "<h2>Read the specification</h2>" in body


def test_the_slug_comes_from_the_title_and_stays_unique(app):
    first, second = published_page(), published_page()
    assert (first.slug, second.slug) == ("how-to-write-a-bid", "how-to-write-a-bid-2")
    assert draft_page(title="New").slug == "new-page"  # /guidance/new is the staff form


def test_editing_a_published_page_changes_nothing_public_until_it_is_published_again(
        client, make_user):
    admin = make_user("admin")
    page = published_page()
    services.update_page(page, content(title="How to write a winning bid"), actor=admin)
    db.session.commit()
    assert "winning" not in client.get(f"/guidance/{page.slug}").get_data(as_text=True)
    assert page.has_unpublished_changes
    services.publish(page, reviewed_on=clock.uk_today(), change_note="New title", actor=admin)
    db.session.commit()
    assert "winning" in client.get(f"/guidance/{page.slug}").get_data(as_text=True)


def test_every_published_version_is_kept(make_user):
    admin = make_user("admin")
    page = published_page()
    services.update_page(page, content(body="Second text"), actor=admin)
    services.publish(page, reviewed_on=clock.uk_today(), change_note="Shorter", actor=admin)
    db.session.commit()
    assert [(v.number, v.change_note) for v in page.versions] == [
        (1, "First version"), (2, "Shorter")]
    assert page.versions[0].body.startswith("## Read the specification")
    assert page.current.body == "Second text"


def test_staff_read_the_history_and_any_old_version(client, auth, make_user):
    admin = make_user("admin")
    page = published_page()
    services.update_page(page, content(body="Second text"), actor=admin)
    services.publish(page, reviewed_on=clock.uk_today(), change_note="Shorter", actor=admin)
    db.session.commit()
    auth.login(admin)
    history = client.get(f"/guidance/{page.slug}/history").get_data(as_text=True)
    assert "Version 1" in history and "Version 2" in history and "Shorter" in history
    old = client.get(f"/guidance/{page.slug}/versions/1").get_data(as_text=True)
    assert "Read the specification" in old and "You are reading version 1" in old
    assert client.get(f"/guidance/{page.slug}/versions/3").status_code == 404


def test_the_public_cannot_read_the_history(client, auth, make_user):
    page = published_page()
    assert client.get(f"/guidance/{page.slug}/history").status_code == 302
    auth.login(make_user("commissioner"))
    assert client.get(f"/guidance/{page.slug}/history").status_code == 403
    assert client.get(f"/guidance/{page.slug}/versions/1").status_code == 403


@pytest.mark.parametrize("role", ["provider", "commissioner"])
def test_only_staff_write_publish_or_withdraw(make_user, role):
    user, page = make_user(role), published_page()
    with pytest.raises(PermissionDenied):
        services.create_page(content(), actor=user)
    with pytest.raises(PermissionDenied):
        services.update_page(page, content(), actor=user)
    with pytest.raises(PermissionDenied):
        services.publish(page, reviewed_on=clock.uk_today(), change_note="", actor=user)
    with pytest.raises(PermissionDenied):
        services.withdraw(page, actor=user)


def test_a_withdrawn_page_leaves_the_public_site_and_keeps_its_history(client, make_user):
    admin = make_user("admin")
    page = published_page()
    services.withdraw(page, actor=admin)
    db.session.commit()
    assert client.get(f"/guidance/{page.slug}").status_code == 404
    assert len(page.versions) == 1
    with pytest.raises(ValidationFailed):
        services.withdraw(page, actor=admin)


def test_the_review_date_cannot_be_in_the_future(make_user):
    page = draft_page()
    with pytest.raises(ValidationFailed) as refused:
        services.publish(page, reviewed_on=clock.uk_today() + timedelta(days=1),
                         change_note="", actor=make_user("admin"))
    assert "reviewed_on" in refused.value.errors


def test_a_page_needs_a_title_and_an_audience(make_user):
    with pytest.raises(ValidationFailed) as refused:
        services.create_page(content(title=" ", audiences=[]), actor=make_user("admin"))
    assert set(refused.value.errors) == {"title", "audiences"}


def test_model_wording_is_all_or_nothing_and_one_page_per_clause(make_user):
    admin = make_user("admin")
    with pytest.raises(ValidationFailed) as refused:
        services.create_page(model_content(model_unit=None, model_minimum=None), actor=admin)
    assert set(refused.value.errors) == {"model_unit", "model_minimum"}
    services.create_page(model_content(), actor=admin)
    with pytest.raises(ValidationFailed) as refused:
        services.create_page(model_content(title="Another"), actor=admin)
    assert "clause_type_code" in refused.value.errors


def test_changes_are_in_the_audit_log(make_user):
    admin = make_user("admin")
    page = published_page(actor=admin)
    services.withdraw(page, actor=admin)
    db.session.commit()
    actions = db.session.scalars(db.select(AuditEvent.action).where(
        AuditEvent.object_type == "guidance_page").order_by(AuditEvent.id)).all()
    assert actions == ["guidance.created", "guidance.published", "guidance.withdrawn"]


def test_the_index_groups_pages_by_audience(client):
    published_page(title="For both", audiences=["commissioners", "providers"])
    published_page(title="For partnerships", audiences=["local-strategic-partnerships"])
    body = client.get("/guidance/").get_data(as_text=True)
    commissioners, providers, partnerships = (
        body.index('id="commissioners"'), body.index('id="providers"'),
        body.index('id="local-strategic-partnerships"'))
    assert body.count("For both") == 2
    assert commissioners < body.index("For both") < providers
    assert partnerships < body.index("For partnerships")


def test_staff_write_and_publish_a_page_through_the_forms(client, auth, make_user):
    from tests.conftest import csrf_token

    auth.login(make_user("admin"))
    token = csrf_token(client, "/guidance/new")
    made = client.post("/guidance/new", data={
        "csrf_token": token, "title": "Grant or contract?", "body": "It depends.",
        "audiences": ["commissioners"]})
    assert made.status_code == 303 and made.headers["Location"] == "/guidance/grant-or-contract"
    published = client.post("/guidance/grant-or-contract/publish", data={
        "csrf_token": token, "reviewed_on": "2 12 2026", "change_note": "First"})
    assert published.status_code == 303
    auth.logout()
    assert "It depends." in client.get("/guidance/grant-or-contract").get_data(as_text=True)


def test_a_bad_form_shows_its_errors(client, auth, make_user):
    from tests.conftest import csrf_token

    auth.login(make_user("admin"))
    page = draft_page()
    answer = client.post(f"/guidance/{page.slug}/publish", data={
        "csrf_token": csrf_token(client, "/guidance/new"), "reviewed_on": "31 2 2026"})
    assert answer.status_code == 400
    assert "Enter the date as day, month and year" in answer.get_data(as_text=True)
