"""Organisations and the people who sign in for them."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.types import UTCDateTime, current_time

COMMISSIONING_KINDS = {
    "local-authority": "Local authority",
    "pct": "Primary care trust (PCT)",
    "probation-trust": "Probation trust",
    "mental-health-trust": "Mental health trust",
    "jobcentre-plus": "Jobcentre Plus",
    "government-department": "Government department",
}
THIRD_SECTOR_KINDS = {
    "charity": "Charity",
    "social-enterprise": "Social enterprise",
    "community-group": "Community group",
}
ORGANISATION_KINDS = COMMISSIONING_KINDS | THIRD_SECTOR_KINDS
ORGANISATION_STATUSES = ("pending", "verified", "rejected")
MEMBERSHIPS = ("active", "pending")


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Organisation(db.Model):
    """A commissioning body or a third-sector organisation."""

    __tablename__ = "organisation"
    __table_args__ = (
        CheckConstraint(_in("kind", ORGANISATION_KINDS), name="kind"),
        CheckConstraint(_in("status", ORGANISATION_STATUSES), name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # Lower-cased, whitespace-collapsed name: two bodies cannot share a name.
    name_key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(30))
    charity_number: Mapped[str | None] = mapped_column(String(20))
    company_number: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    status_reason: Mapped[str | None] = mapped_column(Text)
    status_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=current_time)
    # The local area a commissioning body serves (set by site staff): its members keep that
    # area's Local Area Agreement choices.
    local_area_code: Mapped[str | None] = mapped_column(ForeignKey("local_area.code"))
    # A small or medium-sized enterprise (fewer than 250 staff, turnover up to £44m), as the
    # organisation says: award notices say so. None: not recorded.
    is_sme: Mapped[bool | None] = mapped_column()

    members: Mapped[list["User"]] = relationship(back_populates="organisation")
    local_area: Mapped["LocalArea | None"] = relationship()  # noqa: F821

    @staticmethod
    def key_for(name: str) -> str:
        return " ".join(name.split()).casefold()

    @property
    def is_commissioning_body(self) -> bool:
        return self.kind in COMMISSIONING_KINDS

    @property
    def is_verified(self) -> bool:
        return self.status == "verified"

    @property
    def kind_label(self) -> str:
        return ORGANISATION_KINDS[self.kind]

    @property
    def supplier_categories(self) -> list[str]:
        """What an award notice says of a winner: voluntary or community organisation,
        social enterprise, SME (from its kind, and the SME flag)."""
        categories = []
        if self.kind in ("charity", "community-group"):
            categories.append("Voluntary or community organisation")
        if self.kind == "social-enterprise":
            categories.append("Social enterprise")
        if self.is_sme:
            categories.append("Small or medium-sized enterprise (SME)")
        return categories

    @classmethod
    def by_name(cls, name: str) -> "Organisation | None":
        return db.session.scalar(select(cls).where(cls.name_key == cls.key_for(name)))


class User(UserMixin, db.Model):
    """A person with an account. Their organisation's kind makes them a provider or commissioner."""

    __tablename__ = "user_account"
    __table_args__ = (CheckConstraint(_in("membership", MEMBERSHIPS), name="membership"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    # A person who joins an existing organisation waits for a member or an admin to confirm them.
    membership: Mapped[str] = mapped_column(String(10), default="pending")
    is_admin: Mapped[bool] = mapped_column(default=False)
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=current_time)
    last_signed_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation | None] = relationship(back_populates="members")

    @property
    def role(self) -> str:
        """admin, commissioner, provider, or member (no confirmed organisation yet)."""
        if self.is_admin:
            return "admin"
        if self.organisation is None or self.membership != "active":
            return "member"
        return "commissioner" if self.organisation.is_commissioning_body else "provider"

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    @classmethod
    def by_email(cls, email: str) -> "User | None":
        return db.session.scalar(select(cls).where(cls.email == email.strip().lower()))
