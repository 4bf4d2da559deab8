"""Writing a service's directory listing: who may, and what a listing must say."""

from dataclasses import dataclass

from portal import audit, clock, permissions
from portal.errors import PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.models import Contract, ServiceListing

FIELDS = ("name", "description", "how_to_refer", "self_referral", "phone", "email", "website")


@dataclass
class ListingContent:
    name: str
    description: str
    how_to_refer: str
    self_referral: bool
    phone: str | None
    email: str | None
    website: str | None


def save_listing(contract: Contract, content: ListingContent, *, actor) -> ServiceListing:
    """Write (or rewrite) the contract's listing. The provider knows best how people reach
    the service; the commissioner and site staff may correct it. A listing must say how to
    get referred: that is what a person comes to the directory for."""
    if not permissions.can_describe_service(actor, contract):
        raise PermissionDenied()
    if not content.how_to_refer.strip():
        raise ValidationFailed("Say how someone gets referred to the service", "how_to_refer")
    listing = contract.listing
    if listing is None:
        listing = ServiceListing(contract=contract)
        db.session.add(listing)
    before = {name: getattr(listing, name) for name in FIELDS} if listing.id else {}
    for name in FIELDS:
        setattr(listing, name, getattr(content, name))
    listing.updated_at = clock.now()
    listing.updated_by_id = actor.id
    changed = sorted(name for name in FIELDS if before.get(name) != getattr(listing, name))
    audit.record("service_listing.saved", contract, actor=actor, contract=contract.id,
                 changed=changed)
    return listing
