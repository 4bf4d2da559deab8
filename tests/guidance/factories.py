"""Guidance pages for tests, written and published through the services."""

from datetime import date
from decimal import Decimal

from portal.extensions import db
from portal.guidance import services
from portal.guidance.services import PageContent
from portal.permissions import COMMAND_LINE


def content(**overrides) -> PageContent:
    values = {"title": "How to write a bid", "summary": "For small charities.",
              "body": "## Read the specification\n\nAnswer every question.",
              "audiences": ["providers"]}
    return PageContent(**(values | overrides))


def model_content(**overrides) -> PageContent:
    return content(**({"title": "Model wording: apprenticeships", "audiences": ["commissioners"],
                       "clause_type_code": "apprenticeships",
                       "model_requirement": "Offer apprenticeships to care leavers.",
                       "model_unit": "people", "model_minimum": Decimal("2")} | overrides))


def draft_page(actor=COMMAND_LINE, **overrides):
    page = services.create_page(content(**overrides), actor=actor)
    db.session.commit()
    return page


def published_page(actor=COMMAND_LINE, reviewed_on=date(2026, 11, 1), **overrides):
    page = services.create_page(content(**overrides), actor=actor)
    services.publish(page, reviewed_on=reviewed_on, change_note="First version", actor=actor)
    db.session.commit()
    return page
