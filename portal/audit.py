"""Writing the audit log. Call inside the transaction that makes the change."""

from portal.extensions import db
from portal.models import AuditEvent


def _opportunity_of(obj) -> int | None:
    """The opportunity an event belongs to, so the log can be read opportunity by opportunity."""
    if obj is None:
        return None
    if obj.__tablename__ == "opportunity":
        return obj.id
    if getattr(obj, "opportunity_id", None) is not None:
        return obj.opportunity_id
    return getattr(getattr(obj, "contract", None), "opportunity_id", None)


def record(action: str, obj=None, *, actor, **details) -> AuditEvent:
    """Add an audit event for `action` on `obj` by `actor` to the current transaction."""
    event = AuditEvent(
        action=action,
        actor_id=getattr(actor, "id", None),
        object_type=obj.__tablename__ if obj is not None else "site",
        object_id=getattr(obj, "id", None),
        opportunity_id=_opportunity_of(obj),
        details=details,
    )
    db.session.add(event)
    return event
