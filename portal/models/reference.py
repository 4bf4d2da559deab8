"""Reference data of the PSA: client groups, outcomes, indicators, regions and local areas.

Rows are loaded by the migration `0002_reference_data`; nobody types them in.
"""

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db


class Region(db.Model):
    """A Government Office region, keyed by its ONS code (E12...)."""

    __tablename__ = "region"

    code: Mapped[str] = mapped_column(String(9), primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    local_areas: Mapped[list["LocalArea"]] = relationship(
        back_populates="region", order_by="LocalArea.name"
    )


class LocalArea(db.Model):
    """An English upper-tier local authority, keyed by its ONS (GSS) code."""

    __tablename__ = "local_area"

    code: Mapped[str] = mapped_column(String(9), primary_key=True)
    name: Mapped[str] = mapped_column(String(120), index=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"), index=True)
    region: Mapped[Region] = relationship(back_populates="local_areas")


class ClientGroup(db.Model):
    """One of the four PSA 16 client groups."""

    __tablename__ = "client_group"

    code: Mapped[str] = mapped_column(String(30), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text)


class Outcome(db.Model):
    """Settled accommodation or employment, education or training."""

    __tablename__ = "outcome"

    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))


class Indicator(db.Model):
    """A National Indicator, 143 to 150: one client group and one outcome."""

    __tablename__ = "indicator"

    code: Mapped[str] = mapped_column(String(8), primary_key=True)  # "NI 148"
    number: Mapped[int] = mapped_column(unique=True)
    title: Mapped[str] = mapped_column(String(255))
    client_group_code: Mapped[str] = mapped_column(ForeignKey("client_group.code"))
    outcome_code: Mapped[str] = mapped_column(ForeignKey("outcome.code"))
    client_group: Mapped[ClientGroup] = relationship()
    outcome: Mapped[Outcome] = relationship()
