"""Helpers for the alert and notification tests."""

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from portal.alerts import services as alerts
from portal.extensions import db
from portal.models import OutboundEmail


def save_alert(user, *, source="search", frequency="immediately", name=None, **args):
    """Save an alert as the page would, from query-string arguments (lists allowed)."""
    pairs = [(key, value) for key, values in args.items()
             for value in (values if isinstance(values, list) else [values])]
    watch = alerts.Watch(source, MultiDict(pairs))
    alert = alerts.create(watch, name or watch.default_name(), frequency, actor=user)
    db.session.commit()
    return alert


def mail(template: str | None = None) -> list[OutboundEmail]:
    query = select(OutboundEmail).order_by(OutboundEmail.id)
    if template:
        query = query.where(OutboundEmail.template == template)
    return list(db.session.scalars(query))


def recipients(template: str) -> list[str]:
    return sorted(message.recipient for message in mail(template))
