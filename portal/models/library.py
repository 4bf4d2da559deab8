"""The practice library: services and what they changed in the National Indicators."""

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Numeric,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.accounts import User
from portal.models.reference import ClientGroup, Indicator, LocalArea, Outcome
from portal.models.types import UTCDateTime, current_time

# submitted -> published | returned; returned -> submitted (edited); published -> unpublished
ENTRY_STATUSES = ("submitted", "published", "returned", "unpublished")

# The one documented evidence scale (DESIGN.md §4), with what each level needs.
EVIDENCE_SCALE = {
    1: ("Described", "The service and what it does are written down; no outcome was measured."),
    2: ("Before-and-after measure",
        "An indicator was measured for the people served before and after the service."),
    3: ("Comparison group",
        "Results were compared with a similar group of people who did not get the service."),
    4: ("Randomised or strong quasi-experimental",
        "People were allocated at random, or a design as strong (for example a matched "
        "comparison with a clear cut-off) ruled out other explanations."),
    5: ("Replicated in several places",
        "Level 3 or 4 evidence from at least two different places or providers."),
}

entry_client_group = Table(
    "library_entry_client_group",
    db.metadata,
    Column("entry_id", ForeignKey("library_entry.id", ondelete="CASCADE"), primary_key=True),
    Column("client_group_code", ForeignKey("client_group.code"), primary_key=True),
)
entry_outcome = Table(
    "library_entry_outcome",
    db.metadata,
    Column("entry_id", ForeignKey("library_entry.id", ondelete="CASCADE"), primary_key=True),
    Column("outcome_code", ForeignKey("outcome.code"), primary_key=True),
)
# Innovations an entry's service drew on (published ones, chosen by the contributor).
entry_innovation = Table(
    "library_entry_innovation",
    db.metadata,
    Column("entry_id", ForeignKey("library_entry.id", ondelete="CASCADE"), primary_key=True),
    Column("innovation_id", ForeignKey("innovation.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)
entry_local_area = Table(
    "library_entry_local_area",
    db.metadata,
    Column("entry_id", ForeignKey("library_entry.id", ondelete="CASCADE"), primary_key=True),
    Column("local_area_code", ForeignKey("local_area.code"), primary_key=True),
)


class LibraryEntry(db.Model):
    """A service that ran somewhere, and what it changed. Public once an admin publishes it."""

    __tablename__ = "library_entry"
    __table_args__ = (
        CheckConstraint(
            "status IN ('submitted', 'published', 'returned', 'unpublished')", name="status"
        ),
        CheckConstraint("evidence_rating BETWEEN 1 AND 5", name="evidence_rating"),
        CheckConstraint("period_end >= period_start", name="period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stable across portals and files: `flask library import` updates the entry that has the
    # line's identifier. A new UUID unless a file brings one.
    identifier: Mapped[str] = mapped_column(String(100), unique=True, index=True,
                                            default=lambda: str(uuid.uuid4()))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    service: Mapped[str] = mapped_column(Text)
    delivered_by: Mapped[str] = mapped_column(String(200))
    commissioned_by: Mapped[str] = mapped_column(String(200))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    cost_per_person_gbp: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    evidence_rating: Mapped[int]
    sources: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(12), default="submitted", index=True)
    return_reason: Mapped[str | None] = mapped_column(Text)
    contributor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=current_time)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=current_time)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    contributor: Mapped[User | None] = relationship()
    # Set when the entry was drafted from a finished contract on this portal.
    contract_id: Mapped[int | None] = mapped_column(ForeignKey("contract.id"), unique=True)
    contract: Mapped["Contract | None"] = relationship()  # noqa: F821
    client_groups: Mapped[list[ClientGroup]] = relationship(
        secondary=entry_client_group, order_by="ClientGroup.code"
    )
    outcomes: Mapped[list[Outcome]] = relationship(
        secondary=entry_outcome, order_by="Outcome.code"
    )
    local_areas: Mapped[list[LocalArea]] = relationship(
        secondary=entry_local_area, order_by="LocalArea.code"
    )
    innovations: Mapped[list["Innovation"]] = relationship(  # noqa: F821
        secondary=entry_innovation, order_by="Innovation.id"
    )
    impacts: Mapped[list["IndicatorImpact"]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", order_by="IndicatorImpact.position"
    )

    @property
    def is_published(self) -> bool:
        return self.status == "published"

    @property
    def evidence_label(self) -> str:
        return EVIDENCE_SCALE[self.evidence_rating][0]

    @property
    def evidence_meaning(self) -> str:
        return EVIDENCE_SCALE[self.evidence_rating][1]

    @property
    def largest_improvement(self) -> Decimal | None:
        """The biggest change in percentage points among the entry's impacts."""
        changes = [impact.change_pp for impact in self.impacts]
        return max(changes) if changes else None

    @property
    def regions(self) -> list:
        return sorted({area.region for area in self.local_areas}, key=lambda r: r.name)

    @property
    def published_innovations(self) -> list:
        """The cited innovations anyone may see (one withdrawn later drops out of view)."""
        return [innovation for innovation in self.innovations if innovation.is_published]

    @property
    def indicator_codes(self) -> list[str]:
        return sorted({impact.indicator_code for impact in self.impacts})


class IndicatorImpact(db.Model):
    """A measured change in one National Indicator for the people an entry's service worked with."""

    __tablename__ = "indicator_impact"
    __table_args__ = (
        CheckConstraint("baseline_pct BETWEEN 0 AND 100", name="baseline_pct"),
        CheckConstraint("result_pct BETWEEN 0 AND 100", name="result_pct"),
        CheckConstraint("cohort > 0", name="cohort"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("library_entry.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    indicator_code: Mapped[str] = mapped_column(ForeignKey("indicator.code"))
    baseline_pct: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    baseline_period: Mapped[str] = mapped_column(String(40))
    result_pct: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    result_period: Mapped[str] = mapped_column(String(40))
    cohort: Mapped[int]

    entry: Mapped[LibraryEntry] = relationship(back_populates="impacts")
    indicator: Mapped[Indicator] = relationship()

    @property
    def change_pp(self) -> Decimal:
        """Change in percentage points, derived: result minus baseline (never typed in)."""
        return Decimal(self.result_pct) - Decimal(self.baseline_pct)
