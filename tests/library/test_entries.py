"""Contributing, moderating and reading practice library entries."""

import re

import pytest

from portal.extensions import db
from portal.models import AuditEvent, LibraryEntry
from portal.notifications.outbox import send_due
from tests.conftest import csrf_token
from tests.library.factories import published_entry, record, submitted_entry

FORM = {
    "title": "Job club for care leavers", "summary": "Weekly job club.",
    "service": "A weekly job club with a personal adviser.", "delivered_by": "Become North",
    "commissioned_by": "Leeds City Council", "client_groups": ["care-leavers"],
    "outcomes": ["eet"], "local_areas": "Leeds\nE08000035", "period_start": "2008-04-01",
    "period_end": "2009-03-31", "cost_per_person_gbp": "£1,200", "evidence_rating": "2",
    "sources": "https://example.org/report",
    "impacts-0-indicator": "NI 148", "impacts-0-baseline_pct": "55",
    "impacts-0-baseline_period": "2007/08", "impacts-0-result_pct": "68.5",
    "impacts-0-result_period": "2008/09", "impacts-0-cohort": "30",
}


def test_signed_in_user_contributes_an_entry_that_waits_for_moderation(client, auth, make_user):
    user = make_user("provider")
    auth.login(user)
    response = client.post("/library/new", data={**FORM, "csrf_token": csrf_token(
        client, "/library/new")})
    assert response.status_code == 303
    entry = db.session.query(LibraryEntry).one()
    assert (entry.status, entry.contributor_id) == ("submitted", user.id)
    assert [a.code for a in entry.local_areas] == ["E08000035"]  # Leeds, given twice
    assert entry.impacts[0].change_pp == 13.5
    auth.logout()
    assert client.get(f"/library/{entry.id}").status_code == 404


def test_invalid_contribution_shows_every_problem_and_keeps_the_answers(client, auth,
                                                                       make_user):
    auth.login(make_user("provider"))
    data = {**FORM, "local_areas": "Atlantis", "impacts-0-result_pct": "150",
            "csrf_token": csrf_token(client, "/library/new")}
    response = client.post("/library/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in page
    assert "no English local authority is called &#39;Atlantis&#39;" in page
    assert "must be between 0 and 100" in page
    assert 'value="Job club for care leavers"' in page
    assert db.session.query(LibraryEntry).count() == 0


@pytest.mark.parametrize("cohort", ["99999999999999999999", "\u00b2"])
def test_a_cohort_no_service_could_have_is_explained(client, auth, make_user, cohort):
    auth.login(make_user("provider"))
    response = client.post("/library/new", data={
        **FORM, "impacts-0-cohort": cohort, "csrf_token": csrf_token(client, "/library/new")})
    assert response.status_code == 400
    assert "must be a whole number of people from 1 to 10,000,000" in response.get_data(
        as_text=True)
    assert db.session.query(LibraryEntry).count() == 0


@pytest.mark.parametrize("query", [
    "evidence=x", "evidence=NaN", "evidence=1e400", "evidence=%25", "evidence=%00",
    "page=99999999999999999999", "page=-1", "cost_min=sNaN", "cost_max=1e400",
    "client_group=%00",
])
def test_odd_list_filters_are_ignored_or_explained(client, query):
    published_entry(title="Still listed")
    response = client.get(f"/library/?{query}")
    assert response.status_code == 200
    assert "Still listed" in response.get_data(as_text=True)


def test_admin_publishes_and_the_contributor_is_emailed(client, auth, make_user, inbox):
    contributor = make_user("provider")
    entry = submitted_entry(contributor)
    auth.login(make_user("admin"))
    response = client.post(f"/library/{entry.id}/moderate", data={
        "decision": "publish", "csrf_token": csrf_token(client, f"/library/{entry.id}")})
    assert response.status_code == 303
    assert entry.status == "published" and entry.reviewed_at is not None
    assert send_due().sent == 1
    [message] = inbox.to(contributor.email)
    assert "published" in message["Subject"]
    link = re.search(r"http://\S+/library/\d+", inbox.text(message)).group(0)
    auth.logout()
    page = client.get(link.split("localhost", 1)[-1].split(":5000")[-1]).get_data(as_text=True)
    assert "Contributed by" in page and contributor.name in page
    assert db.session.query(AuditEvent).filter_by(action="library.published").count() == 1


def test_returning_needs_reasons_which_the_contributor_reads(client, auth, make_user, inbox):
    contributor = make_user("provider")
    entry = submitted_entry(contributor)
    auth.login(make_user("admin"))
    token = csrf_token(client, f"/library/{entry.id}")
    response = client.post(f"/library/{entry.id}/moderate",
                           data={"decision": "return", "csrf_token": token})
    assert response.status_code == 400
    assert "Enter the reason" in response.get_data(as_text=True)
    client.post(f"/library/{entry.id}/moderate", data={
        "decision": "return", "reason": "Add the cohort size", "csrf_token": token})
    assert entry.status == "returned"
    send_due()
    assert "Add the cohort size" in inbox.text(inbox.to(contributor.email)[0])


def test_contributor_edits_a_returned_entry_and_it_waits_again(client, auth, make_user):
    contributor = make_user("provider")
    entry = submitted_entry(contributor)
    entry.status = "returned"
    db.session.commit()
    auth.login(contributor)
    token = csrf_token(client, f"/library/{entry.id}/edit")
    response = client.post(f"/library/{entry.id}/edit", data={**FORM, "csrf_token": token})
    assert response.status_code == 303
    assert (entry.status, entry.title) == ("submitted", "Job club for care leavers")


def test_entry_page_shows_baseline_result_change_and_evidence_meaning(client):
    entry = published_entry()
    related = published_entry(title="Another offenders service")
    page = client.get(f"/library/{entry.id}").get_data(as_text=True)
    assert "71.0% (2006/07)" in page and "→ 84.5% (2008/09)" in page
    assert "+13.5 points" in page
    assert "Comparison group." in page
    assert related.title in page  # related entries


def test_list_filters_by_indicator_and_cost_and_sorts_by_improvement(client):
    small = published_entry(title="Small change")
    big = published_entry(title="Big change", impacts=[
        {"indicator": "NI 143", "baseline_pct": 50, "baseline_period": "a", "result_pct": 80,
         "result_period": "b", "cohort": 10}])
    published_entry(title="Care leavers only", cost_per_person_gbp=9000, impacts=[
        {"indicator": "NI 148", "baseline_pct": 50, "baseline_period": "a", "result_pct": 99,
         "result_period": "b", "cohort": 10}])
    page = client.get("/library/?indicator=NI+143&sort=improvement&cost_max=5000").get_data(
        as_text=True)
    assert "2 entries" in page and "Care leavers only" not in page
    assert page.index(big.title) < page.index(small.title)


def test_public_evidence_page_explains_every_level(client):
    page = client.get("/library/evidence").get_data(as_text=True)
    for name in ("Described", "Before-and-after measure", "Comparison group",
                 "Randomised or strong quasi-experimental", "Replicated in several places"):
        assert name in page


def test_contribution_and_import_share_one_rulebook(make_user):
    import pytest

    from portal.errors import ValidationFailed
    from portal.library.services import contribute

    with pytest.raises(ValidationFailed) as error:
        contribute(record(evidence_rating=0), actor=make_user("provider"))
    assert error.value.errors == {"evidence_rating": "must be a whole number from 1 to 5"}
