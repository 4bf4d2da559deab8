"""Email waiting to be sent: written in the same transaction as the event it reports."""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ColumnElement, ForeignKey, Index, String, Text, or_
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
    # Sealed mail is hidden from staff until the deadline: every message whose recipients
    # were chosen from bids (a receipt, an amendment notice, a deadline reminder).
    sealed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The bid a receipt is about, so the bidder can have a failed one sent again.
    bid_id: Mapped[int | None] = mapped_column(ForeignKey("bid.id", ondelete="SET NULL"),
                                               index=True)

    def is_sealed(self, now: datetime) -> bool:
        return self.sealed_until is not None and now < self.sealed_until

    @classmethod
    def shown_to_staff(cls, now: datetime) -> ColumnElement[bool]:
        """The messages staff may see, count or act on at `now`: none still sealed."""
        return or_(cls.sealed_until.is_(None), cls.sealed_until <= now)
