"""A document's tags as words people search for.

Documents carry their client groups, outcomes, indicators and regions as codes (the
facets). People search for the names: "care leavers accommodation" should find a library
entry tagged with care leavers and settled accommodation even when its prose says
"lodgings"; "NI148", "NI 148" and "ni-148" should find everything tagged with NI 148.
`tag_text` is the text a backend indexes for the tags, below the title and the body.
"""

from portal import reference

_KINDS = {"client_group": "client_groups", "outcome": "outcomes", "region": "regions"}


def _names(kind: str) -> dict[str, str]:
    return reference.names(kind)


def text_fields(document: dict) -> dict[str, str]:
    """A document's searchable text, by field (results.TEXT_FIELDS)."""
    return {"title": document.get("title") or "", "body": document.get("body") or "",
            "tags": tag_text(document)}


def tag_text(document: dict) -> str:
    """The names of the document's client groups, outcomes and regions, and each indicator
    as "NI 148 NI148" and its title."""
    parts = []
    for field, kind in _KINDS.items():
        names = _names(kind)
        parts.extend(names.get(code, "") for code in document.get(field) or ())
    titles = _names("indicators")
    for code in document.get("indicator") or ():
        parts.append(f"{code} {code.replace(' ', '')} {titles.get(code, '')}")
    return ". ".join(part for part in parts if part)
