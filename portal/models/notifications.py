"""What people asked to hear about, and what they have been told.

A saved alert keeps the search it came from (`query`, `filters`) for people to read and
re-run, and the same search taken apart into criteria rows, so that a newly published item
finds its alerts with one indexed query rather than a loop over every alert.
"""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.accounts import User
from portal.models.outbox import OutboundEmail
from portal.models.types import UTCDateTime, current_time

ALERT_FREQUENCIES = {
    "immediately": "As soon as something matches",
    "daily": "Daily digest",
    "weekly": "Weekly digest",
}
# The search page's facets, the opportunity list's area filter, and the query's words.
CRITERION_FIELDS = ("kind", "client_group", "outcome", "indicator", "region", "local_area",
                    "evidence", "status", "term")


class SavedAlert(db.Model):
    """A saved search that emails its owner about new matching items."""

    __tablename__ = "saved_alert"
    __table_args__ = (
        CheckConstraint("frequency IN ('immediately', 'daily', 'weekly')", name="frequency"),
        Index("ix_saved_alert_unconstrained", "facet_fields", "term_count"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    name: Mapped[str] = mapped_column(String(120))
    frequency: Mapped[str] = mapped_column(String(12))
    # Where it was saved from: "search" or "opportunities" (the list's filters).
    source: Mapped[str] = mapped_column(String(20), default="search")
    query: Mapped[str] = mapped_column(String(500), default="")
    filters: Mapped[dict] = mapped_column(JSON, default=dict)
    value_min: Mapped[int | None]
    value_max: Mapped[int | None]
    # How many distinct criteria fields (other than words) and words must match.
    facet_fields: Mapped[int] = mapped_column(default=0)
    term_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=current_time)
    unsubscribed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
    criteria: Mapped[list["AlertCriterion"]] = relationship(
        back_populates="alert", cascade="all, delete-orphan", order_by="AlertCriterion.id")

    @property
    def is_active(self) -> bool:
        return self.unsubscribed_at is None


class AlertCriterion(db.Model):
    """One value an alert asks for: a facet value, or a word that must appear."""

    __tablename__ = "alert_criterion"
    __table_args__ = (
        UniqueConstraint("alert_id", "field", "value", name="uq_alert_criterion"),
        Index("ix_alert_criterion_lookup", "field", "value"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("saved_alert.id", ondelete="CASCADE"))
    field: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(String(100))

    alert: Mapped[SavedAlert] = relationship(back_populates="criteria")


class AlertMatch(db.Model):
    """An item that matched an alert: waiting for the next digest, or already sent."""

    __tablename__ = "alert_match"
    __table_args__ = (
        UniqueConstraint("alert_id", "kind", "object_id", name="uq_alert_match"),
        Index("ix_alert_match_waiting", "frequency", "sent_at", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("saved_alert.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    frequency: Mapped[str] = mapped_column(String(12))
    kind: Mapped[str] = mapped_column(String(20))
    object_id: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    url: Mapped[str] = mapped_column(String(500))
    matched_at: Mapped[datetime] = mapped_column(UTCDateTime, default=current_time)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    alert: Mapped[SavedAlert] = relationship()


class OpportunityFollow(db.Model):
    """Someone following one opportunity: amendments, answers, reminders and the award."""

    __tablename__ = "opportunity_follow"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         primary_key=True)
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunity.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=current_time)

    user: Mapped[User] = relationship()


class Notification(db.Model):
    """One event told to one person inside the portal, beside the email about it."""

    __tablename__ = "notification"
    __table_args__ = (Index("ix_notification_unread", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    event: Mapped[str] = mapped_column(String(60))
    subject: Mapped[str] = mapped_column(String(255))
    link: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=current_time)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The email sent about the same event, when there was one.
    email_id: Mapped[int | None] = mapped_column(
        ForeignKey("outbound_email.id", ondelete="SET NULL"))

    email: Mapped[OutboundEmail | None] = relationship()

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
