"""Telling people: one email through the outbox and one line on their notifications page.

Every event that concerns a person with an account goes through `notify`, inside the
transaction of the change it reports, so the email and the in-portal notification commit
or roll back with it. Verification and reset emails are the exceptions: they carry secrets
meant only for the mailbox, so they use `queue_email` alone.
"""

from datetime import datetime

from flask import current_app
from sqlalchemy import func, select, update

from portal import clock, permissions
from portal.errors import NotFound
from portal.extensions import db
from portal.models import Notification, OutboundEmail, User
from portal.notifications.outbox import queue_email


def portal_path(link: str) -> str:
    """The path of one of our own external URLs (what the notifications page links to)."""
    base = current_app.config["PORTAL_BASE_URL"].rstrip("/")
    return link[len(base):] or "/" if link.startswith(base) else link


def sealed_with_bids(opportunity) -> datetime:
    """When mail whose recipients were chosen from the bids on `opportunity` may be seen by
    staff: at closes_at, like the bids. Receipts, amendment and cancellation notices and
    deadline reminders all carry it; the list of who got one would say who is bidding."""
    return opportunity.closes_at


def notify(user: User, template: str, subject: str, *, link: str, dedupe_key: str | None = None,
           headers: dict | None = None, sealed_until=None, bid_id: int | None = None,
           **context) -> OutboundEmail:
    """Email `user` (templates `emails/<template>.txt/.html`) and add a notification."""
    email = queue_email(template, user.email, subject, dedupe_key=dedupe_key, headers=headers,
                        sealed_until=sealed_until, bid_id=bid_id, member=user, link=link,
                        **context)
    db.session.add(Notification(user_id=user.id, event=template, subject=subject[:255],
                                link=portal_path(link)[:500], email=email))
    return email


def active_members(organisation_id: int | None) -> list[User]:
    """Confirmed members of an organisation: the people who hear about its business."""
    if organisation_id is None:
        return []
    return list(db.session.scalars(select(User).where(
        User.organisation_id == organisation_id, User.membership == "active").order_by(User.id)))


def notify_members(organisation_id: int | None, template: str, subject: str, *, link: str,
                   **context) -> None:
    for member in active_members(organisation_id):
        notify(member, template, subject, link=link, **context)


# ---- The notifications page ------------------------------------------------------------------

PER_PAGE = 25


def unread_count(user) -> int:
    return db.session.scalar(select(func.count()).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)))


def page_of(user, page: int) -> tuple[list[Notification], int]:
    """Newest first; with the total, for paging."""
    total = db.session.scalar(select(func.count()).where(Notification.user_id == user.id))
    rows = db.session.scalars(
        select(Notification).where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(PER_PAGE).offset((page - 1) * PER_PAGE))
    return list(rows), total


def get_own(notification_id: int, *, actor) -> Notification:
    notification = db.session.get(Notification, notification_id)
    if notification is None or not permissions.can_read_notification(actor, notification):
        raise NotFound()
    return notification


def mark_read(notification: Notification) -> None:
    notification.read_at = notification.read_at or clock.now()


def mark_all_read(user) -> int:
    result = db.session.execute(
        update(Notification).where(Notification.user_id == user.id,
                                   Notification.read_at.is_(None))
        .values(read_at=clock.now()).execution_options(synchronize_session=False))
    return result.rowcount
