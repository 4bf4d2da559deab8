"""How a person finds a funded service: what the provider tells the public about a contract
in delivery, above all how to get referred to it."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from portal.extensions import db
from portal.models.contracts import Contract
from portal.models.types import UTCDateTime, current_time


class ServiceListing(db.Model):
    """A contract's entry in the public directory of services, written by its provider (or
    the commissioner) in plain words. A contract in delivery without one is still listed,
    with the commissioner's title and summary and the provider's name."""

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(
        ForeignKey("contract.id", ondelete="CASCADE"), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    how_to_refer: Mapped[str] = mapped_column(Text)
    self_referral: Mapped[bool] = mapped_column(default=False)
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    website: Mapped[str | None] = mapped_column(String(500))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=current_time)
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))

    contract: Mapped[Contract] = relationship(
        backref=backref("listing", uselist=False, cascade="all, delete-orphan",
                        passive_deletes=True))
