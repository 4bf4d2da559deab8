"""Open data: published innovations as JSON. Drafts, submitted, returned and withdrawn
innovations are never served, not even as a 403: they are simply not found."""

from flask import jsonify, request, url_for

from portal.api import bp
from portal.api.paging import paged, require_choice
from portal.api.values import iso
from portal.errors import NotFound
from portal.extensions import db
from portal.innovations import queries
from portal.models import Innovation
from portal.urls import api_paging


def innovation_json(innovation: Innovation) -> dict:
    """Every published field of an innovation, with reference data as codes."""
    return {
        "id": innovation.id,
        "url": url_for("innovations.detail", innovation_id=innovation.id, _external=True),
        "title": innovation.title,
        "summary": innovation.summary,
        "problem": innovation.problem,
        "approach": innovation.approach,
        "organisation": {"id": innovation.organisation_id, "name": innovation.organisation.name},
        "client_groups": [group.code for group in innovation.client_groups],
        "outcomes": [outcome.code for outcome in innovation.outcomes],
        "indicators": [indicator.code for indicator in innovation.indicators],
        "stage": innovation.stage,
        "evidence_level": innovation.evidence_level,
        "evidence_justification": innovation.evidence_justification,
        "cost_per_person_gbp": innovation.cost_per_person_gbp,
        "local_areas": [area.code for area in innovation.local_areas],
        "needs": list(innovation.needs),
        "contact": {"name": innovation.contact_name, "email": innovation.contact_email},
        "image": None if not innovation.image_name else {
            "url": url_for("innovations.image", innovation_id=innovation.id, _external=True),
            "alt": innovation.image_alt,
        },
        "attachments": [
            {"filename": document.filename, "content_type": document.content_type,
             "url": url_for("innovations.attachment", innovation_id=innovation.id,
                            attachment_id=document.id, _external=True)}
            for document in innovation.attachments
        ],
        "adoptions": [
            {"local_area": adoption.local_area_code, "region": adoption.local_area.region_code,
             "organisation": adoption.organisation.name,
             "started_on": adoption.started_on.isoformat()}
            for adoption in innovation.adoptions
        ],
        "updates": [{"date": iso(update.created_at), "text": update.text}
                    for update in innovation.updates],
        "first_published_at": iso(innovation.first_published_at),
        "updated_at": iso(innovation.updated_at or innovation.published_at),
    }


@bp.route("/innovations")
def innovations():
    filters = queries.InnovationFilters.from_args(request.args)
    filters.page, per_page = api_paging(request.args, queries.PAGE_SIZE)
    require_choice(request.args, "sort", queries.SORTS)
    results = queries.published_innovations(filters, page_size=per_page)
    return paged([innovation_json(innovation) for innovation in results.innovations],
                 total=results.total, page=results.page, per_page=results.page_size)


@bp.route("/innovations/<int:innovation_id>")
def innovation(innovation_id):
    found = db.session.get(Innovation, innovation_id)
    if found is None or not found.is_published:
        raise NotFound()
    return jsonify(innovation_json(found))
