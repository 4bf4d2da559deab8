"""Changes waiting to reach the search index, written in the same transaction as the change."""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.models.types import UTCDateTime, current_time


class PendingSearchChange(db.Model):
    """One object of one search kind changed; the indexer reads it, indexes, then deletes it."""

    __tablename__ = "pending_search_change"
    # Never reuse an id: an indexer deletes the rows it applied by id after releasing the
    # index lock, and SQLite would otherwise hand a deleted id to the next change.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    object_id: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=current_time)
