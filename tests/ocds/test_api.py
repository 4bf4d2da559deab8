"""The OCDS endpoints: ids, dates, amendments, enquiries, parties, paging and bad parameters."""

from datetime import UTC, datetime, timedelta

import pytest

from portal.extensions import db
from portal.opportunities import questions
from portal.opportunities import services as opportunities
from tests.ocds.conftest import all_releases

LIST = "/api/v1/ocds/releases"


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@pytest.fixture
def amended(make_opportunity, commissioner, clock):
    """An open opportunity whose deadline was extended a day after publication."""
    clock.set(clock.current.replace(second=0))
    opportunity = make_opportunity("open")
    first_deadline = opportunity.closes_at
    clock.advance(timedelta(days=1))
    opportunities.update_dates(opportunity, questions_close_at=opportunity.questions_close_at,
                               closes_at=first_deadline + timedelta(days=7),
                               reason="Providers asked for more time", actor=commissioner)
    db.session.commit()
    return opportunity, first_deadline


def test_an_amendment_release_gives_the_rationale_and_what_changed(client, amended):
    opportunity, first_deadline = amended
    tender, amendment = all_releases(client)[::-1]
    ocid = f"ocds-213czf-{opportunity.id}"
    assert tender["id"] == f"{ocid}-tender-1" and amendment["tag"] == ["tenderAmendment"]
    assert tender["date"] == _iso(opportunity.published_at)
    assert tender["tender"]["tenderPeriod"]["endDate"] == _iso(first_deadline)
    assert amendment["tender"]["tenderPeriod"]["endDate"] == _iso(opportunity.closes_at)
    [change] = amendment["tender"]["amendments"]
    assert change["rationale"] == "Providers asked for more time"
    assert change["amendsReleaseID"] == tender["id"] and change["releaseID"] == amendment["id"]
    assert change["changes"] == [{"property": "tenderPeriod.endDate",
                                  "former_value": _iso(first_deadline)}]
    assert change["description"].startswith("Deadline for bids: changed from")


def test_a_release_is_the_same_whenever_it_is_asked_for(client, amended):
    first = client.get(LIST).get_json()["releases"]
    again = [client.get(f"{LIST}/{r['id']}").get_json()["releases"][0] for r in first]
    assert again == first


def test_answered_questions_are_enquiries_without_who_asked(client, make_opportunity,
                                                            make_user, commissioner):
    opportunity = make_opportunity("open")
    asker = make_user("provider")
    question = questions.ask(opportunity, "Can two charities bid together?", actor=asker)
    db.session.commit()
    assert [r["tag"] for r in all_releases(client)] == [["tender"]]  # not answered yet
    questions.answer(question, "Yes, with a lead organisation.", actor=commissioner)
    db.session.commit()
    update = all_releases(client)[0]
    assert update["tag"] == ["tenderUpdate"] and update["tender"]["hasEnquiries"] is True
    [enquiry] = update["tender"]["enquiries"]
    assert enquiry["answer"] == "Yes, with a lead organisation."
    assert "author" not in enquiry and asker.organisation.name not in str(update)


def test_parties_carry_charity_and_company_numbers(client, demo_data):
    identifiers = {party["name"]: party.get("identifier") for release in all_releases(client)
                   for party in release["parties"]}
    assert identifiers["Step Forward Housing"] == {
        "scheme": "GB-CHC", "id": "1101234", "legalName": "Step Forward Housing"}
    assert identifiers["Manchester City Council"] is None


def test_releases_come_newest_first_and_pages_join_up(client, demo_data):
    whole = client.get(LIST).get_json()["releases"]
    paged = all_releases(client, f"{LIST}?limit=3")
    assert [r["id"] for r in paged] == [r["id"] for r in whole]
    dates = [r["date"] for r in whole]
    assert dates == sorted(dates, reverse=True)


def test_updated_from_and_to_keep_releases_dated_between_them(client, demo_data):
    dates = sorted({r["date"] for r in all_releases(client)})
    since, until = dates[1], dates[-2]
    kept = all_releases(client, f"{LIST}?updatedFrom={since}&updatedTo={until}")
    assert kept and all(since <= r["date"] <= until for r in kept)
    assert len(kept) == sum(1 for r in all_releases(client) if since <= r["date"] <= until)
    day = dates[-1][:10]
    assert all(r["date"] >= day for r in all_releases(client, f"{LIST}?updatedFrom={day}"))
    lower_case = since.replace("T", "t").replace("+00:00", "z")  # RFC 3339 allows both
    assert all_releases(client, f"{LIST}?updatedFrom={lower_case}&updatedTo={until}") == kept


@pytest.mark.parametrize("query, field", [
    ("limit=abc", "limit"), ("limit=0", "limit"), ("limit=101", "limit"),
    ("updatedFrom=yesterday", "updatedFrom"), ("updatedTo=2026-13-01", "updatedTo"),
    ("updatedFrom=2026-05-01&updatedTo=2026-04-01", "updatedFrom"),
    ("cursor=not-a-cursor", "cursor"),
])
def test_bad_parameters_are_refused_with_a_message(client, query, field):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert field in [error["parameter"] for error in response.get_json()["errors"]]


@pytest.mark.parametrize("path", [
    "/api/v1/ocds/releases/ocds-213czf-999-tender-1", "/api/v1/ocds/releases/nonsense",
    "/api/v1/ocds/records/ocds-213czf-999", "/api/v1/ocds/records/ocds-other-1",
    "/api/v1/ocds/records/ocds-213czf-1x",
])
def test_unknown_releases_and_records_are_not_found(client, path):
    assert client.get(path).status_code == 404


def test_the_release_list_is_public_and_cacheable(client, make_opportunity):
    make_opportunity("open")
    response = client.get(LIST)
    assert response.cache_control.public and response.cache_control.max_age > 0
    bulk = client.get("/api/v1/ocds/releases.jsonl")
    assert bulk.cache_control.public
    assert "ocds-releases.jsonl" in bulk.headers["Content-Disposition"]


def test_the_ocid_prefix_comes_from_configuration(client, app, make_opportunity):
    opportunity = make_opportunity("open")
    app.config["OCDS_OCID_PREFIX"] = "ocds-abc123"
    [release] = client.get(LIST).get_json()["releases"]
    assert release["ocid"] == f"ocds-abc123-{opportunity.id}"
    assert client.get(f"/api/v1/ocds/records/ocds-abc123-{opportunity.id}").status_code == 200


def test_targets_commitments_results_and_social_clauses_are_where_the_extensions_say(
        client, demo_data):
    release = next(r for r in all_releases(client) if r["tag"] == ["implementation"])
    targets = {m["id"]: m for m in release["tender"]["targets"]}
    [indicator] = [key for key in targets if key.startswith("indicator-")]
    assert {o["id"] for o in targets[indicator]["observations"]} == {"baseline", "target"}
    [contract] = release["contracts"]
    agreed = {m["id"] for m in contract["agreedMetrics"]}
    assert agreed == set(targets) == {m["id"] for m in release["awards"][0]["agreedMetrics"]}
    [result] = contract["implementation"]["metrics"]
    assert result["id"] == indicator
    assert result["observations"][0]["period"]["startDate"] == contract["period"]["startDate"]
    goals = [s["goal"] for s in release["tender"]["sustainability"]]
    assert "social.disadvantagedEmploymentOpportunities" in goals
    assert release["tender"]["hasSustainability"] is True
