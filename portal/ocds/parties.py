"""Organisations as OCDS parties: charity and company numbers as org-ids identifiers."""

from portal.models import Organisation

# org-id.guide lists: the Charity Commission for England and Wales, and Companies House.
SCHEMES = (("charity_number", "GB-CHC"), ("company_number", "GB-COH"))


def party_id(organisation: Organisation) -> str:
    """Local to the process, and the same in every release of it."""
    return f"org-{organisation.id}"


def _identifiers(organisation: Organisation) -> list[dict]:
    return [{"scheme": scheme, "id": number.strip(), "legalName": organisation.name}
            for field, scheme in SCHEMES if (number := getattr(organisation, field))
            and number.strip()]


def reference(organisation: Organisation) -> dict:
    """What the buyer, procuring entity and suppliers fields hold: the party's id and name."""
    return {"id": party_id(organisation), "name": organisation.name}


def party(organisation: Organisation, roles: list[str]) -> dict:
    identifiers = _identifiers(organisation)
    data = {"id": party_id(organisation), "name": organisation.name, "roles": roles}
    if identifiers:
        data["identifier"] = identifiers[0]
    if identifiers[1:]:
        data["additionalIdentifiers"] = identifiers[1:]
    return data
