"""Bids, their submitted versions and evaluation scores (an award's contract: `contracts.py`).

A bid has a working copy (its responses, commitments and improvements, edited
freely by its organisation) and immutable submitted versions: each submission or
amendment snapshots the working copy, and the last submitted version is the bid
that counts. Every change to a bid's state goes through a compare-and-set on
`revision`, so a double click or a race between amend and withdraw leaves one
consistent state.
"""

import secrets
from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.accounts import Organisation, User
from portal.models.opportunities import (
    EvaluationCriterion,
    Opportunity,
    OpportunityIndicator,
    OpportunitySocialClause,
)
from portal.models.types import StoredDocument, UTCDateTime, current_time

BID_STATUSES = ("draft", "submitted", "withdrawn")
BID_OUTCOMES = ("successful", "unsuccessful")
SCORE_LABELS = {0: "Unacceptable", 1: "Poor", 2: "Acceptable", 3: "Good", 4: "Excellent"}


def new_reference() -> str:
    """Bids are addressed by a random reference, so URLs reveal nothing about how many exist."""
    return secrets.token_urlsafe(12)


class Bid(db.Model):
    __tablename__ = "bid"
    __table_args__ = (
        UniqueConstraint("opportunity_id", "organisation_id"),
        CheckConstraint("status IN ('draft', 'submitted', 'withdrawn')", name="status"),
        CheckConstraint("outcome IS NULL OR outcome IN ('successful', 'unsuccessful')",
                        name="outcome"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(24), unique=True, default=new_reference)
    opportunity_id: Mapped[int] = mapped_column(ForeignKey("opportunity.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    status: Mapped[str] = mapped_column(String(10), default="draft")
    revision: Mapped[int] = mapped_column(default=1)
    price: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str | None] = mapped_column(String(12))
    feedback: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=current_time)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=current_time,
                                                 onupdate=current_time)

    opportunity: Mapped[Opportunity] = relationship()
    organisation: Mapped[Organisation] = relationship()
    responses: Mapped[list["BidResponse"]] = relationship(
        back_populates="bid", cascade="all, delete-orphan")
    commitments: Mapped[list["BidCommitment"]] = relationship(
        back_populates="bid", cascade="all, delete-orphan")
    improvements: Mapped[list["BidImprovement"]] = relationship(
        back_populates="bid", cascade="all, delete-orphan")
    versions: Mapped[list["BidVersion"]] = relationship(
        back_populates="bid", cascade="all, delete-orphan", order_by="BidVersion.number")
    scores: Mapped[list["Score"]] = relationship(
        back_populates="bid", cascade="all, delete-orphan")
    attachments: Mapped[list["BidAttachment"]] = relationship(
        back_populates="bid", cascade="all, delete-orphan", order_by="BidAttachment.id")
    evidence: Mapped[list["BidEvidence"]] = relationship(
        back_populates="bid", cascade="all, delete-orphan", order_by="BidEvidence.id")

    @property
    def working_attachments(self) -> list["BidAttachment"]:
        return [a for a in self.attachments if not a.removed]

    @property
    def current_version(self) -> "BidVersion | None":
        """The last submitted version: the bid that counts (None if never submitted)."""
        return self.versions[-1] if self.versions else None

    def response_to(self, criterion_id: int) -> str:
        return next((r.answer for r in self.responses if r.criterion_id == criterion_id), "")

    def commitment_to(self, clause_id: int) -> Decimal | None:
        return next((c.quantity for c in self.commitments if c.clause_id == clause_id), None)

    def improvement_for(self, target_id: int) -> "BidImprovement | None":
        return next((i for i in self.improvements if i.target_id == target_id), None)


class BidResponse(db.Model):
    """The working copy's answer to one quality or social value question."""

    __tablename__ = "bid_response"
    __table_args__ = (UniqueConstraint("bid_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bid_id: Mapped[int] = mapped_column(ForeignKey("bid.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("evaluation_criterion.id"))
    answer: Mapped[str] = mapped_column(Text, default="")

    bid: Mapped[Bid] = relationship(back_populates="responses")
    criterion: Mapped[EvaluationCriterion] = relationship()


class BidCommitment(db.Model):
    """The quantity the bid commits to for one social clause, in the clause's unit."""

    __tablename__ = "bid_commitment"
    __table_args__ = (UniqueConstraint("bid_id", "clause_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bid_id: Mapped[int] = mapped_column(ForeignKey("bid.id", ondelete="CASCADE"), index=True)
    clause_id: Mapped[int] = mapped_column(ForeignKey("opportunity_social_clause.id"))
    quantity: Mapped[Decimal] = mapped_column(Numeric(12, 2))

    bid: Mapped[Bid] = relationship(back_populates="commitments")
    clause: Mapped[OpportunitySocialClause] = relationship()


class BidImprovement(db.Model):
    """The indicator result the bid expects to reach for one targeted indicator."""

    __tablename__ = "bid_improvement"
    __table_args__ = (UniqueConstraint("bid_id", "target_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bid_id: Mapped[int] = mapped_column(ForeignKey("bid.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("opportunity_indicator.id"))
    expected_pct: Mapped[Decimal] = mapped_column(Numeric(5, 1))
    people: Mapped[int | None]

    bid: Mapped[Bid] = relationship(back_populates="improvements")
    target: Mapped[OpportunityIndicator] = relationship()


class BidVersion(db.Model):
    """An immutable snapshot of the bid as submitted (or amended) at `submitted_at`."""

    __tablename__ = "bid_version"
    __table_args__ = (UniqueConstraint("bid_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bid_id: Mapped[int] = mapped_column(ForeignKey("bid.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    submitted_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    # {"price": "180000.00", "responses": {criterion_id: text}, "commitments": {clause_id: qty},
    #  "improvements": {target_id: {"expected_pct": ..., "people": ...}}}
    content: Mapped[dict] = mapped_column(JSON)

    bid: Mapped[Bid] = relationship(back_populates="versions")
    submitted_by: Mapped[User] = relationship()

    @property
    def price(self) -> Decimal:
        return Decimal(self.content["price"])


class Score(db.Model):
    """A commissioner's score for one bid on one criterion (0 to 4), with a comment."""

    __tablename__ = "score"
    __table_args__ = (
        UniqueConstraint("bid_id", "criterion_id"),
        CheckConstraint("score BETWEEN 0 AND 4", name="range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    bid_id: Mapped[int] = mapped_column(ForeignKey("bid.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("evaluation_criterion.id"))
    score: Mapped[int]
    comment: Mapped[str] = mapped_column(Text, default="")
    scored_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    scored_at: Mapped[datetime] = mapped_column(UTCDateTime, default=current_time)

    bid: Mapped[Bid] = relationship(back_populates="scores")
    criterion: Mapped[EvaluationCriterion] = relationship()


class BidAttachment(StoredDocument, db.Model):
    """A document attached to a bid. Removing it from the working copy keeps the file, since
    a submitted version may still include it. Addressed by a random reference, like the bid:
    ids from one sequence would let a bidder count other organisations' uploads."""

    __tablename__ = "bid_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(24), unique=True, default=new_reference)
    bid_id: Mapped[int] = mapped_column(ForeignKey("bid.id", ondelete="CASCADE"), index=True)
    removed: Mapped[bool] = mapped_column(default=False)

    bid: Mapped[Bid] = relationship(back_populates="attachments")


class BidEvidence(db.Model):
    """A published innovation or practice library entry the bid cites (working copy)."""

    __tablename__ = "bid_evidence"
    __table_args__ = (
        UniqueConstraint("bid_id", "innovation_id", name="uq_bid_evidence_innovation"),
        UniqueConstraint("bid_id", "library_entry_id", name="uq_bid_evidence_library_entry"),
        CheckConstraint("(innovation_id IS NULL) <> (library_entry_id IS NULL)",
                        name="one_source"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    bid_id: Mapped[int] = mapped_column(ForeignKey("bid.id", ondelete="CASCADE"), index=True)
    innovation_id: Mapped[int | None] = mapped_column(ForeignKey("innovation.id"), index=True)
    library_entry_id: Mapped[int | None] = mapped_column(ForeignKey("library_entry.id"),
                                                         index=True)

    bid: Mapped[Bid] = relationship(back_populates="evidence")
    innovation: Mapped["Innovation | None"] = relationship()  # noqa: F821
    library_entry: Mapped["LibraryEntry | None"] = relationship()  # noqa: F821


class BidCitation(db.Model):
    """The innovations the bid's last submitted version cites (rewritten at each submission),
    so an innovation can count the closed bids that cited it without reading any bid."""

    __tablename__ = "bid_citation"

    bid_id: Mapped[int] = mapped_column(ForeignKey("bid.id", ondelete="CASCADE"),
                                        primary_key=True)
    innovation_id: Mapped[int] = mapped_column(ForeignKey("innovation.id"), primary_key=True,
                                               index=True)
