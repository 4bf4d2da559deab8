"""portal/uploads.py: files are recognised by their bytes, limited in size, stored under
generated names (in the database or a directory) and served only by those names; a file
belongs to the transaction that stored it."""

import io
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from portal import uploads
from portal.errors import NotFound, ValidationFailed
from portal.extensions import db
from portal.models import UploadChunk


def _file(data: bytes, name: str) -> FileStorage:
    return FileStorage(io.BytesIO(data), filename=name)


def _png(size=(100, 50), mode="RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size).save(out, "PNG")
    return out.getvalue()


def _zip(members: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


@pytest.fixture
def app_context(app):
    """The portal on each database, keeping files where that database's default says."""
    return app


def _stored(name: str) -> bytes:
    return b"".join(uploads.chunks(name)[1])


def test_wide_image_is_resized_to_the_stored_width(app_context):
    stored = uploads.save_image(_file(_png((3000, 1500)), "wide.png"))
    assert (stored.width, stored.height) == (1200, 600)


def test_image_is_reencoded_under_a_generated_name(app_context):
    stored = uploads.save_image(_file(_png(), "../../evil name.png"))
    assert uploads.STORED_NAME.match(stored.name)
    assert stored.name.endswith(".jpg")
    with Image.open(io.BytesIO(_stored(stored.name))) as image:
        assert image.format == "JPEG"


def test_transparent_image_stays_a_png(app_context):
    assert uploads.save_image(_file(_png(mode="RGBA"), "logo.png")).name.endswith(".png")


def test_truncated_image_is_refused(app_context):
    with pytest.raises(ValidationFailed, match="must be a JPG, PNG, GIF or WEBP"):
        uploads.save_image(_file(_png()[:60], "broken.png"))


def test_svg_is_refused_as_an_image(app_context):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    with pytest.raises(ValidationFailed, match="must be a JPG, PNG, GIF or WEBP"):
        uploads.save_image(_file(svg, "picture.svg"))


def test_empty_file_is_refused(app_context):
    with pytest.raises(ValidationFailed, match="empty"):
        uploads.save_image(_file(b"", "nothing.png"))


@pytest.mark.parametrize(("data", "name", "kind"), [
    (b"%PDF-1.7\n...", "report.pdf", "pdf"),
    (_zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"}),
     "plan.odt", "odt"),
    (_zip({"[Content_Types].xml": "<x/>", "word/document.xml": "<x/>"}), "plan.docx", "docx"),
    (_zip({"[Content_Types].xml": "<x/>", "xl/workbook.xml": "<x/>"}), "costs.xlsx", "xlsx"),
    (b"area,people\nManchester,40\n", "outcomes.csv", "csv"),
])
def test_documents_are_recognised_by_their_content(data, name, kind):
    assert uploads.attachment_kind(data, name) == kind


@pytest.mark.parametrize(("data", "name"), [
    (b"MZ\x90\x00", "report.pdf"),  # a Windows program calling itself a PDF
    (_zip({"evil.exe": "MZ"}), "plan.docx"),  # a zip that is not a document
    (b"area,people\n\x00\x01\x02", "data.csv"),  # binary data calling itself CSV
    (b"area,people\n", "data.txt"),  # text, but not a kind we accept
    (b"PK\x03\x04 truncated", "plan.xlsx"),
])
def test_other_files_are_not_recognised_as_documents(data, name):
    assert uploads.attachment_kind(data, name) is None


def test_stored_attachment_keeps_a_safe_download_name(app_context):
    stored = uploads.save_attachment(_file(b"%PDF-1.4\n", "../../Annual report.PDF"))
    assert stored.filename == "Annual_report.pdf"
    assert stored.content_type == "application/pdf"
    assert uploads.STORED_NAME.match(stored.name)


def test_attachment_over_the_limit_is_refused(app_context):
    big = b"%PDF-1.4\n" + b"0" * uploads.ATTACHMENT_MAX_BYTES
    with pytest.raises(ValidationFailed, match="smaller than 10 MB"):
        uploads.save_attachment(_file(big, "big.pdf"))


@pytest.mark.parametrize("name", ["../config.py", "/etc/passwd", "abc.pdf", ""])
def test_only_generated_names_are_served(app_context, name):
    with pytest.raises(NotFound):
        uploads.send_upload(name, public=True)


# ---- Where files are kept ---------------------------------------------------------------------

def test_postgresql_keeps_files_in_the_database_and_sqlite_in_a_directory(app):
    on_postgresql = app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
    assert app.config["UPLOAD_STORAGE"] == ("database" if on_postgresql else "directory")


def test_an_unknown_storage_is_refused_at_start_up(tmp_path):
    from portal import create_app

    with pytest.raises(RuntimeError, match="UPLOAD_STORAGE must be database or directory"):
        create_app({"PORTAL_ENV": "test", "UPLOAD_STORAGE": "s3",
                    "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}"})


@pytest.fixture(params=["database", "directory"])
def storage(request, app):
    """Each way of keeping files, on each database."""
    app.config["UPLOAD_STORAGE"] = request.param
    return request.param


def _files_kept(app) -> int:
    in_directory = len(list(Path(app.config["UPLOAD_DIR"]).glob("*"))) \
        if Path(app.config["UPLOAD_DIR"]).exists() else 0
    return in_directory + db.session.scalar(select(func.count(func.distinct(UploadChunk.name))))


def test_a_committed_file_is_served_whole_in_pieces(app, storage):
    data = b"%PDF-1.4\n" + bytes(range(256)) * (2 * uploads.CHUNK_BYTES // 256 + 7)
    stored = uploads.save_attachment(_file(data, "big.pdf"))
    db.session.commit()
    with app.test_request_context():
        response = uploads.send_upload(stored.name, public=True, download_name="big.pdf")
        assert response.content_length == len(data)
        assert response.get_data() == data


def test_a_rolled_back_upload_leaves_nothing_behind(app, storage):
    uploads.save_attachment(_file(b"%PDF-1.4\n", "plan.pdf"))
    db.session.rollback()
    assert _files_kept(app) == 0


def test_an_upload_whose_request_ends_without_a_commit_leaves_nothing_behind(app, storage):
    uploads.save_attachment(_file(b"%PDF-1.4\n", "plan.pdf"))
    db.session.remove()  # what the end of a request that failed does
    assert _files_kept(app) == 0


def test_an_upload_outlives_a_savepoint_rolled_back_after_it(app, storage):
    stored = uploads.save_attachment(_file(b"%PDF-1.4\n", "plan.pdf"))
    with pytest.raises(RuntimeError), db.session.begin_nested():
        raise RuntimeError("a colleague got there first")
    db.session.commit()
    assert _stored(stored.name) == b"%PDF-1.4\n"


def test_a_deleted_file_goes_only_when_the_transaction_commits(app, storage):
    stored = uploads.save_attachment(_file(b"%PDF-1.4\n", "plan.pdf"))
    db.session.commit()
    uploads.delete_upload(stored.name)
    db.session.rollback()
    assert _stored(stored.name) == b"%PDF-1.4\n"
    uploads.delete_upload(stored.name)
    db.session.commit()
    with pytest.raises(NotFound):
        uploads.chunks(stored.name)


def test_files_kept_in_a_directory_are_copied_into_the_database_once(app, runner):
    app.config["UPLOAD_STORAGE"] = "directory"
    stored = uploads.save_attachment(_file(b"%PDF-1.4\n", "plan.pdf"))
    db.session.commit()
    (Path(app.config["UPLOAD_DIR"]) / "notes.txt").write_text("not an upload")
    assert "Copied 1 files" in runner.invoke(args=["uploads", "copy-to-database"]).output
    assert "Copied 0 files" in runner.invoke(args=["uploads", "copy-to-database"]).output
    app.config["UPLOAD_STORAGE"] = "database"
    assert _stored(stored.name) == b"%PDF-1.4\n"
