"""A small fixed corpus, and the best results we expect for each kind of query."""

import re

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import ClientGroup, IndicatorImpact, LibraryEntry, LocalArea
from portal.search.whoosh.index import ANALYZER
from tests.library.factories import published_entry


def _impact(indicator, baseline, result):
    return [{"indicator": indicator, "baseline_pct": baseline, "baseline_period": "2007/08",
             "result_pct": result, "result_period": "2008/09", "cohort": 50}]


@pytest.fixture
def corpus(app):
    published_entry(title="Employment coaching for offenders",
                    summary="Coaches worked with people on probation.",
                    service="Weekly coaching sessions.", impacts=_impact("NI 144", 30, 40),
                    client_groups=["offenders"], outcomes=["eet"])
    published_entry(title="Tenancy support",
                    summary="Support workers helped tenants keep their homes.",
                    service="Floating support with employing landlords as partners.",
                    impacts=_impact("NI 149", 50, 52), client_groups=["mental-health"],
                    local_areas=["Leeds"])
    published_entry(title="Running clubs and wellbeing",
                    summary="A running club for people using mental health services.",
                    service="Supported housing residents ran together twice a week.",
                    impacts=_impact("NI 150", 5, 6), client_groups=["mental-health"],
                    outcomes=["eet"], local_areas=["Southwark"])
    published_entry(title="Supported housing for care leavers",
                    summary="Care leavers moved into supported housing with a key worker.",
                    service="Housing with support until 21.", impacts=_impact("NI 147", 80, 92),
                    client_groups=["care-leavers"], local_areas=["Kent"], evidence_rating=4)
    published_entry(title="Housing advice hub",
                    summary="Advice on housing and separately on supported living options.",
                    service="Drop-in advice.", impacts=_impact("NI 143", 70, 73),
                    local_areas=["Kent", "Manchester"], evidence_rating=2)


def _search(client, **params):
    response = client.get("/api/v1/search", query_string=params)
    assert response.status_code == 200
    return response.get_json()


def _titles(body):
    return [hit["title"] for hit in body["results"]]


def test_porter2_stems_running_to_run_and_conflates_employ():
    stems = [token.text for token in ANALYZER("running employ employing employment")]
    assert stems == ["run", "employ", "employ", "employ"]


def test_stemming_finds_every_form_of_a_word(client, corpus):
    assert set(_titles(_search(client, q="employ"))) == {
        "Employment coaching for offenders", "Tenancy support",
        "Running clubs and wellbeing"}  # tagged "Employment, education or training"
    assert _titles(_search(client, q="run")) == ["Running clubs and wellbeing"]


def test_title_matches_rank_above_body_matches(client, corpus):
    assert _titles(_search(client, q="employment"))[0] == "Employment coaching for offenders"


def test_a_quoted_phrase_matches_only_the_words_together(client, corpus):
    phrase = _titles(_search(client, q='"supported housing"'))
    assert phrase[0] == "Supported housing for care leavers"
    assert set(phrase) == {"Supported housing for care leavers", "Running clubs and wellbeing"}
    assert "Housing advice hub" in _titles(_search(client, q="supported housing"))


def test_matches_are_highlighted_in_the_snippet(client, corpus):
    [hit] = _search(client, q="floating")["results"]
    assert re.search(r'<mark class="portal-search-match[^"]*">Floating</mark>', hit["snippet"])


def test_facet_counts_equal_the_database_counts(client, corpus):
    facets = _search(client)["facets"]
    published = LibraryEntry.status == "published"
    by_group = dict(db.session.execute(
        select(ClientGroup.code, func.count(LibraryEntry.id))
        .join(LibraryEntry.client_groups).where(published).group_by(ClientGroup.code)).all())
    by_indicator = dict(db.session.execute(
        select(IndicatorImpact.indicator_code, func.count(func.distinct(LibraryEntry.id)))
        .join(LibraryEntry.impacts).where(published)
        .group_by(IndicatorImpact.indicator_code)).all())
    by_region = dict(db.session.execute(
        select(LocalArea.region_code, func.count(func.distinct(LibraryEntry.id)))
        .join(LibraryEntry.local_areas).where(published).group_by(LocalArea.region_code)).all())
    by_evidence = {str(k): v for k, v in db.session.execute(
        select(LibraryEntry.evidence_rating, func.count()).where(published)
        .group_by(LibraryEntry.evidence_rating)).all()}
    assert facets["kind"] == {"library": 5}
    assert facets["client_group"] == by_group
    assert facets["indicator"] == by_indicator
    assert facets["region"] == by_region
    assert facets["evidence"] == by_evidence


def test_two_facets_narrow_the_results_and_the_counts(client, corpus):
    body = _search(client, q="housing", client_group="care-leavers", region="E12000008")
    assert _titles(body) == ["Supported housing for care leavers"]
    assert body["total"] == 1
    assert body["facets"]["evidence"] == {"4": 1}


def test_sorting_by_largest_improvement(client, corpus):
    assert _titles(_search(client, sort="improvement"))[:2] == [
        "Supported housing for care leavers", "Employment coaching for offenders"]


def test_a_misspelt_query_gets_a_suggestion(client, corpus):
    body = _search(client, q="tenansy suport")
    assert body["total"] == 0
    assert body["suggestion"] == "tenancy support"
    assert _titles(_search(client, q=body["suggestion"]))[0] == "Tenancy support"


def test_paging(client, corpus):
    first, third = _search(client, per_page=2), _search(client, page=3, per_page=2)
    assert first["total"] == 5 and len(first["results"]) == 2 and first["per_page"] == 2
    assert len(third["results"]) == 1
    assert not set(_titles(first)) & set(_titles(third))


@pytest.fixture
def two_of_three(app):
    """One entry with all of "tenancy mentors flats", three with two, one with one (words
    none of the tags' names has)."""
    published_entry(title="Tenancy mentors and flats", summary="Help to settle in.")
    published_entry(title="Tenancy mentors", summary="Help for young people.")
    published_entry(title="Flats with mentors", summary="Places for young adults.")
    published_entry(title="Tenancy in flats", summary="Residential places.")
    published_entry(title="Mentors at work", summary="Help to stay in a job.")


def test_several_words_rank_all_the_words_first_then_most_of_them(client, two_of_three):
    titles = _titles(_search(client, q="tenancy mentors flats"))
    assert titles[0] == "Tenancy mentors and flats"
    assert set(titles[1:4]) == {"Tenancy mentors", "Flats with mentors", "Tenancy in flats"}
    assert titles[4:] == ["Mentors at work"]


def test_quoted_phrases_and_explicit_and_stay_strict(client, two_of_three):
    assert _titles(_search(client, q='"tenancy mentors" AND flats')) == [
        "Tenancy mentors and flats"]
    assert _titles(_search(client, q="tenancy AND mentors AND flats")) == [
        "Tenancy mentors and flats"]


def test_a_minus_word_leaves_out_what_has_it(client, two_of_three):
    assert set(_titles(_search(client, q="mentors -tenancy"))) == {
        "Flats with mentors", "Mentors at work"}
    assert _titles(_search(client, q="tenancy-mentors flats")) == ["Tenancy mentors and flats"]


def test_tag_names_find_an_entry_whose_prose_uses_other_words(client, corpus):
    published_entry(title="Lodgings scheme", summary="Rooms with local families.",
                    service="Hosts offer lodgings.", impacts=_impact("NI 147", 60, 70),
                    client_groups=["care-leavers"], outcomes=["accommodation"])
    assert _titles(_search(client, q="care leavers accommodation"))[0] in {
        "Lodgings scheme", "Supported housing for care leavers"}
    assert "Lodgings scheme" in _titles(_search(client, q='"settled accommodation"'))
    for spelling in ("NI 147", "NI147", "ni-147"):
        assert "Lodgings scheme" in _titles(_search(client, q=spelling)), spelling


def test_exact_words_outrank_other_forms_of_the_same_stem(client, app):
    # The exact word is in the longer text, which alone would rank lower.
    published_entry(title="Support into work", summary=(
        "Employment for people on probation, with mentoring, housing advice, family support, "
        "debt advice and help with travel across the city and the county."))
    published_entry(title="Support into work", summary="Employing people on probation.")
    for query in ("employment", "employment probation"):
        results = _search(client, q=query)["results"]
        assert len(results) == 2
        assert "Employment" in results[0]["snippet"], query
