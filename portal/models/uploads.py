"""Uploaded files kept in the database (UPLOAD_STORAGE=database), so that any host serves them."""

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db


class UploadChunk(db.Model):
    """One piece of a stored file, in order by `position`: pieces keep every row, every write
    and every read small, so a download streams without holding the file in memory. A file
    is written in the transaction that refers to it, so a rollback leaves nothing behind."""

    __tablename__ = "upload_chunk"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)  # uploads.STORED_NAME
    position: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    data: Mapped[bytes] = mapped_column(LargeBinary)
