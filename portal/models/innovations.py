"""The Innovation Exchange: innovations, their files, commissioners' interest and adoptions."""

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.accounts import Organisation, User
from portal.models.reference import ClientGroup, Indicator, LocalArea, Outcome
from portal.models.types import StoredDocument, UTCDateTime, current_time

INNOVATION_STATUSES = ("draft", "submitted", "returned", "published", "withdrawn")
INNOVATION_STAGES = {
    "idea": "Idea",
    "pilot": "Pilot",
    "evidence-of-impact": "Evidence of impact",
    "scaling": "Scaling",
}
# The practice library's scale (DESIGN.md §4), so evidence reads the same everywhere.
EVIDENCE_LEVELS = {
    1: "Described",
    2: "Before-and-after measure",
    3: "Comparison group",
    4: "Randomised or strong quasi-experimental",
    5: "Replicated in several places",
}
INNOVATION_NEEDS = {
    "funding": "Funding",
    "commissioner": "A commissioner",
    "partner": "A partner",
    "premises": "Premises",
}


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _tag_table(name: str, column: str, target: str) -> Table:
    return Table(
        name,
        db.metadata,
        Column("innovation_id", ForeignKey("innovation.id", ondelete="CASCADE"),
               primary_key=True),
        Column(column, ForeignKey(target), primary_key=True, index=True),
    )


innovation_client_group = _tag_table(
    "innovation_client_group", "client_group_code", "client_group.code")
innovation_outcome = _tag_table("innovation_outcome", "outcome_code", "outcome.code")
innovation_indicator = _tag_table("innovation_indicator", "indicator_code", "indicator.code")
innovation_local_area = _tag_table("innovation_local_area", "local_area_code", "local_area.code")


class Innovation(db.Model):
    """A third-sector organisation's idea or service, shared so that others can take it up."""

    __tablename__ = "innovation"
    __table_args__ = (
        CheckConstraint(_in("status", INNOVATION_STATUSES), name="status"),
        CheckConstraint(_in("stage", INNOVATION_STAGES), name="stage"),
        CheckConstraint("evidence_level BETWEEN 1 AND 5", name="evidence_level"),
        CheckConstraint("cost_per_person_gbp >= 0", name="cost_per_person_gbp"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    problem: Mapped[str] = mapped_column(Text)
    approach: Mapped[str] = mapped_column(Text)
    stage: Mapped[str] = mapped_column(String(20))
    evidence_level: Mapped[int]
    evidence_justification: Mapped[str] = mapped_column(Text)
    cost_per_person_gbp: Mapped[int | None]
    needs: Mapped[list] = mapped_column(JSON, default=list)
    contact_name: Mapped[str] = mapped_column(String(120))
    contact_email: Mapped[str] = mapped_column(String(254))
    # A generated file name in UPLOAD_DIR, never the name the user's file had.
    image_name: Mapped[str | None] = mapped_column(String(64))
    image_alt: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(10), default="draft", index=True)
    # Why an admin returned or withdrew it; shown to the organisation.
    status_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=current_time)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship()
    created_by: Mapped[User] = relationship()
    client_groups: Mapped[list[ClientGroup]] = relationship(
        secondary=innovation_client_group, order_by=ClientGroup.name)
    outcomes: Mapped[list[Outcome]] = relationship(
        secondary=innovation_outcome, order_by=Outcome.code)
    indicators: Mapped[list[Indicator]] = relationship(
        secondary=innovation_indicator, order_by=Indicator.number)
    local_areas: Mapped[list[LocalArea]] = relationship(
        secondary=innovation_local_area, order_by=LocalArea.name)
    attachments: Mapped[list["InnovationAttachment"]] = relationship(
        back_populates="innovation", order_by="InnovationAttachment.id",
        cascade="all, delete-orphan")
    updates: Mapped[list["InnovationUpdate"]] = relationship(
        back_populates="innovation", order_by="InnovationUpdate.id.desc()",
        cascade="all, delete-orphan")
    interests: Mapped[list["InnovationInterest"]] = relationship(
        back_populates="innovation", order_by="InnovationInterest.id",
        cascade="all, delete-orphan")
    adoptions: Mapped[list["Adoption"]] = relationship(
        back_populates="innovation", order_by="Adoption.started_on",
        cascade="all, delete-orphan")

    @property
    def is_published(self) -> bool:
        return self.status == "published"

    @property
    def stage_label(self) -> str:
        return INNOVATION_STAGES[self.stage]

    @property
    def evidence_label(self) -> str:
        return EVIDENCE_LEVELS[self.evidence_level]

    @property
    def need_labels(self) -> list[str]:
        return [INNOVATION_NEEDS[code] for code in self.needs if code in INNOVATION_NEEDS]


class InnovationAttachment(StoredDocument, db.Model):
    """A document about an innovation, stored under a generated name and served by id only."""

    __tablename__ = "innovation_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    innovation_id: Mapped[int] = mapped_column(
        ForeignKey("innovation.id", ondelete="CASCADE"), index=True)

    innovation: Mapped[Innovation] = relationship(back_populates="attachments")


class InnovationUpdate(db.Model):
    """What changed in a published innovation, shown on its page with the date."""

    __tablename__ = "innovation_update"

    id: Mapped[int] = mapped_column(primary_key=True)
    innovation_id: Mapped[int] = mapped_column(
        ForeignKey("innovation.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=current_time)

    innovation: Mapped[Innovation] = relationship(back_populates="updates")


class InnovationInterest(db.Model):
    """A commissioner's message to the organisation behind an innovation."""

    __tablename__ = "innovation_interest"

    id: Mapped[int] = mapped_column(primary_key=True)
    innovation_id: Mapped[int] = mapped_column(
        ForeignKey("innovation.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    message: Mapped[str] = mapped_column(Text)
    # The address the commissioner chose to share for replies.
    reply_email: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=current_time)

    innovation: Mapped[Innovation] = relationship(back_populates="interests")
    organisation: Mapped[Organisation] = relationship()
    user: Mapped[User] = relationship()


class Adoption(db.Model):
    """A commissioning body took the innovation up in one local area from a date."""

    __tablename__ = "adoption"
    __table_args__ = (
        UniqueConstraint("innovation_id", "organisation_id", "local_area_code",
                         name="uq_adoption_one_per_area"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    innovation_id: Mapped[int] = mapped_column(
        ForeignKey("innovation.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    local_area_code: Mapped[str] = mapped_column(ForeignKey("local_area.code"), index=True)
    started_on: Mapped[date] = mapped_column(Date)
    # Optionally, the adopting body's own opportunity (and so its contract) that bought it.
    opportunity_id: Mapped[int | None] = mapped_column(ForeignKey("opportunity.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=current_time)

    innovation: Mapped[Innovation] = relationship(back_populates="adoptions")
    organisation: Mapped[Organisation] = relationship()
    recorded_by: Mapped[User] = relationship()
    local_area: Mapped[LocalArea] = relationship()
    opportunity: Mapped["Opportunity | None"] = relationship()  # noqa: F821
