"""Innovation fixtures: a factory that walks an innovation to any status, and form helpers."""

import io

import pytest
from PIL import Image

from portal.extensions import db
from portal.innovations import services

MANCHESTER = "E08000003"
LEEDS = "E08000035"
CORNWALL = "E06000052"


def details(**overrides) -> services.InnovationDetails:
    values = {
        "title": "Mentoring into work for care leavers",
        "summary": "Volunteer mentors from local employers meet care leavers every week.",
        "problem": "Care leavers are three times as likely to be out of work at 19.",
        "approach": "Mentors, work tasters and a guaranteed interview.",
        "stage": "pilot",
        "evidence_level": 2,
        "evidence_justification": "Before-and-after measure with 40 young people.",
        "contact_name": "Pat Provider",
        "contact_email": "pat@stepforward.org.uk",
        "cost_per_person_gbp": 850,
        "client_groups": ["care-leavers"],
        "outcomes": ["eet"],
        "indicators": ["NI 148"],
        "local_areas": [MANCHESTER],
        "needs": ["commissioner"],
    }
    values.update(overrides)
    return services.InnovationDetails(**values)


@pytest.fixture
def make_innovation(app, make_user):
    """Returns a factory: make_innovation(status="published", provider=None, **details)."""
    admins = []

    def admin():
        if not admins:
            admins.append(make_user("admin"))
        return admins[0]

    def make(status="published", *, provider=None, **overrides):
        provider = provider or make_user("provider")
        innovation = services.create_innovation(details(**overrides), actor=provider)
        if status != "draft":
            services.submit_innovation(innovation, actor=provider)
        if status in ("published", "withdrawn"):
            services.publish_innovation(innovation, actor=admin())
        if status == "returned":
            services.return_innovation(innovation, "Say who funds it", actor=admin())
        if status == "withdrawn":
            services.withdraw_innovation(innovation, "Out of date", actor=admin())
        db.session.commit()
        return innovation

    return make


def form_data(**overrides) -> dict:
    """What a browser posts from the innovation form, valid unless overridden."""
    data = {
        "title": "Mentoring into work for care leavers",
        "summary": "Volunteer mentors from local employers meet care leavers every week.",
        "problem": "Care leavers are three times as likely to be out of work at 19.",
        "approach": "Mentors, work tasters and a guaranteed interview.",
        "client_groups": ["care-leavers"],
        "outcomes": ["eet"],
        "indicators": ["NI 148"],
        "stage": "pilot",
        "evidence_level": "2",
        "evidence_justification": "Before-and-after measure with 40 young people.",
        "cost_per_person": "850",
        "local_areas": [MANCHESTER],
        "needs": ["commissioner"],
        "contact_name": "Pat Provider",
        "contact_email": "pat@stepforward.org.uk",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def image_bytes(size=(1600, 900), fmt="PNG", colour=(30, 112, 184)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, fmt)
    return out.getvalue()
