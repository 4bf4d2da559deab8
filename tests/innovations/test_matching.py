"""matching_innovations: published innovations sharing tags, the most shared first."""

from portal.innovations.services import matching_innovations


def test_innovation_tagged_ni_148_and_care_leavers_matches_those_tags(make_innovation):
    innovation = make_innovation("published", client_groups=["care-leavers"],
                                 indicators=["NI 148"])
    assert matching_innovations(client_groups=["care-leavers"], outcomes=[],
                                indicators=["NI 148"]) == [innovation]


def test_innovation_with_no_shared_tag_does_not_match(make_innovation):
    make_innovation("published", client_groups=["offenders"], outcomes=["accommodation"],
                    indicators=["NI 143"])
    assert matching_innovations(client_groups=["care-leavers"], outcomes=["eet"],
                                indicators=["NI 148"]) == []


def test_more_shared_tags_rank_first(make_innovation):
    one = make_innovation("published", client_groups=["care-leavers"], outcomes=["accommodation"],
                          indicators=["NI 147"])
    three = make_innovation("published", client_groups=["care-leavers"], outcomes=["eet"],
                            indicators=["NI 148"])
    found = matching_innovations(client_groups=["care-leavers"], outcomes=["eet"],
                                 indicators=["NI 148"])
    assert found == [three, one]


def test_unpublished_innovations_never_match(make_innovation):
    for status in ("draft", "submitted", "returned", "withdrawn"):
        make_innovation(status)
    assert matching_innovations(client_groups=["care-leavers"], outcomes=["eet"],
                                indicators=["NI 148"]) == []


def test_limit_caps_the_number_returned(make_innovation):
    for _ in range(4):
        make_innovation("published")
    assert len(matching_innovations(client_groups=["care-leavers"], limit=3)) == 3


def test_rows_are_accepted_as_well_as_codes(make_innovation):
    innovation = make_innovation("published")
    assert matching_innovations(indicators=innovation.indicators) == [innovation]


def test_no_tags_match_nothing(make_innovation):
    make_innovation("published")
    assert matching_innovations(client_groups=[], outcomes=[], indicators=[]) == []
