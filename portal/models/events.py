"""Regional events: workshops, webinars and market engagement days, and who has a place."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.accounts import Organisation, User
from portal.models.opportunities import Opportunity
from portal.models.types import UTCDateTime, current_time

EVENT_KINDS = {
    "workshop": "Workshop",
    "webinar": "Webinar",
    "market-engagement": "Market engagement day",
}
EVENT_AUDIENCES = {
    "everyone": "Everyone",
    "commissioners": "Commissioners",
    "providers": "Providers",
    "local-strategic-partnerships": "Local strategic partnerships",
}
# unconfirmed (a guest who has not followed the emailed link: holds no place) -> registered
# | waiting; waiting -> registered (a place came free); any -> cancelled -> registered | waiting
REGISTRATION_STATUSES = ("unconfirmed", "registered", "waiting", "cancelled")


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Event(db.Model):
    """One event in one Government Office region. `places_taken` counts the registered
    people and is only ever changed by single SQL statements under the event's row lock;
    the check constraint keeps it within the capacity whatever the code above does."""

    __tablename__ = "event"
    __table_args__ = (
        CheckConstraint(_in("kind", EVENT_KINDS), name="kind"),
        CheckConstraint(_in("audience", EVENT_AUDIENCES), name="audience"),
        CheckConstraint("capacity > 0", name="capacity"),
        CheckConstraint("places_taken >= 0 AND places_taken <= capacity", name="places"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        Index("ix_event_region_starts", "region_code", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30))
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    venue: Mapped[str] = mapped_column(Text, default="")
    online_link: Mapped[str | None] = mapped_column(String(500))
    audience: Mapped[str] = mapped_column(String(40), default="everyone")
    capacity: Mapped[int]
    places_taken: Mapped[int] = mapped_column(default=0)
    description: Mapped[str] = mapped_column(Text, default="")
    opportunity_id: Mapped[int | None] = mapped_column(ForeignKey("opportunity.id"), index=True)
    organiser_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=current_time)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    opportunity: Mapped[Opportunity | None] = relationship()
    organiser: Mapped[User | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    registrations: Mapped[list["EventRegistration"]] = relationship(
        back_populates="event", order_by="EventRegistration.id", cascade="all, delete-orphan")

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def kind_label(self) -> str:
        return EVENT_KINDS[self.kind]

    @property
    def audience_label(self) -> str:
        return EVENT_AUDIENCES[self.audience]

    @property
    def places_left(self) -> int:
        return max(0, self.capacity - self.places_taken)


class EventRegistration(db.Model):
    """A person's place (or place in the queue) at an event: one row per email per event,
    reused if they cancel and register again."""

    __tablename__ = "event_registration"
    __table_args__ = (
        CheckConstraint(_in("status", REGISTRATION_STATUSES), name="status"),
        UniqueConstraint("event_id", "email"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254))
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=current_time)
    # When the person joined the queue or took their place: the waiting list's order.
    queued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship(back_populates="registrations")
    user: Mapped[User | None] = relationship()
