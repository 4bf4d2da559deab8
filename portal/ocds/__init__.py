"""Open Contracting Data Standard 1.1.5: every published opportunity as a contracting process.

Releases are built on demand from what the database already holds (`releases.py`), one per
stage, each a snapshot of what was public at its date (`snapshot.py`); records compile them
(`records.py`). Nothing here writes: the data is the portal's own, so a release can always be
rebuilt, and the same id always gives the same release.
"""

from flask import current_app

# The extensions whose fields the releases use (README, "Open contracting data").
EXTENSIONS = [
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_enquiry_extension/"
    "v1.1.5/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_metrics_extension/"
    "master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_sustainability_extension/"
    "master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_pagination_extension/"
    "master/extension.json",
]
VERSION = "1.1"


def ocid_prefix() -> str:
    return current_app.config["OCDS_OCID_PREFIX"]


def ocid_for(opportunity_id: int) -> str:
    """The contracting process of an opportunity: the registered prefix and its id."""
    return f"{ocid_prefix()}-{opportunity_id}"


def opportunity_id_from(ocid: str) -> int | None:
    """The opportunity an ocid names, or None when it is not one of ours."""
    prefix = ocid_prefix() + "-"
    number = ocid[len(prefix):] if ocid.startswith(prefix) else ""
    if not number.isascii() or not number.isdigit() or len(number) > 10:
        return None
    return int(number)


def iso(value) -> str | None:
    """OCDS dates: RFC 3339 in UTC with a Z, to the second."""
    if value is None:
        return None
    return value.replace(microsecond=0).isoformat().replace("+00:00", "Z")
