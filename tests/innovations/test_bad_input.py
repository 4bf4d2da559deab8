"""Bad input gets a clear message, keeps the user's other input, saves nothing and never 500s."""

import io
import os

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from portal import uploads
from portal.extensions import db
from portal.models import Innovation
from tests.conftest import csrf_token
from tests.innovations.conftest import form_data, image_bytes


@pytest.fixture
def post_new(client, auth, make_user):
    auth.login(make_user("provider"))

    def post(**overrides):
        data = {"csrf_token": csrf_token(client, "/innovations/new"), **form_data(**overrides)}
        # Encoded in memory: the test client would spool a large body to a file it never closes.
        boundary, body = encode_multipart(MultiDict(
            [(k, FileStorage(*v) if isinstance(v, tuple) else v) for k, values in data.items()
             for v in (values if isinstance(values, list) else [values])]))
        return client.post("/innovations/new", data=body,
                           content_type=f"multipart/form-data; boundary={boundary}")

    return post


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Innovation))


@pytest.mark.parametrize(("overrides", "message"), [
    ({"title": ""}, "Enter a title"),
    ({"summary": "   "}, "Enter a summary"),
    ({"client_groups": None}, "Select at least one client group"),
    ({"outcomes": None}, "Select at least one outcome"),
    ({"stage": None}, "Select the stage the innovation has reached"),
    ({"evidence_level": None}, "Select the level of evidence"),
    ({"cost_per_person": "lots"}, "Enter the cost per person in whole pounds, like 1200"),
    ({"cost_per_person": "99999999999999999999"},
     "Enter the cost per person in whole pounds, like 1200"),
    ({"evidence_level": "99999999999999999999"}, "Select the level of evidence"),
    ({"contact_email": "not-an-address"}, "Enter an email address in the correct format"),
    ({"client_groups": ["vampires"]}, "Select client groups from the list"),
    ({"indicators": ["NI 999"]}, "Select indicators from the list"),
    ({"local_areas": ["E99999999"]}, "Select local areas from the list"),
    ({"stage": "finished"}, "Select the stage the innovation has reached"),
    ({"evidence_level": "lots"}, "Select the level of evidence"),
])
def test_bad_field_is_named_and_nothing_is_saved(post_new, overrides, message):
    response = post_new(**overrides)
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "There is a problem" in body and message in body
    assert _count() == 0


def test_other_input_is_kept_when_one_field_is_wrong(post_new):
    body = post_new(title="", approach="Mentors who stay for a year").get_data(as_text=True)
    assert "Mentors who stay for a year" in body
    assert 'value="care-leavers" checked' in body


@pytest.mark.parametrize("field", ["title", "summary", "problem", "approach",
                                   "evidence_justification", "contact_name"])
def test_ten_thousand_characters_are_refused_with_a_message(post_new, field):
    response = post_new(**{field: "x" * 10_000})
    assert response.status_code == 400
    assert "characters or fewer" in response.get_data(as_text=True)
    assert _count() == 0


def test_html_and_script_are_shown_as_text(client, post_new, make_user):
    script = '<script>alert("x")</script><b>bold</b>'
    response = post_new(title=f"Title {script}", problem=script)
    assert response.status_code == 303
    body = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<script>alert" not in body and "<b>bold</b>" not in body
    assert "&lt;script&gt;alert(" in body


def test_a_file_that_is_not_an_image_is_refused(post_new):
    fake = (io.BytesIO(b"%PDF-1.4 not a picture"), "photo.jpg")
    response = post_new(image=fake, image_alt="A photo")
    assert response.status_code == 400
    assert "must be a JPG, PNG, GIF or WEBP image" in response.get_data(as_text=True)
    assert _count() == 0


def test_an_image_over_5_mb_is_refused(post_new):
    huge = (io.BytesIO(os.urandom(5 * 1024 * 1024 + 1)), "huge.png")
    response = post_new(image=huge, image_alt="A photo")
    assert response.status_code == 400
    assert "The image must be smaller than 5 MB" in response.get_data(as_text=True)


def test_an_image_of_enormous_dimensions_is_refused(post_new):
    wide = (io.BytesIO(image_bytes(size=(9000, 10))), "wide.png")
    response = post_new(image=wide, image_alt="A very wide picture")
    assert response.status_code == 400
    assert "pixels wide and high" in response.get_data(as_text=True)


def test_an_image_without_alt_text_is_refused(post_new):
    picture = (io.BytesIO(image_bytes()), "photo.png")
    response = post_new(image=picture, image_alt="")
    assert response.status_code == 400
    assert "Describe the image for people who cannot see it" in response.get_data(as_text=True)
    assert _count() == 0


def test_a_good_image_is_resized_and_saved_under_a_generated_name(app, post_new):
    picture = (io.BytesIO(image_bytes(size=(2400, 1200))), "../../etc/passwd.png")
    response = post_new(image=picture, image_alt="Mentors at a job fair")
    assert response.status_code == 303
    innovation = db.session.scalar(select(Innovation))
    assert "passwd" not in innovation.image_name
    assert uploads.chunks(innovation.image_name)[0] > 0


def test_a_document_of_the_wrong_kind_is_refused(post_new):
    program = (io.BytesIO(b"MZ\x90\x00 executable"), "report.pdf")
    response = post_new(attachment=program)
    assert response.status_code == 400
    assert "must be a PDF, ODT, DOCX, XLSX or CSV file" in response.get_data(as_text=True)


def test_a_forged_form_without_csrf_token_is_refused(client, auth, make_user):
    auth.login(make_user("provider"))
    response = client.post("/innovations/new", data=form_data())
    assert response.status_code == 400
    assert _count() == 0


@pytest.mark.parametrize("query", ["page=-5", "page=abc", "evidence_level=99", "sort=<x>",
                                   "client_group=" + "x" * 5000, "region=%00", "page=99999999"])
def test_odd_list_parameters_never_fail(client, query):
    assert client.get(f"/innovations/?{query}").status_code == 200
    api = client.get(f"/api/v1/innovations?{query}")
    if query.startswith(("page=", "sort=")):  # the API names a bad page or sort, no guess
        errors = api.get_json()["errors"]
        assert (api.status_code, [e["parameter"] for e in errors]) == (400, [query[:4]])
    else:
        assert api.status_code == 200


def test_adoption_with_an_impossible_date_is_refused(client, auth, make_user, make_innovation):
    innovation = make_innovation("published")
    auth.login(make_user("commissioner"))
    path = f"/innovations/{innovation.id}/adopt"
    response = client.post(path, data={"csrf_token": csrf_token(client, path),
                                       "local_area": "E08000003", "started_on": "2009-02-30"})
    assert response.status_code == 400
    assert "must be a real date" in response.get_data(as_text=True)
