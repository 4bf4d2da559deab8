"""Every release the demo produces is valid OCDS 1.1.5, checked offline against the schema."""

import json

import pytest
from ocdsmerge import Merger
from ocdsmerge.rules import get_merge_rules

from portal.ocds import EXTENSIONS
from portal.ocds.records import MERGE_RULES
from tests.ocds.conftest import all_releases
from tests.ocds.schema import load_schemas, package_errors, release_errors, release_schema


def test_every_page_of_demo_releases_is_a_valid_release_package(client, demo_data):
    path = "/api/v1/ocds/releases?limit=7"
    pages = 0
    while path:
        package = client.get(path).get_json()
        assert package_errors(package) == []
        assert package["extensions"] == EXTENSIONS
        pages += 1
        path = package.get("links", {}).get("next")
    assert pages > 2


def test_the_demo_produces_every_stage_it_has_data_for(client, demo_data):
    tags = {tag for release in all_releases(client) for tag in release["tag"]}
    assert {"tender", "tenderUpdate", "award", "contract", "contractAmendment",
            "implementation"} <= tags


def test_each_release_alone_is_a_valid_release_package(client, demo_data):
    for release in all_releases(client):
        package = client.get(f"/api/v1/ocds/releases/{release['id']}").get_json()
        assert package["releases"] == [release]
        assert package_errors(package) == []


def test_each_record_validates_its_releases_and_compiled_release(client, demo_data):
    ocids = {release["ocid"] for release in all_releases(client)}
    for ocid in ocids:
        record_package = client.get(f"/api/v1/ocds/records/{ocid}").get_json()
        [record] = record_package["records"]
        assert record["ocid"] == ocid
        for release in record["releases"] + [record["compiledRelease"]]:
            assert release_errors(release) == [], release["id"]
        assert record["compiledRelease"]["tag"] == ["compiled"]


def test_the_merge_rules_agree_with_the_schema(client, demo_data):
    """The rules the portal holds are those ocdsmerge reads from the 1.1.5 schema (plus the
    sustainability extension's), and merging by either gives the same compiled release."""
    from_schema = get_merge_rules(release_schema()) | {("tender", "sustainability"):
                                                       "wholeListMerge"}
    assert MERGE_RULES.items() <= from_schema.items()
    merger = Merger(merge_rules=from_schema)
    for ocid in {release["ocid"] for release in all_releases(client)}:
        [record] = client.get(f"/api/v1/ocds/records/{ocid}").get_json()["records"]
        assert merger.create_compiled_release(record["releases"]) == record["compiledRelease"]


def test_the_bulk_file_holds_every_release_one_per_line(client, demo_data):
    response = client.get("/api/v1/ocds/releases.jsonl")
    assert response.status_code == 200
    assert response.mimetype == "application/jsonl"
    lines = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    assert sorted(r["id"] for r in lines) == sorted(r["id"] for r in all_releases(client))
    for release in lines:
        assert release_errors(release) == [], release["id"]


def test_a_missing_schema_folder_fails_the_suite_with_directions(tmp_path):
    with pytest.raises(pytest.fail.Exception, match="OCDS_SCHEMA_DIR"):
        load_schemas(tmp_path / "nowhere")
