"""An organisation's public profile: what it has done in the open, for the page and the API.

Only what is already public elsewhere appears: opportunities once published (never a draft,
nor one announced for later), contracts won (the award notices), published innovations and
published practice library entries. Nothing from a bid, ever: a contract is the award, not
the winning bid, and an organisation's other bids leave no trace here.
"""

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from portal import clock
from portal.errors import NotFound
from portal.extensions import db
from portal.models import Contract, Innovation, LibraryEntry, Opportunity, Organisation, Region


@dataclass
class Profile:
    organisation: Organisation
    region: Region | None
    opportunities: list[Opportunity]
    contracts_won: list[Contract]
    innovations: list[Innovation]
    library_entries: list[LibraryEntry]


def public_profile(organisation_id: int) -> Profile:
    """Anyone may read any organisation's profile, verified or not."""
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound()
    area = organisation.local_area
    return Profile(
        organisation=organisation, region=area.region if area is not None else None,
        opportunities=_published_opportunities(organisation.id),
        contracts_won=_contracts_won(organisation.id),
        innovations=list(db.session.scalars(
            select(Innovation).where(Innovation.organisation_id == organisation.id,
                                     Innovation.status == "published")
            .order_by(Innovation.first_published_at.desc(), Innovation.id.desc()))),
        library_entries=_library_entries(organisation),
    )


def _published_opportunities(organisation_id: int) -> list[Opportunity]:
    """Published by now, as on the public list: an opportunity announced for later is still
    a draft until its publication time."""
    return list(db.session.scalars(
        select(Opportunity).where(Opportunity.organisation_id == organisation_id,
                                  Opportunity.published_clause(clock.now()))
        .order_by(Opportunity.published_at.desc(), Opportunity.id.desc())
        .options(selectinload(Opportunity.contract))))


def _contracts_won(organisation_id: int) -> list[Contract]:
    """As the public register has them: on a published opportunity."""
    return list(db.session.scalars(
        select(Contract).join(Contract.opportunity)
        .where(Contract.organisation_id == organisation_id,
               Opportunity.published_clause(clock.now()))
        .order_by(Contract.awarded_at.desc(), Contract.id.desc())
        .options(selectinload(Contract.opportunity).selectinload(Opportunity.organisation))))


def _library_entries(organisation: Organisation) -> list[LibraryEntry]:
    """Published entries it delivered or commissioned: drafted from one of its contracts
    (as winner or buyer), or naming it (entries are often imported, with names as text).
    Names compare as `Organisation.key_for` keeps them: trimmed, in any case."""
    its_contracts = select(Contract.id).join(Opportunity).where(or_(
        Contract.organisation_id == organisation.id,
        Opportunity.organisation_id == organisation.id))
    return list(db.session.scalars(
        select(LibraryEntry).where(LibraryEntry.status == "published", or_(
            LibraryEntry.contract_id.in_(its_contracts),
            func.lower(func.trim(LibraryEntry.delivered_by)) == organisation.name_key,
            func.lower(func.trim(LibraryEntry.commissioned_by)) == organisation.name_key))
        .order_by(LibraryEntry.published_at.desc(), LibraryEntry.id.desc())))
