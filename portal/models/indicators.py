"""Indicator values for local areas, regions and England, and each area's Local Area Agreement.

A value is addressed by one area code: a local area's ONS code (E06, E08, E09, E10), a
region's (E12) or England's (E92000001). `level` says which, and the matching foreign key
(`local_area_code` or `region_code`) holds the same code, so the database itself refuses a
value for an area that does not exist.
"""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.reference import Indicator, LocalArea, Region
from portal.models.types import UTCDateTime, current_time

ENGLAND_CODE = "E92000001"
ENGLAND_NAME = "England"
LEVELS = ("local-area", "region", "england")
# Generated values carry a source starting with this; every page showing one says so.
DEMONSTRATION_SOURCE = "Demonstration data"


class IndicatorValue(db.Model):
    """One indicator's value for one area (local area, region or England) in one year."""

    __tablename__ = "indicator_value"
    __table_args__ = (
        UniqueConstraint("area_code", "indicator_code", "period",
                         name="uq_indicator_value_area_indicator_period"),
        CheckConstraint("value_pct BETWEEN 0 AND 100", name="value_pct"),
        CheckConstraint("numerator >= 0 AND numerator <= denominator", name="numerator"),
        CheckConstraint("denominator > 0", name="denominator"),
        CheckConstraint(
            "(level = 'local-area' AND local_area_code = area_code AND region_code IS NULL)"
            " OR (level = 'region' AND region_code = area_code AND local_area_code IS NULL)"
            f" OR (level = 'england' AND area_code = '{ENGLAND_CODE}'"
            " AND local_area_code IS NULL AND region_code IS NULL)",
            name="level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    area_code: Mapped[str] = mapped_column(String(9))
    level: Mapped[str] = mapped_column(String(10))
    local_area_code: Mapped[str | None] = mapped_column(ForeignKey("local_area.code"))
    region_code: Mapped[str | None] = mapped_column(ForeignKey("region.code"))
    indicator_code: Mapped[str] = mapped_column(ForeignKey("indicator.code"), index=True)
    period: Mapped[str] = mapped_column(String(7))  # "2008-09"
    value_pct: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    numerator: Mapped[int]
    denominator: Mapped[int]
    source: Mapped[str] = mapped_column(String(200))

    indicator: Mapped[Indicator] = relationship()
    local_area: Mapped[LocalArea | None] = relationship()
    region: Mapped[Region | None] = relationship()

    @property
    def is_demonstration(self) -> bool:
        return self.source.startswith(DEMONSTRATION_SOURCE)


class LaaTarget(db.Model):
    """An indicator a local area chose for its Local Area Agreement, with its target for a year.

    An indicator is in the area's agreement when it has at least one target."""

    __tablename__ = "laa_target"
    __table_args__ = (
        UniqueConstraint("local_area_code", "indicator_code", "period",
                         name="uq_laa_target_area_indicator_period"),
        CheckConstraint("target_pct BETWEEN 0 AND 100", name="target_pct"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    local_area_code: Mapped[str] = mapped_column(ForeignKey("local_area.code"), index=True)
    indicator_code: Mapped[str] = mapped_column(ForeignKey("indicator.code"))
    period: Mapped[str] = mapped_column(String(7))
    target_pct: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=current_time)

    indicator: Mapped[Indicator] = relationship()
    local_area: Mapped[LocalArea] = relationship()
