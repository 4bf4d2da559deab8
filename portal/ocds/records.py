"""Packages of releases and records, and the compiled release of a contracting process.

Releases are merged by `ocdsmerge`, the Open Contracting Partnership's reference
implementation. It reads its merge rules from the release schema, which this project does not
ship (the schema stays in the shared folder the tests read): the rules that touch what these
releases hold are written out below, and a test checks them against ocdsmerge's reading of
the OCDS 1.1.5 schema, so merging never needs the schema, nor the network, at run time.
"""

import ocdsmerge
from flask import current_app

from portal import clock
from portal.ocds import EXTENSIONS, VERSION, iso, ocid_for

OMIT, WHOLE = "omitWhenMerged", "wholeListMerge"
MERGE_RULES = {
    ("id",): OMIT, ("date",): OMIT, ("tag",): OMIT,
    ("parties", "roles"): WHOLE, ("parties", "additionalIdentifiers"): WHOLE,
    ("tender", "submissionMethod"): WHOLE, ("tender", "amendments", "changes"): WHOLE,
    ("contracts", "amendments", "changes"): WHOLE,
    # The sustainability extension declares its array wholeListMerge.
    ("tender", "sustainability"): WHOLE,
}
_MERGER = ocdsmerge.Merger(merge_rules=MERGE_RULES)


def compiled(releases: list[dict]) -> dict:
    """The latest state of a process: its releases merged, oldest first."""
    return _MERGER.create_compiled_release(releases)


def _package(uri: str, published: str | None) -> dict:
    return {
        "uri": uri, "version": VERSION, "extensions": EXTENSIONS,
        "publishedDate": published or iso(clock.now()),
        "publisher": {"name": current_app.config["SERVICE_OPERATOR"]},
    }


def release_package(releases: list[dict], uri: str, links: dict | None = None) -> dict:
    """Releases with the package's metadata; `links` from the pagination extension."""
    newest = max((release["date"] for release in releases), default=None)
    package = _package(uri, newest) | {"releases": releases}
    if links:
        package["links"] = links
    return package


def record_package(opportunity_id: int, releases: list[dict], uri: str) -> dict:
    """The record of one process: every release in full, and the compiled release."""
    record = {"ocid": ocid_for(opportunity_id), "releases": releases,
              "compiledRelease": compiled(releases)}
    return _package(uri, releases[-1]["date"]) | {"records": [record]}
