"""GET /api/v1/organisations/<id>: an organisation's public profile as open data.

The same facts as the profile page (`portal/organisations/profiles.py`), with each related
item's id and addresses. Members, their email addresses and anything from a bid are never
part of it."""

from flask import jsonify, url_for

from portal.api import bp
from portal.models import Contract
from portal.organisations.profiles import Profile, public_profile


def _link(endpoint: str, **values) -> str:
    return url_for(endpoint, **values, _external=True)


def _contract_json(contract: Contract) -> dict:
    """The award notice's public facts (not the winning bid's)."""
    buyer = contract.opportunity.organisation
    return {
        "id": contract.id, "url": _link("contracts.detail", contract_id=contract.id),
        "title": contract.opportunity.title, "opportunity_id": contract.opportunity_id,
        "buyer": {"id": buyer.id, "name": buyer.name,
                  "url": _link("organisations.detail", organisation_id=buyer.id),
                  "api_url": _link("api.organisation", organisation_id=buyer.id)},
        "value": {"amount": float(contract.value), "currency": "GBP"},
        "starts_on": contract.starts_on.isoformat(), "ends_on": contract.ends_on.isoformat(),
    }


def profile_json(profile: Profile) -> dict:
    found = profile.organisation
    region = profile.region
    return {
        "id": found.id, "url": _link("organisations.detail", organisation_id=found.id),
        "name": found.name, "kind": found.kind, "kind_label": found.kind_label,
        "charity_number": found.charity_number, "company_number": found.company_number,
        "verified": found.is_verified,
        "region": {"code": region.code, "name": region.name} if region else None,
        "opportunities": [{
            "id": o.id, "title": o.title, "status": o.status,
            "url": _link("opportunities.detail", opportunity_id=o.id),
            "api_url": _link("api.opportunity", opportunity_id=o.id),
        } for o in profile.opportunities],
        "contracts_won": [_contract_json(c) for c in profile.contracts_won],
        "innovations": [{
            "id": i.id, "title": i.title,
            "url": _link("innovations.detail", innovation_id=i.id),
            "api_url": _link("api.innovation", innovation_id=i.id),
        } for i in profile.innovations],
        "library_entries": [{
            "id": e.id, "title": e.title, "url": _link("library.detail", entry_id=e.id),
            "api_url": _link("api.library_entry", entry_id=e.id),
        } for e in profile.library_entries],
    }


@bp.route("/organisations/<int:organisation_id>")
def organisation(organisation_id):
    return jsonify(profile_json(public_profile(organisation_id)))
