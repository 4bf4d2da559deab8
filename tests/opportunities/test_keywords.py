"""The opportunity list's keyword box: `?q=` goes through the search service, together
with the list's filters, sorting and paging, on the page, in the API and in saved alerts."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from werkzeug.datastructures import MultiDict

from portal.alerts import services as alerts
from portal.extensions import db
from portal.models import ClientGroup, LocalArea, OpportunityIndicator, Outcome
from portal.opportunities import queries
from tests.notifications.support import recipients, save_alert


def _ids(client, query):
    response = client.get(f"/api/v1/opportunities?{query}")
    assert response.status_code == 200, response.get_json()
    return [r["id"] for r in response.get_json()["data"]]


def _titles(body: str) -> list[str]:
    return re.findall(r'<h2 class="govuk-heading-m[^"]*"><a class="govuk-link" '
                      r'href="/opportunities/\d+">([^<]+)</a>', body)


@pytest.fixture
def mentoring(make_opportunity):
    return make_opportunity("open", title="Mentoring care leavers into work",
                            summary="Volunteer mentors for care leavers.")


@pytest.fixture
def housing(make_opportunity):
    return make_opportunity(
        "open", title="Housing for people on probation", summary="Tenancies and support.",
        specification="## Service\n\nA tenancy officer, with mentoring on the side.",
        client_groups=[db.session.get(ClientGroup, "offenders")],
        outcomes=[db.session.get(Outcome, "accommodation")],
        local_areas=[db.session.get(LocalArea, "E09000028")],
        indicators=[OpportunityIndicator(indicator_code="NI 143", target_pct=Decimal(80))])


def test_keywords_find_opportunities_with_stemming(client, mentoring, housing):
    assert _ids(client, "q=tenancies") == [housing.id]
    assert _ids(client, "q=mentor") == [mentoring.id, housing.id]  # title above body
    assert _ids(client, "q=nothing+like+this") == []


def test_keywords_combine_with_the_filters(client, mentoring, housing):
    assert _ids(client, "q=mentoring&client_group=offenders") == [housing.id]
    assert _ids(client, "q=mentoring&region=E12000002") == [mentoring.id]
    assert _ids(client, "q=tenancy&client_group=care-leavers") == []


def test_keywords_sort_by_relevance_unless_another_order_is_chosen(
        client, make_opportunity, mentoring, housing):
    housing.closes_at = mentoring.closes_at - timedelta(days=1)
    db.session.commit()
    assert _ids(client, "q=mentoring") == [mentoring.id, housing.id]
    assert _ids(client, "q=mentoring&sort=closing") == [housing.id, mentoring.id]
    housing.value_max = 900_000
    db.session.commit()
    assert _ids(client, "q=mentoring&sort=value") == [housing.id, mentoring.id]
    # Relevance needs words: without them the list falls back to closing soonest.
    assert _ids(client, "sort=relevance") == _ids(client, "sort=closing")


def test_keyword_results_are_paged(client, make_opportunity, housing):
    made = [make_opportunity("open", title=f"Mentoring scheme {n}")
            for n in range(queries.PER_PAGE + 3)]
    first = client.get("/api/v1/opportunities?q=mentoring").get_json()
    second = client.get("/api/v1/opportunities?q=mentoring&page=2").get_json()
    assert first["meta"]["total"] == len(made) + 1
    assert len(first["data"]) == queries.PER_PAGE and len(second["data"]) == 4
    seen = [r["id"] for r in first["data"] + second["data"]]
    assert sorted(seen) == sorted([o.id for o in made] + [housing.id])  # each once


def test_drafts_are_never_found_by_keywords(client, make_opportunity, mentoring):
    make_opportunity("draft", title="Mentoring draft nobody may see")
    assert _ids(client, "q=mentoring") == [mentoring.id]


def test_the_list_page_has_a_keyword_box_that_keeps_the_words(client, mentoring, housing):
    body = client.get("/opportunities/?q=tenancies&sort=relevance").get_data(as_text=True)
    assert _titles(body) == ["Housing for people on probation"]
    assert '<label class="govuk-label govuk-label--s" for="q">Keywords</label>' in body
    assert 'id="q" name="q" type="search" value="tenancies"' in body
    # The default order is sent empty, so it follows the keywords (see the next test).
    assert '<option value="" selected>Relevance</option>' in body
    # Without words there is nothing to be relevant to.
    assert '"relevance"' not in client.get("/opportunities/").get_data(as_text=True)


def test_keywords_added_to_a_list_in_its_default_order_sort_by_relevance(
        client, mentoring, housing):
    housing.closes_at = mentoring.closes_at - timedelta(days=1)
    db.session.commit()
    body = client.get("/opportunities/").get_data(as_text=True)
    assert '<option value="" selected>Closing soonest</option>' in body
    assert _ids(client, "q=mentoring&sort=") == [mentoring.id, housing.id]
    chosen = client.get("/opportunities/?q=mentoring&sort=closing").get_data(as_text=True)
    assert _titles(chosen) == [housing.title, mentoring.title]
    assert '<option value="closing" selected>Closing soonest</option>' in chosen


@pytest.mark.parametrize(("q", "message"), [
    ('"unclosed', "an opening quote mark without a closing one"),
    ("AND OR", "no words we can look for"),
    ("*", "no words we can look for"),
    ("\U0001F600", "no words we can look for"),
    ("mentoring " * 600, "only the first 500 were used"),
    ("mentoring\x00", None),
])
def test_odd_keywords_get_a_message_not_an_error(client, mentoring, q, message):
    response = client.get("/opportunities/", query_string={"q": q})
    assert response.status_code == 200
    if message:
        assert message in response.get_data(as_text=True)
    api = client.get("/api/v1/opportunities", query_string={"q": q})
    assert api.status_code == 200
    if message:
        assert message in api.get_json()["meta"]["message"]


def test_an_alert_saved_from_the_list_keeps_its_keywords(
        app, make_user, commissioner, make_opportunity):
    from portal.opportunities import services as opportunity_services
    from tests.factories import complete_draft

    watcher = make_user("provider")
    alert = save_alert(watcher, source="opportunities", q="coaching",
                       client_group="care-leavers")
    other = save_alert(make_user("provider"), source="opportunities", q="tenancy")
    assert alert.query == "coaching"
    with app.test_request_context():
        again = alerts.search_url(alert)
    assert again.startswith("/opportunities/?") and "q=coaching" in again
    draft = complete_draft(commissioner.organisation, commissioner)  # "Job coaching ..."
    opportunity_services.publish(draft, actor=commissioner)
    db.session.commit()
    assert recipients("alert_match") == [watcher.email]
    assert other.query == "tenancy"


def test_keywords_an_alert_cannot_use_are_explained(app):
    with pytest.raises(Exception, match="no words an alert could look for"):
        alerts.Watch("opportunities", MultiDict([("q", '" AND OR')]))
