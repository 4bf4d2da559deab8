"""Evaluation panels: who scores an opportunity's bids, their conflicts and their own scores.

An opportunity with no panel rows is evaluated as it always was, by its commissioning body
alone (a panel of one, whose scores are the consensus). Once a panel is formed, each member
declares conflicts against the bidders at their first look after the deadline, scores alone,
and the chair records the consensus (`Score`, in `bids.py`), which drives the ranking.
"""

import secrets
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from portal.extensions import db
from portal.models.accounts import User
from portal.models.bids import Bid
from portal.models.opportunities import EvaluationCriterion, Opportunity
from portal.models.types import UTCDateTime, current_time

PANEL_ROLES = ("chair", "member")


def new_invitation_token() -> str:
    """The secret in an invitation's accept link (cleared once accepted)."""
    return secrets.token_urlsafe(32)


class PanelMember(db.Model):
    """A place on an opportunity's panel: a person (once accepted) or an invited address."""

    __tablename__ = "panel_member"
    __table_args__ = (
        UniqueConstraint("opportunity_id", "email", name="uq_panel_member_email"),
        UniqueConstraint("opportunity_id", "user_id", name="uq_panel_member_user"),
        CheckConstraint("role IN ('chair', 'member')", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunity.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    role: Mapped[str] = mapped_column(String(10), default="member")
    invitation_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=current_time)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the member declared their conflicts of interest (None: not yet; they see no bid).
    declared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    opportunity: Mapped[Opportunity] = relationship(backref=backref(
        "panel", cascade="all, delete-orphan", order_by="PanelMember.id"))
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    conflicts: Mapped[list["PanelConflict"]] = relationship(
        back_populates="member", cascade="all, delete-orphan")

    @property
    def is_chair(self) -> bool:
        return self.role == "chair"

    @property
    def name(self) -> str:
        return self.user.name if self.user is not None else self.email

    def conflicted_with(self, bid: Bid) -> bool:
        return any(conflict.bid_id == bid.id for conflict in self.conflicts)


class PanelConflict(db.Model):
    """A declared conflict of interest: the member takes no part in evaluating this bid."""

    __tablename__ = "panel_conflict"
    __table_args__ = (UniqueConstraint("member_id", "bid_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("panel_member.id", ondelete="CASCADE"),
                                           index=True)
    bid_id: Mapped[int] = mapped_column(ForeignKey("bid.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(Text, default="")

    member: Mapped[PanelMember] = relationship(back_populates="conflicts")
    bid: Mapped[Bid] = relationship()


class PanelScore(db.Model):
    """One evaluator's own score for one bid on one criterion, submitted with the rest of
    their scores for that bid at once and fixed from then on. A price left to the formula
    has no score."""

    __tablename__ = "panel_score"
    __table_args__ = (
        UniqueConstraint("bid_id", "criterion_id", "evaluator_id"),
        CheckConstraint("score IS NULL OR score BETWEEN 0 AND 4", name="range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    bid_id: Mapped[int] = mapped_column(ForeignKey("bid.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("evaluation_criterion.id"))
    evaluator_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    score: Mapped[int | None]
    comment: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=current_time)

    bid: Mapped[Bid] = relationship()
    criterion: Mapped[EvaluationCriterion] = relationship()
    evaluator: Mapped[User] = relationship()
