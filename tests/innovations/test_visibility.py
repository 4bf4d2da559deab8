"""Nothing unpublished reaches the public by any route: list, page, image, documents, API."""

import io

import pytest
from werkzeug.datastructures import FileStorage

from tests.innovations.conftest import image_bytes

UNPUBLISHED = ["draft", "submitted", "returned", "withdrawn"]


def _files() -> dict:
    """An image and a document, as the organisation would upload them."""
    return {"image": FileStorage(io.BytesIO(image_bytes()), "photo.png"), "image_alt": "A mentor",
            "attachment": FileStorage(io.BytesIO(b"%PDF-1.4\n%report\n"), "report.pdf")}


@pytest.mark.parametrize("status", UNPUBLISHED)
def test_unpublished_innovation_is_hidden_from_the_public_everywhere(
        client, make_innovation, status):
    innovation = make_innovation(status, title="Hidden idea for care leavers", **_files())
    document = innovation.attachments[0]
    base = f"/innovations/{innovation.id}"
    assert "Hidden idea" not in client.get("/innovations/").get_data(as_text=True)
    assert client.get(base).status_code == 404
    assert client.get(f"{base}/image").status_code == 404
    assert client.get(f"{base}/attachments/{document.id}").status_code == 404
    assert "Hidden idea" not in client.get("/api/v1/innovations").get_data(as_text=True)
    assert client.get(f"/api/v1/innovations/{innovation.id}").status_code == 404


@pytest.mark.parametrize("role", ["commissioner", "provider"])
def test_unpublished_innovation_is_hidden_from_other_organisations(
        client, auth, make_user, make_innovation, role):
    innovation = make_innovation("submitted")
    auth.login(make_user(role))
    assert client.get(f"/innovations/{innovation.id}").status_code == 404


def test_published_innovation_serves_its_image_and_documents(client, make_innovation):
    innovation = make_innovation("published", **_files())
    document = innovation.attachments[0]
    with client.get(f"/innovations/{innovation.id}/image") as image:
        assert (image.status_code, image.mimetype) == (200, "image/jpeg")
    with client.get(f"/innovations/{innovation.id}/attachments/{document.id}") as response:
        assert response.status_code == 200
        assert response.headers["Content-Disposition"].startswith("attachment;")
        assert response.mimetype == "application/pdf"
        assert response.get_data().startswith(b"%PDF-")


def test_draft_is_visible_to_its_own_organisation(client, auth, make_user, make_innovation):
    provider = make_user("provider")
    innovation = make_innovation("draft", provider=provider)
    colleague = make_user("provider", organisation=provider.organisation)
    auth.login(colleague)
    assert client.get(f"/innovations/{innovation.id}").status_code == 200
