"""Innovations for the route-by-role matrix in tests/test_permissions.py."""

import io

from werkzeug.datastructures import FileStorage

from portal.extensions import db
from portal.innovations import services
from tests.innovations.conftest import details, image_bytes


def innovation_world(users: dict, other_provider) -> dict:
    """A published innovation and a draft (each with an image and a document), both from
    another organisation; a submitted one; and a draft of the matrix's own provider."""
    admin = users["admin"]
    published = services.create_innovation(details(
        image=FileStorage(io.BytesIO(image_bytes((40, 20))), "photo.png"), image_alt="A mentor",
        attachment=FileStorage(io.BytesIO(b"%PDF-1.4\n"), "report.pdf")), actor=other_provider)
    services.submit_innovation(published, actor=other_provider)
    services.publish_innovation(published, actor=admin)
    draft = services.create_innovation(details(
        image=FileStorage(io.BytesIO(image_bytes((40, 20))), "draft.png"), image_alt="A draft",
        attachment=FileStorage(io.BytesIO(b"%PDF-1.4\n"), "draft.pdf")), actor=other_provider)
    submitted = services.create_innovation(details(), actor=other_provider)
    services.submit_innovation(submitted, actor=other_provider)
    own = services.create_innovation(details(), actor=users["provider"])
    db.session.commit()
    return {"innovation": published.id, "attachment": published.attachments[0].id,
            "draft": draft.id, "draft_attachment": draft.attachments[0].id,
            "submitted": submitted.id, "own_innovation": own.id}
