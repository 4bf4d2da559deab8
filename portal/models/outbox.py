"""Email waiting to be sent: written in the same transaction as the event it reports."""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.models.types import UTCDateTime, current_time

EMAIL_STATUSES = ("pending", "sending", "sent", "failed")


class OutboundEmail(db.Model):
    """One message to one recipient. `flask outbox send` delivers it and records what happened."""

    __tablename__ = "outbound_email"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'sending', 'sent', 'failed')", name="status"),
        Index("ix_outbound_email_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    template: Mapped[str] = mapped_column(String(60))
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(255))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    headers: Mapped[dict] = mapped_column(JSON, default=dict)
    # Set for messages that must never go twice (a reminder per bid and hour, say).
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=current_time)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=current_time)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Mail about a sealed bid (a receipt) is hidden from admin pages until the deadline.
    sealed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
