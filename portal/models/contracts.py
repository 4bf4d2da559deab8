"""Contracts made by awards, their reporting schedule and variations, and the outcome reports
providers submit on them.

A contract belongs to the award of one opportunity to one bid. Its outcome reports give,
per period, figures that are cumulative from the contract's start (see
`portal.contracts.services.delivered_so_far`); the commissioner confirms or returns each.
A contract's `value` and `ends_on` are its current terms: a variation changes them and keeps
what they were before, so the original terms are the first variation's "before" values.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from portal.extensions import db
from portal.models.accounts import Organisation
from portal.models.bids import Bid
from portal.models.opportunities import Opportunity, OpportunityIndicator, OpportunitySocialClause
from portal.models.types import UTCDateTime, current_time

REPORT_STATUSES = ("submitted", "confirmed", "returned")


# A contract's default reporting schedule: periods of this many months, each report due this
# many days after its period ends (the commissioner edits it afterwards).
MONTHS_PER_PERIOD = 3
DUE_AFTER_DAYS = 30


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has fewer days."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def quarters(starts_on: date, ends_on: date) -> list[tuple[date, date]]:
    """Periods of MONTHS_PER_PERIOD months from `starts_on`, the last cut at `ends_on`.
    Counted from the first start each time, so 31 January gives 30 April, then 31 July."""
    found, number = [], 0
    while (start := add_months(starts_on, number * MONTHS_PER_PERIOD)) <= ends_on:
        end = add_months(starts_on, (number + 1) * MONTHS_PER_PERIOD) - timedelta(days=1)
        found.append((start, min(end, ends_on)))
        number += 1
    return found


class Contract(db.Model):
    """Made by the award: the winning bid, its value and dates. Public as the award notice."""

    __tablename__ = "contract"

    id: Mapped[int] = mapped_column(primary_key=True)
    opportunity_id: Mapped[int] = mapped_column(ForeignKey("opportunity.id"), unique=True)
    bid_id: Mapped[int] = mapped_column(ForeignKey("bid.id"), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    value: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    awarded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    awarded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    winning_score: Mapped[Decimal] = mapped_column(Numeric(6, 2))

    opportunity: Mapped[Opportunity] = relationship(
        backref=backref("contract", uselist=False))
    bid: Mapped[Bid] = relationship()
    organisation: Mapped[Organisation] = relationship()
    reports: Mapped[list["OutcomeReport"]] = relationship(
        back_populates="contract", cascade="all, delete-orphan",
        order_by="OutcomeReport.period_start")
    periods: Mapped[list["ReportingPeriod"]] = relationship(
        back_populates="contract", cascade="all, delete-orphan",
        order_by="ReportingPeriod.starts_on")
    variations: Mapped[list["ContractVariation"]] = relationship(
        back_populates="contract", cascade="all, delete-orphan",
        order_by="(ContractVariation.recorded_at, ContractVariation.id)")

    @property
    def original_value(self) -> Decimal:
        """The value as awarded, before any variation."""
        return self.variations[0].value_before if self.variations else self.value

    @property
    def original_ends_on(self) -> date:
        """The end date as awarded, before any variation."""
        return self.variations[0].ends_on_before if self.variations else self.ends_on

    def derive_schedule(self, *, after: date | None = None) -> None:
        """Add the default reporting periods, each due DUE_AFTER_DAYS after it ends: for the
        whole contract, or (after an extension) for the days following `after`."""
        starts_on = self.starts_on if after is None else after + timedelta(days=1)
        for start, end in quarters(starts_on, self.ends_on):
            self.periods.append(ReportingPeriod(
                starts_on=start, ends_on=end, due_on=end + timedelta(days=DUE_AFTER_DAYS)))

    def runs_on(self, day: date) -> bool:
        """The service is delivered on `day` (both ends included): the Python twin of
        `portal.directory.queries.live_clause`."""
        return self.starts_on <= day <= self.ends_on


class ReportingPeriod(db.Model):
    """A period the provider reports on, and the day its outcome report is due (agreed in the
    contract; derived quarterly at the award, then edited by the commissioner)."""

    __tablename__ = "reporting_period"
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="period"),
        CheckConstraint("due_on > ends_on", name="due"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id", ondelete="CASCADE"),
                                             index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)

    contract: Mapped[Contract] = relationship(back_populates="periods")
    reports: Mapped[list["OutcomeReport"]] = relationship(
        back_populates="period", order_by="(OutcomeReport.submitted_at, OutcomeReport.id)")


class ContractVariation(db.Model):
    """A change to a contract's value or end date after the award, with its reason: public,
    and an extension when it moves the end date later."""

    __tablename__ = "contract_variation"
    __table_args__ = (
        CheckConstraint("value_after IS NOT NULL OR ends_on_after IS NOT NULL",
                        name="changes_something"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id", ondelete="CASCADE"),
                                             index=True)
    effective_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    value_before: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    value_after: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))  # None: unchanged
    ends_on_before: Mapped[date] = mapped_column(Date)
    ends_on_after: Mapped[date | None] = mapped_column(Date)  # None: unchanged
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=current_time)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))

    contract: Mapped[Contract] = relationship(back_populates="variations")

    @property
    def is_extension(self) -> bool:
        return self.ends_on_after is not None and self.ends_on_after > self.ends_on_before

    @property
    def value(self) -> Decimal:
        """The contract's value from this variation on."""
        return self.value_before if self.value_after is None else self.value_after

    @property
    def ends_on(self) -> date:
        """The contract's end date from this variation on."""
        return self.ends_on_before if self.ends_on_after is None else self.ends_on_after


class OutcomeReport(db.Model):
    """What a contract achieved in one period; confirmed or returned by the commissioner."""

    __tablename__ = "outcome_report"
    __table_args__ = (
        CheckConstraint("status IN ('submitted', 'confirmed', 'returned')", name="status"),
        CheckConstraint("period_end >= period_start", name="period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), index=True)
    # The scheduled period it reports on; None for a report that matches none.
    period_id: Mapped[int | None] = mapped_column(ForeignKey("reporting_period.id"), index=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="submitted")
    notes: Mapped[str] = mapped_column(Text, default="")
    return_reason: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=current_time)
    submitted_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    contract: Mapped[Contract] = relationship(back_populates="reports")
    period: Mapped[ReportingPeriod | None] = relationship(back_populates="reports")
    results: Mapped[list["OutcomeResult"]] = relationship(
        back_populates="report", cascade="all, delete-orphan")
    deliveries: Mapped[list["ClauseDelivery"]] = relationship(
        back_populates="report", cascade="all, delete-orphan")


class OutcomeResult(db.Model):
    """People worked with and people who reached the outcome, for one targeted indicator."""

    __tablename__ = "outcome_result"
    __table_args__ = (
        UniqueConstraint("report_id", "target_id"),
        CheckConstraint("achieved >= 0 AND achieved <= worked_with", name="counts"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("outcome_report.id", ondelete="CASCADE"),
                                           index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("opportunity_indicator.id"))
    worked_with: Mapped[int]
    achieved: Mapped[int]

    report: Mapped[OutcomeReport] = relationship(back_populates="results")
    target: Mapped[OpportunityIndicator] = relationship()

    @property
    def rate_pct(self) -> Decimal | None:
        """Derived, never typed: achieved ÷ worked with, as a percentage to one place."""
        if not self.worked_with:
            return None
        return (Decimal(self.achieved) * 100 / Decimal(self.worked_with)).quantize(Decimal("0.1"))


class ClauseDelivery(db.Model):
    """What was delivered in the period against one social clause commitment."""

    __tablename__ = "clause_delivery"
    __table_args__ = (UniqueConstraint("report_id", "clause_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("outcome_report.id", ondelete="CASCADE"),
                                           index=True)
    clause_id: Mapped[int] = mapped_column(ForeignKey("opportunity_social_clause.id"))
    delivered: Mapped[Decimal] = mapped_column(Numeric(12, 2))

    report: Mapped[OutcomeReport] = relationship(back_populates="deliveries")
    clause: Mapped[OpportunitySocialClause] = relationship()
