"""Guidance pages written by site staff: a draft, and every version ever published."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.accounts import User
from portal.models.opportunities import CLAUSE_UNITS, SocialClauseType
from portal.models.types import UTCDateTime, current_time

# Who a page is written for (a page may be for several).
AUDIENCES = {
    "commissioners": "Commissioners",
    "providers": "Providers",
    "local-strategic-partnerships": "Local strategic partnerships",
}
# draft -> published; published -> published (a new version) | withdrawn; withdrawn -> published
GUIDANCE_STATUSES = ("draft", "published", "withdrawn")
# The fields a published version copies from the draft.
VERSIONED_FIELDS = ("title", "summary", "body", "audiences", "clause_type_code",
                    "model_requirement", "model_unit", "model_minimum")


class _Content:
    """What staff write, the same in the draft and in each published version. A page for a
    social clause type also carries its model wording: requirement, unit and minimum."""

    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    audiences: Mapped[list] = mapped_column(JSON, default=list)
    clause_type_code: Mapped[str | None] = mapped_column(
        ForeignKey("social_clause_type.code"), default=None)
    model_requirement: Mapped[str | None] = mapped_column(Text, default=None)
    model_unit: Mapped[str | None] = mapped_column(String(10), default=None)
    model_minimum: Mapped[Decimal | None] = mapped_column(Numeric(12, 2), default=None)

    @property
    def audience_names(self) -> list[str]:
        return [AUDIENCES[code] for code in self.audiences if code in AUDIENCES]

    @property
    def model_unit_label(self) -> str:
        return CLAUSE_UNITS.get(self.model_unit or "", self.model_unit or "")

    @property
    def has_model_clause(self) -> bool:
        return bool(self.clause_type_code and self.model_requirement and self.model_unit
                    and self.model_minimum is not None)


class GuidancePage(_Content, db.Model):
    """One page of guidance. Its own columns are the draft staff are working on; the public
    read the latest published version, so editing never changes what the public see."""

    __tablename__ = "guidance_page"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'published', 'withdrawn')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=current_time)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=current_time)

    versions: Mapped[list["GuidanceVersion"]] = relationship(
        back_populates="page", order_by="GuidanceVersion.number", cascade="all, delete-orphan")
    clause_type: Mapped[SocialClauseType | None] = relationship()

    @property
    def is_published(self) -> bool:
        return self.status == "published"

    @property
    def current(self) -> "GuidanceVersion | None":
        """The latest published version: what the public read while the page is published."""
        return self.versions[-1] if self.versions else None

    @property
    def has_unpublished_changes(self) -> bool:
        current = self.current
        return current is None or any(getattr(self, name) != getattr(current, name)
                                      for name in VERSIONED_FIELDS)


class GuidanceVersion(_Content, db.Model):
    """A published version, kept for good: the history of a page is its versions."""

    __tablename__ = "guidance_version"
    __table_args__ = (UniqueConstraint("page_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("guidance_page.id", ondelete="CASCADE"),
                                         index=True)
    number: Mapped[int]
    reviewed_on: Mapped[date] = mapped_column(Date)
    change_note: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=current_time)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    page: Mapped[GuidancePage] = relationship(back_populates="versions")
    published_by: Mapped[User | None] = relationship()
