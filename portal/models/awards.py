"""The intention to award, its standstill period, and the challenges bidders raise in it.

Nothing here is public: the award notice and the contract (`contracts.py`) exist only once
the intention is confirmed. The standstill ends `standstill_days` after `notified_at`,
derived like every status, with no job to move it.
"""

from datetime import date, datetime, timedelta

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from portal.extensions import db
from portal.models.accounts import User
from portal.models.bids import Bid, new_reference
from portal.models.opportunities import Opportunity
from portal.models.types import StoredDocument, UTCDateTime, current_time

STANDSTILL_DAYS = 10  # the default, and the least allowed
STANDSTILL_MAX_DAYS = 30


class AwardIntention(db.Model):
    """The chair's decision, told to every bidder with its debrief: withdrawn (back to
    evaluation) or confirmed (the award is made) once the standstill is over."""

    __tablename__ = "award_intention"
    __table_args__ = (
        CheckConstraint(f"standstill_days BETWEEN {STANDSTILL_DAYS} AND {STANDSTILL_MAX_DAYS}",
                        name="standstill"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunity.id", ondelete="CASCADE"), index=True)
    bid_id: Mapped[int] = mapped_column(ForeignKey("bid.id"))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    standstill_days: Mapped[int] = mapped_column(default=STANDSTILL_DAYS)
    advantages: Mapped[str] = mapped_column(Text)  # the winning bid's relative advantages
    notified_at: Mapped[datetime] = mapped_column(UTCDateTime, default=current_time)
    notified_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    opportunity: Mapped[Opportunity] = relationship(backref=backref(
        "intentions", cascade="all, delete-orphan", order_by="AwardIntention.id"))
    bid: Mapped[Bid] = relationship()
    challenges: Mapped[list["Challenge"]] = relationship(
        back_populates="intention", cascade="all, delete-orphan", order_by="Challenge.id")

    @property
    def standstill_ends_at(self) -> datetime:
        return self.notified_at + timedelta(days=self.standstill_days)

    def in_standstill(self, now: datetime) -> bool:
        return now < self.standstill_ends_at

    @property
    def open_challenges(self) -> list["Challenge"]:
        return [c for c in self.challenges if c.answered_at is None]


class Challenge(db.Model):
    """A bidder's challenge to the intended award, raised in the standstill; while it waits
    for the commissioner's answer, the award cannot be confirmed."""

    __tablename__ = "challenge"

    id: Mapped[int] = mapped_column(primary_key=True)
    intention_id: Mapped[int] = mapped_column(
        ForeignKey("award_intention.id", ondelete="CASCADE"), index=True)
    bid_id: Mapped[int] = mapped_column(ForeignKey("bid.id"), index=True)
    raised_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    grounds: Mapped[str] = mapped_column(Text)
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime, default=current_time)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    intention: Mapped[AwardIntention] = relationship(back_populates="challenges")
    bid: Mapped[Bid] = relationship()
    raised_by: Mapped[User] = relationship(foreign_keys=[raised_by_id])
    documents: Mapped[list["ChallengeDocument"]] = relationship(
        back_populates="challenge", cascade="all, delete-orphan",
        order_by="ChallengeDocument.id")


class ChallengeDocument(StoredDocument, db.Model):
    """A document sent with a challenge, addressed by a random reference like a bid's."""

    __tablename__ = "challenge_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(24), unique=True, default=new_reference)
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenge.id", ondelete="CASCADE"),
                                              index=True)

    challenge: Mapped[Challenge] = relationship(back_populates="documents")
