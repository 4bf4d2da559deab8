"""Documents published with an opportunity: checked by content and size, stored under
generated names, served by id only."""

import io

from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from portal import uploads
from portal.extensions import db
from portal.models import OpportunityAttachment
from tests.conftest import csrf_token

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def _upload(client, opportunity, data, filename, **extra):
    """Post the file as a browser would, encoded in memory (the test client would spool a
    large body to a temporary file it never closes)."""
    page = f"/opportunities/{opportunity.id}/edit/attachments"
    fields = {"csrf_token": csrf_token(client, page), **extra,
              "document": FileStorage(io.BytesIO(data), filename)}
    boundary, body = encode_multipart(MultiDict(fields))
    return client.post(page, data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def test_a_pdf_is_stored_under_a_generated_name_and_downloaded_by_id(
        app, client, auth, commissioner, make_opportunity):
    opportunity = make_opportunity("draft")
    auth.login(commissioner)
    response = _upload(client, opportunity, PDF, "../../etc/Specification v2.pdf")
    assert response.status_code == 303
    document = db.session.query(OpportunityAttachment).one()
    assert document.stored_name != document.filename
    assert ".." not in document.filename and "/" not in document.filename
    assert uploads.chunks(document.stored_name)[0] == len(PDF)
    download = client.get(f"/opportunities/{opportunity.id}/attachments/{document.id}")
    assert download.data == PDF
    assert download.headers["Content-Disposition"].startswith("attachment")


def test_a_non_pdf_renamed_pdf_is_refused(client, auth, commissioner, make_opportunity):
    opportunity = make_opportunity("draft")
    auth.login(commissioner)
    response = _upload(client, opportunity, b"MZ\x90\x00 not really a pdf", "notes.pdf")
    assert response.status_code == 400
    assert "must be a PDF, ODT, DOCX, XLSX or CSV file" in response.get_data(as_text=True)
    assert db.session.query(OpportunityAttachment).count() == 0


def test_an_oversized_file_is_refused(client, auth, commissioner, make_opportunity):
    opportunity = make_opportunity("draft")
    auth.login(commissioner)
    response = _upload(client, opportunity, PDF + b"0" * (11 * 1024 * 1024), "big.pdf")
    assert response.status_code in (400, 413)
    assert "10 MB" in response.get_data(as_text=True)
    assert db.session.query(OpportunityAttachment).count() == 0


def test_an_empty_upload_asks_for_a_file(client, auth, commissioner, make_opportunity):
    opportunity = make_opportunity("draft")
    auth.login(commissioner)
    page = f"/opportunities/{opportunity.id}/edit/attachments"
    response = client.post(page, data={"csrf_token": csrf_token(client, page)})
    assert response.status_code == 400
    assert "Choose a file to upload" in response.get_data(as_text=True)


def test_a_drafts_documents_are_hidden_from_the_public(client, commissioner, make_opportunity):
    from portal.opportunities import services

    opportunity = make_opportunity("draft")
    document = services.add_attachment(opportunity, FileStorage(io.BytesIO(PDF), "a.pdf"),
                                       actor=commissioner)
    db.session.commit()
    assert client.get(f"/opportunities/{opportunity.id}/attachments/{document.id}"
                      ).status_code == 404


def test_adding_a_document_after_publication_is_a_public_amendment(
        commissioner, make_opportunity):
    import pytest

    from portal.errors import ValidationFailed
    from portal.opportunities import services

    opportunity = make_opportunity("open")
    with pytest.raises(ValidationFailed, match="reason"):
        services.add_attachment(opportunity, FileStorage(io.BytesIO(PDF), "a.pdf"),
                                actor=commissioner)
    services.add_attachment(opportunity, FileStorage(io.BytesIO(PDF), "pricing.pdf"),
                            reason="Pricing schedule added", actor=commissioner)
    assert opportunity.amendments[-1].changes[0]["after"] == "added pricing.pdf"
