"""Opportunities (service specifications), their tags, criteria, social clauses,
amendments and clarification questions."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    not_,
    or_,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal import clock
from portal.extensions import db
from portal.models.accounts import Organisation, User
from portal.models.reference import ClientGroup, Indicator, LocalArea, Outcome, Region
from portal.models.types import StoredDocument, UTCDateTime, current_time

CRITERION_KINDS = {"quality": "Quality", "price": "Price", "social-value": "Social value"}
CLAUSE_UNITS = {
    "people": "people",
    "hours": "hours",
    "percent": "per cent of contract value",
    "weeks": "weeks",
}


def _tag_table(name: str, column: str, target: str) -> Table:
    return Table(
        name,
        db.metadata,
        Column("opportunity_id", ForeignKey("opportunity.id", ondelete="CASCADE"),
               primary_key=True),
        Column(column, ForeignKey(target), primary_key=True, index=True),
    )


opportunity_client_group = _tag_table(
    "opportunity_client_group", "client_group_code", "client_group.code")
opportunity_outcome = _tag_table("opportunity_outcome", "outcome_code", "outcome.code")
opportunity_local_area = _tag_table(
    "opportunity_local_area", "local_area_code", "local_area.code")


class Opportunity(db.Model):
    """A service specification. Its status is derived from timestamps (see `status_at`)."""

    __tablename__ = "opportunity"
    __table_args__ = (
        Index("ix_opportunity_published_closes", "published_at", "closes_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    specification: Mapped[str] = mapped_column(Text, default="")
    value_min: Mapped[int | None]
    value_max: Mapped[int | None]
    duration_months: Mapped[int | None]
    questions_close_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancellation_reason: Mapped[str | None] = mapped_column(Text)
    not_awarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    not_awarded_reason: Mapped[str | None] = mapped_column(Text)
    awarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=current_time)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=current_time,
                                                 onupdate=current_time)

    organisation: Mapped[Organisation] = relationship()
    created_by: Mapped[User] = relationship()
    client_groups: Mapped[list[ClientGroup]] = relationship(
        secondary=opportunity_client_group, order_by=ClientGroup.name)
    outcomes: Mapped[list[Outcome]] = relationship(
        secondary=opportunity_outcome, order_by=Outcome.code)
    local_areas: Mapped[list[LocalArea]] = relationship(
        secondary=opportunity_local_area, order_by=LocalArea.name)
    indicators: Mapped[list["OpportunityIndicator"]] = relationship(
        back_populates="opportunity", cascade="all, delete-orphan",
        order_by="OpportunityIndicator.indicator_code")
    criteria: Mapped[list["EvaluationCriterion"]] = relationship(
        back_populates="opportunity", cascade="all, delete-orphan",
        order_by="EvaluationCriterion.position")
    social_clauses: Mapped[list["OpportunitySocialClause"]] = relationship(
        back_populates="opportunity", cascade="all, delete-orphan",
        order_by="OpportunitySocialClause.id")
    amendments: Mapped[list["Amendment"]] = relationship(
        back_populates="opportunity", cascade="all, delete-orphan", order_by="Amendment.id")
    questions: Mapped[list["ClarificationQuestion"]] = relationship(
        back_populates="opportunity", cascade="all, delete-orphan",
        order_by="ClarificationQuestion.id")
    attachments: Mapped[list["OpportunityAttachment"]] = relationship(
        back_populates="opportunity", cascade="all, delete-orphan",
        order_by="OpportunityAttachment.id")

    def status_at(self, now: datetime) -> str:
        """draft, open, closed, awarded, cancelled or not awarded, at the time `now`."""
        if self.cancelled_at is not None:
            return "cancelled"
        if self.awarded_at is not None:
            return "awarded"
        if self.not_awarded_at is not None:
            return "not awarded"
        if self.published_at is None or self.published_at > now:
            return "draft"
        if self.closes_at is not None and now < self.closes_at:
            return "open"
        return "closed"

    @classmethod
    def published_clause(cls, now: datetime):
        """SQL for 'anyone may read it at `now`': published, and not announced for later."""
        return and_(cls.published_at.is_not(None), cls.published_at <= now)

    @classmethod
    def status_clause(cls, status: str, now: datetime):
        """SQL for 'the opportunity has this status at `now`': the mirror of `status_at`."""
        # Only the clause asked for is built: list pages ask several times a request.
        if status == "awarded":
            return and_(cls.cancelled_at.is_(None), cls.awarded_at.is_not(None))
        if status == "cancelled":
            return cls.cancelled_at.is_not(None)
        if status == "not awarded":
            return and_(cls.cancelled_at.is_(None), cls.awarded_at.is_(None),
                        cls.not_awarded_at.is_not(None))
        settled = or_(cls.cancelled_at.is_not(None), cls.awarded_at.is_not(None),
                      cls.not_awarded_at.is_not(None))
        if status == "draft":
            return and_(not_(settled), or_(cls.published_at.is_(None), cls.published_at > now))
        published = cls.published_clause(now)
        if status == "open":
            return and_(published, not_(settled), cls.closes_at > now)
        if status == "closed":
            return and_(published, not_(settled), cls.closes_at <= now)
        raise KeyError(status)

    @property
    def status(self) -> str:
        return self.status_at(clock.now())

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def regions(self) -> list[Region]:
        unique = {area.region.code: area.region for area in self.local_areas}
        return sorted(unique.values(), key=lambda region: region.name)

    @property
    def questions_open(self) -> bool:
        now = clock.now()
        return (self.status_at(now) == "open" and self.questions_close_at is not None
                and now < self.questions_close_at)

    @property
    def answered_questions(self) -> list["ClarificationQuestion"]:
        return [q for q in self.questions if q.answered_at is not None]

    @property
    def current_intention(self):
        """The intention to award that stands (None before one, or once withdrawn): kept
        with its standstill and challenges in `awards.py`."""
        return next((i for i in reversed(self.intentions) if i.withdrawn_at is None), None)

    @property
    def in_standstill(self) -> bool:
        """An intention to award is announced and not yet confirmed (the public sees only
        this, and when the standstill ends; never the intended winner)."""
        intention = self.current_intention
        return intention is not None and intention.confirmed_at is None

    @property
    def award_procedure(self) -> str:
        """How the contract was awarded, as the notice states it: only the steps that took
        place (an award made before panels and standstill had neither)."""
        steps = (["an evaluation panel"] if self.panel else []) + (
            ["a standstill period and a debrief for every bidder"]
            if self.current_intention is not None else [])
        procedure = "Light-touch regime (Public Contracts Regulations)"
        return f"{procedure}, with {' and '.join(steps)}" if steps else procedure

    @property
    def total_weight(self) -> int:
        return sum(criterion.weight for criterion in self.criteria)


class OpportunityIndicator(db.Model):
    """A National Indicator the service targets, with the improvement sought."""

    __tablename__ = "opportunity_indicator"
    __table_args__ = (UniqueConstraint("opportunity_id", "indicator_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunity.id", ondelete="CASCADE"), index=True)
    indicator_code: Mapped[str] = mapped_column(ForeignKey("indicator.code"), index=True)
    baseline_pct: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))
    target_pct: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))
    cohort_size: Mapped[int | None]
    notes: Mapped[str] = mapped_column(Text, default="")

    opportunity: Mapped[Opportunity] = relationship(back_populates="indicators")
    indicator: Mapped[Indicator] = relationship()

    @property
    def description(self) -> str:
        """For example 'NI 148 from 58% to 65% for a cohort of about 120'."""
        text = self.indicator_code
        if self.baseline_pct is not None and self.target_pct is not None:
            text += f" from {_pct(self.baseline_pct)}% to {_pct(self.target_pct)}%"
        elif self.target_pct is not None:
            text += f" to {_pct(self.target_pct)}%"
        if self.cohort_size:
            text += f" for a cohort of about {self.cohort_size:,}"
        return text


def _pct(value: Decimal) -> str:
    """58.0 -> '58', 57.5 -> '57.5'"""
    return f"{value.normalize():f}"


class EvaluationCriterion(db.Model):
    """What bids are scored on. Weights across an opportunity sum to 100."""

    __tablename__ = "evaluation_criterion"
    __table_args__ = (
        CheckConstraint("kind IN ('quality', 'price', 'social-value')", name="kind"),
        CheckConstraint("weight BETWEEN 1 AND 100", name="weight"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunity.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    question: Mapped[str | None] = mapped_column(Text)
    word_limit: Mapped[int | None]
    weight: Mapped[int]
    position: Mapped[int] = mapped_column(default=0)

    opportunity: Mapped[Opportunity] = relationship(back_populates="criteria")

    @property
    def kind_label(self) -> str:
        return CRITERION_KINDS[self.kind]


class SocialClauseType(db.Model):
    """An entry in the maintained taxonomy of social clauses (admins edit it)."""

    __tablename__ = "social_clause_type"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)


class OpportunitySocialClause(db.Model):
    """A social clause in an opportunity: a requirement, a unit and a minimum."""

    __tablename__ = "opportunity_social_clause"
    __table_args__ = (
        CheckConstraint("unit IN ('people', 'hours', 'percent', 'weeks')", name="unit"),
        CheckConstraint("minimum >= 0", name="minimum"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunity.id", ondelete="CASCADE"), index=True)
    clause_type_code: Mapped[str] = mapped_column(ForeignKey("social_clause_type.code"))
    requirement: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(String(10))
    minimum: Mapped[Decimal] = mapped_column(Numeric(12, 2))

    opportunity: Mapped[Opportunity] = relationship(back_populates="social_clauses")
    clause_type: Mapped[SocialClauseType] = relationship()

    @property
    def unit_label(self) -> str:
        return CLAUSE_UNITS[self.unit]


class Amendment(db.Model):
    """A public record of a change made after publication, with its reason."""

    __tablename__ = "amendment"

    id: Mapped[int] = mapped_column(primary_key=True)
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunity.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    reason: Mapped[str] = mapped_column(Text)
    # [{"field": "closes_at", "label": "Closing date", "before": "...", "after": "..."}]
    changes: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=current_time)

    opportunity: Mapped[Opportunity] = relationship(back_populates="amendments")


class ClarificationQuestion(db.Model):
    """Asked by a provider; published to everyone, without the asker's name, once answered."""

    __tablename__ = "clarification_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunity.id", ondelete="CASCADE"), index=True)
    asked_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    question: Mapped[str] = mapped_column(Text)
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=current_time)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    opportunity: Mapped[Opportunity] = relationship(back_populates="questions")
    asked_by: Mapped[User] = relationship(foreign_keys=[asked_by_id])
    organisation: Mapped[Organisation] = relationship()


class OpportunityAttachment(StoredDocument, db.Model):
    """A document published with an opportunity, stored under a generated name."""

    __tablename__ = "opportunity_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunity.id", ondelete="CASCADE"), index=True)
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))

    opportunity: Mapped[Opportunity] = relationship(back_populates="attachments")
