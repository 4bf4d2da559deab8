"""Feedback on a funded service from the people who use it (the seeds: "helping socially
excluded groups to hold services to account").

The giver's own words and contact details stay in `original_*`, `giver_name` and
`contact`; staff write the `public_*` text, with personal details taken out, and only that
is ever shown publicly. Safeguarding concerns go privately to the commissioner, never public.
"""

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.contracts import Contract
from portal.models.types import UTCDateTime, current_time

FEEDBACK_STATUSES = ("waiting", "published", "rejected", "safeguarding")
GIVERS = {
    "person": "Someone who uses or used the service",
    "family": "A family member or carer",
    "advocate": "An advocate, on someone's behalf",
    "user-led": "A user-led organisation",
}
# The plain questions a giver may answer from 1 (no, not at all) to 5 (yes, completely).
RATING_QUESTIONS = {
    "listened": "Did they listen to you?",
    "respected": "Did they treat you with respect?",
    "helped": "Did the service help you?",
    "recommend": "Would you tell a friend to use it?",
}


def _rating_column() -> Mapped[int | None]:
    return mapped_column(SmallInteger)


class ServiceFeedback(db.Model):
    """One person's feedback on a contract, waiting for moderation until staff decide."""

    __tablename__ = "service_feedback"
    __table_args__ = (
        CheckConstraint("status IN ('waiting', 'published', 'rejected', 'safeguarding')",
                        name="status"),
        CheckConstraint("giver IN ('person', 'family', 'advocate', 'user-led')", name="giver"),
        *[CheckConstraint(f"rating_{name} BETWEEN 1 AND 5", name=f"rating_{name}")
          for name in RATING_QUESTIONS],
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id", ondelete="CASCADE"),
                                             index=True)
    giver: Mapped[str] = mapped_column(String(10))
    original_worked: Mapped[str] = mapped_column(Text, default="")
    original_not_worked: Mapped[str] = mapped_column(Text, default="")
    original_treated: Mapped[str] = mapped_column(Text, default="")
    rating_listened: Mapped[int | None] = _rating_column()
    rating_respected: Mapped[int | None] = _rating_column()
    rating_helped: Mapped[int | None] = _rating_column()
    rating_recommend: Mapped[int | None] = _rating_column()
    giver_name: Mapped[str | None] = mapped_column(String(120))
    contact: Mapped[str | None] = mapped_column(String(254))
    may_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=current_time)
    status: Mapped[str] = mapped_column(String(12), default="waiting", index=True)
    public_worked: Mapped[str | None] = mapped_column(Text)
    public_not_worked: Mapped[str | None] = mapped_column(Text)
    public_treated: Mapped[str | None] = mapped_column(Text)
    staff_note: Mapped[str | None] = mapped_column(Text)
    moderated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    moderated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    reply: Mapped[str | None] = mapped_column(Text)
    replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    replied_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    contract: Mapped[Contract] = relationship()
    actions: Mapped[list["FeedbackAction"]] = relationship(
        back_populates="feedback", cascade="all, delete-orphan", order_by="FeedbackAction.id")

    def ratings(self) -> dict[str, int | None]:
        """Question code -> the answer from 1 to 5, or None when not answered."""
        return {name: getattr(self, f"rating_{name}") for name in RATING_QUESTIONS}

    @property
    def giver_label(self) -> str:
        return GIVERS[self.giver]


class FeedbackAction(db.Model):
    """What the commissioner did about a piece of feedback: for staff and the commissioner,
    never public (it may be about a person)."""

    __tablename__ = "feedback_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    feedback_id: Mapped[int] = mapped_column(
        ForeignKey("service_feedback.id", ondelete="CASCADE"), index=True)
    note: Mapped[str] = mapped_column(Text)
    noted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=current_time)
    noted_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))

    feedback: Mapped[ServiceFeedback] = relationship(back_populates="actions")
