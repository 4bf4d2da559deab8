"""Uploaded files: checked by their content, size-limited, stored under generated names.

Nothing here trusts the browser's file name or content type. Images are opened
and verified with Pillow, resized and re-encoded (which also drops whatever
else the file carried); documents are recognised by their bytes. Every file
is kept under a random name and served only through `send_upload`, which
accepts nothing but such a name.

Where files are kept is UPLOAD_STORAGE: `database` (the default on PostgreSQL: every host
serves every file, in pieces of CHUNK_BYTES, see models/uploads.py) or `directory`
(UPLOAD_DIR, the embedded default on one host). Either way a file belongs to the transaction
that stored it: a rollback leaves nothing behind, and a file let go of (`delete_upload`)
goes only when the transaction commits.
"""

import csv
import io
import mimetypes
import re
import secrets
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from flask import Flask, Response, current_app, stream_with_context
from sqlalchemy import delete, event, func, insert, select
from sqlalchemy.orm import Session
from werkzeug.utils import secure_filename

from portal.caching import keep_private
from portal.errors import NotFound, ValidationFailed
from portal.extensions import db
from portal.models import UploadChunk

if TYPE_CHECKING:
    from PIL.Image import Image as PillowImage

MB = 1024 * 1024
IMAGE_MAX_BYTES = 5 * MB
IMAGE_MAX_SIDE = 8000  # pixels; larger images are refused before they are decoded
IMAGE_WIDTH = 1200  # stored images are at most this wide
IMAGE_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
ATTACHMENT_MAX_BYTES = 10 * MB
# A zip-based document that unpacks to more than this is refused (a "zip bomb").
ZIP_MAX_UNPACKED = 100 * MB
STORED_NAME = re.compile(r"^[0-9a-f]{32}\.(jpg|png|pdf|odt|docx|xlsx|csv)$")
STORAGES = ("database", "directory")
CHUNK_BYTES = 256 * 1024  # a piece of a file in the database
# session.info keys: files this transaction wrote to UPLOAD_DIR, and files it let go of.
WRITTEN, RELEASED = "uploads_written", "uploads_to_delete"

ATTACHMENT_TYPES = {
    "pdf": "application/pdf",
    "odt": "application/vnd.oasis.opendocument.text",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
}
ATTACHMENT_KINDS_TEXT = "a PDF, ODT, DOCX, XLSX or CSV file"


@dataclass(frozen=True)
class StoredImage:
    name: str
    width: int
    height: int


@dataclass(frozen=True)
class StoredAttachment:
    name: str
    filename: str
    content_type: str
    size_bytes: int


def _read_limited(storage, limit: int, field: str, too_big: str) -> bytes:
    data = storage.stream.read(limit + 1)
    if not data:
        raise ValidationFailed("The selected file is empty", field)
    if len(data) > limit:
        raise ValidationFailed(too_big, field)
    return data


def _new_name(extension: str) -> str:
    return f"{secrets.token_hex(16)}.{extension}"


def init_app(app: Flask) -> None:
    """Settle UPLOAD_STORAGE: as configured, or the database when it is PostgreSQL."""
    storage = app.config.get("UPLOAD_STORAGE") or (
        "database" if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
        else "directory")
    if storage not in STORAGES:
        raise RuntimeError(f"UPLOAD_STORAGE must be database or directory, not {storage!r}")
    app.config["UPLOAD_STORAGE"] = storage


def _in_database() -> bool:
    return current_app.config["UPLOAD_STORAGE"] == "database"


def _path(name: str) -> Path:
    return Path(current_app.config["UPLOAD_DIR"]) / name


def _write(name: str, data: bytes) -> None:
    """Store the file in the current transaction."""
    if _in_database():
        _insert_pieces(name, data)
        return
    db.session.connection()  # a transaction to belong to, whose end removes the file if undone
    _path(name).parent.mkdir(parents=True, exist_ok=True)
    _path(name).write_bytes(data)
    db.session.info.setdefault(WRITTEN, []).append(_path(name))


def _insert_pieces(name: str, data: bytes) -> None:
    """On the session's connection: storing a file never autoflushes the caller's objects."""
    pieces = range(0, len(data), CHUNK_BYTES)
    db.session.connection().execute(insert(UploadChunk), [
        {"name": name, "position": n, "data": data[start:start + CHUNK_BYTES]}
        for n, start in enumerate(pieces)])


def copy_directory_into_database() -> int:
    """Copy each file in UPLOAD_DIR that the database lacks into it, one commit a file, and
    say how many: a site that kept files in a directory moves to UPLOAD_STORAGE=database
    without losing one. The directory is left as it was; running it again copies nothing."""
    directory = Path(current_app.config["UPLOAD_DIR"])
    stored = set(db.session.scalars(select(UploadChunk.name).where(UploadChunk.position == 0)))
    paths = sorted(directory.iterdir()) if directory.is_dir() else []
    copied = 0
    for path in paths:
        if STORED_NAME.match(path.name) and path.name not in stored:
            _insert_pieces(path.name, path.read_bytes())
            db.session.commit()
            copied += 1
    return copied


def _open_image(data: bytes, field: str) -> "PillowImage":
    """Open and verify the image; refuse anything Pillow cannot read or that is too large."""
    from PIL import Image, UnidentifiedImageError  # when an image comes: every command loads us

    not_an_image = "The selected file must be a JPG, PNG, GIF or WEBP image"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in IMAGE_FORMATS:
                raise ValidationFailed(not_an_image, field)
            if max(image.size) > IMAGE_MAX_SIDE:
                raise ValidationFailed(
                    f"The image must be at most {IMAGE_MAX_SIDE:,} pixels wide and high", field)
            image.verify()
            image = Image.open(io.BytesIO(data))  # verify() leaves the image unusable
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationFailed("The image is too large", field) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationFailed(not_an_image, field) from error
    return image


def save_image(storage, *, field: str = "image") -> StoredImage:
    """Check an uploaded image, resize it to IMAGE_WIDTH at most, re-encode and store it."""
    from PIL import Image, ImageOps

    data = _read_limited(storage, IMAGE_MAX_BYTES, field, "The image must be smaller than 5 MB")
    image = ImageOps.exif_transpose(_open_image(data, field))
    has_alpha = image.mode in ("RGBA", "LA") or "transparency" in image.info
    image = image.convert("RGBA" if has_alpha else "RGB")
    if image.width > IMAGE_WIDTH:
        height = max(1, round(image.height * IMAGE_WIDTH / image.width))
        image = image.resize((IMAGE_WIDTH, height), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if has_alpha:
        name = _new_name("png")
        image.save(out, "PNG", optimize=True)
    else:
        name = _new_name("jpg")
        image.save(out, "JPEG", quality=85, optimize=True)
    _write(name, out.getvalue())
    return StoredImage(name=name, width=image.width, height=image.height)


def _zip_kind(data: bytes) -> str | None:
    """ODT, DOCX or XLSX by the members of the zip, or None."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if sum(info.file_size for info in archive.infolist()) > ZIP_MAX_UNPACKED:
                return None
            if "mimetype" in names and archive.read("mimetype") == ATTACHMENT_TYPES["odt"].encode():
                return "odt"
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return None
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        return "docx"
    if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        return "xlsx"
    return None


def _is_csv(data: bytes) -> bool:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    if any(ord(ch) < 32 and ch not in "\t\r\n" for ch in text):
        return False
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error:
        return False
    return len(rows) > 0


def attachment_kind(data: bytes, filename: str) -> str | None:
    """What the bytes are (pdf, odt, docx, xlsx or csv), whatever the name claims; or None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if filename.lower().endswith(".csv") and _is_csv(data):
        return "csv"
    return None


def save_attachment(storage, *, field: str = "attachment") -> StoredAttachment:
    """Check an uploaded document by its content and size, and store it under a new name."""
    data = _read_limited(storage, ATTACHMENT_MAX_BYTES, field,
                         "The file must be smaller than 10 MB")
    kind = attachment_kind(data, storage.filename or "")
    if kind is None:
        raise ValidationFailed(f"The selected file must be {ATTACHMENT_KINDS_TEXT}", field)
    name = _new_name(kind)
    _write(name, data)
    stem = secure_filename(Path(storage.filename or "").stem)[:150] or "attachment"
    return StoredAttachment(name=name, filename=f"{stem}.{kind}",
                            content_type=ATTACHMENT_TYPES[kind], size_bytes=len(data))


def chunks(name: str) -> tuple[int, Iterator[bytes]]:
    """The size of a stored file and its bytes, piece by piece; NotFound if there is none."""
    if not STORED_NAME.match(name or ""):
        raise NotFound()
    if not _in_database():
        if not _path(name).is_file():
            raise NotFound()
        data = _path(name).read_bytes()  # small files: no file handle outlives the request
        return len(data), iter([data])
    count, size = db.session.execute(
        select(func.count(), func.sum(func.length(UploadChunk.data)))
        .where(UploadChunk.name == name)).one()
    if not count:
        raise NotFound()
    return int(size), _pieces(name, count)


def _pieces(name: str, count: int) -> Iterator[bytes]:
    """One piece a query, so a download holds one piece in memory at a time."""
    for position in range(count):
        piece = db.session.scalar(select(UploadChunk.data).where(
            UploadChunk.name == name, UploadChunk.position == position))
        if piece is None:  # deleted meanwhile: the client sees a short download, not a 500
            return
        yield piece


def send_upload(name: str, *, public: bool, download_name: str | None = None,
                content_type: str | None = None) -> Response:
    """Serve a stored file by its generated name; with a download name, as an attachment.
    A file that is not `public` (a bid's, a draft's) is sent no-store (portal/caching.py)."""
    size, body = chunks(name)
    response = Response(stream_with_context(body),
                        mimetype=content_type or mimetypes.guess_type(name)[0])
    response.content_length = size
    if download_name is not None:
        response.headers.set("Content-Disposition", "attachment", filename=download_name)
    if public:
        response.headers["Cache-Control"] = "private, max-age=3600"
    else:
        keep_private()
    return response


def delete_upload(name: str | None) -> None:
    """Let go of a stored file that nothing will refer to once this transaction commits: it
    goes with the commit, and stays if the transaction is rolled back."""
    if not name or not STORED_NAME.match(name):
        return
    if _in_database():
        db.session.connection().execute(delete(UploadChunk).where(UploadChunk.name == name))
    else:
        db.session.info.setdefault(RELEASED, []).append(_path(name))


@event.listens_for(Session, "after_commit")
def _settle_files(session) -> None:
    session.info.pop(WRITTEN, None)
    for path in session.info.pop(RELEASED, []):
        path.unlink(missing_ok=True)


@event.listens_for(Session, "after_transaction_end")
def _undo_files(session, transaction) -> None:
    """The whole transaction ended without a commit (rolled back, or its session closed):
    remove what it wrote, keep what it let go of."""
    if transaction.parent is not None:
        return
    for path in session.info.pop(WRITTEN, []):
        path.unlink(missing_ok=True)
    session.info.pop(RELEASED, None)
