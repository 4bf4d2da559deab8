"""Queries behind the admin pages."""

from sqlalchemy import and_, func, not_, select

from portal import clock
from portal.extensions import db
from portal.models import AuditEvent, Bid, Opportunity, Organisation, OutboundEmail

AUDIT_PAGE_SIZE = 50


def organisations_by_status() -> dict[str, list[Organisation]]:
    grouped: dict[str, list[Organisation]] = {"pending": [], "verified": [], "rejected": []}
    for organisation in db.session.scalars(
        select(Organisation).order_by(Organisation.created_at, Organisation.id)
    ):
        grouped[organisation.status].append(organisation)
    return grouped


def audit_events(*, object_type: str = "", object_id: int | None = None, action: str = "",
                 opportunity_id: int | None = None,
                 page: int = 1) -> tuple[list[AuditEvent], int]:
    """One page of the audit log, newest first, and how many events match in all."""
    query = select(AuditEvent).where(not_(_sealed_bid_event())).order_by(AuditEvent.id.desc())
    if object_type:
        query = query.where(AuditEvent.object_type == object_type)
    if object_id is not None:
        query = query.where(AuditEvent.object_id == object_id)
    if opportunity_id is not None:
        query = query.where(AuditEvent.opportunity_id == opportunity_id)
    if action:
        query = query.where(AuditEvent.action.startswith(action, autoescape=True))
    offset = (max(page, 1) - 1) * AUDIT_PAGE_SIZE
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    return list(db.session.scalars(query.offset(offset).limit(AUDIT_PAGE_SIZE))), total


def _sealed_bid_event():
    """Events about bids on opportunities not yet closed: hidden even from admins."""
    sealed_bids = select(Bid.id).join(Opportunity).where(Opportunity.closes_at > clock.now())
    return and_(AuditEvent.object_type == "bid", AuditEvent.object_id.in_(sealed_bids))


def _unsealed_email():
    return OutboundEmail.shown_to_staff(clock.now())


def outbox_counts() -> dict[str, int]:
    """Messages by status, leaving out sealed mail (counts would say how many bid)."""
    counts = dict.fromkeys(("pending", "sending", "sent", "failed"), 0)
    query = (select(OutboundEmail.status, func.count()).where(_unsealed_email())
             .group_by(OutboundEmail.status))
    counts.update({status: n for status, n in db.session.execute(query)})
    return counts


def failed_emails(limit: int = 100) -> list[OutboundEmail]:
    query = (
        select(OutboundEmail)
        .where(OutboundEmail.status == "failed", _unsealed_email())
        .order_by(OutboundEmail.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def failed_email(message_id: int) -> OutboundEmail | None:
    """A failed message an admin may see and retry."""
    return db.session.scalar(select(OutboundEmail).where(
        OutboundEmail.id == message_id, OutboundEmail.status == "failed", _unsealed_email()))
