"""Writing the audit log. Call inside the transaction that makes the change."""

from portal.extensions import db
from portal.models import AuditEvent


def record(action: str, obj=None, *, actor, **details) -> AuditEvent:
    """Add an audit event for `action` on `obj` by `actor` to the current transaction."""
    event = AuditEvent(
        action=action,
        actor_id=getattr(actor, "id", None),
        object_type=obj.__tablename__ if obj is not None else "site",
        object_id=getattr(obj, "id", None),
        details=details,
    )
    db.session.add(event)
    return event
