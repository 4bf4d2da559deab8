"""Open data: published opportunities as JSON. Drafts never appear."""

from flask import jsonify, request, url_for

from portal.api import bp
from portal.api.contracts import award_json
from portal.api.paging import paged, require_choice
from portal.api.values import iso, number
from portal.errors import NotFound, ValidationFailed
from portal.opportunities import queries, services
from portal.urls import api_paging


def summary_json(opportunity) -> dict:
    return {
        "id": opportunity.id,
        "url": url_for("opportunities.detail", opportunity_id=opportunity.id, _external=True),
        "title": opportunity.title,
        "summary": opportunity.summary,
        "buyer": {"id": opportunity.organisation_id, "name": opportunity.organisation.name},
        "status": opportunity.status,
        "published_at": iso(opportunity.published_at),
        "questions_close_at": iso(opportunity.questions_close_at),
        "closes_at": iso(opportunity.closes_at),
        "value": {"minimum": opportunity.value_min, "maximum": opportunity.value_max,
                  "currency": "GBP"},
        "duration_months": opportunity.duration_months,
        "client_groups": [g.code for g in opportunity.client_groups],
        "outcomes": [o.code for o in opportunity.outcomes],
        "indicators": [i.indicator_code for i in opportunity.indicators],
        "local_areas": [a.code for a in opportunity.local_areas],
        "regions": [r.code for r in opportunity.regions],
    }


def detail_json(opportunity) -> dict:
    data = summary_json(opportunity)
    data.update({
        "specification_markdown": opportunity.specification,
        "indicator_targets": [{
            "indicator": i.indicator_code, "baseline_pct": number(i.baseline_pct),
            "target_pct": number(i.target_pct), "cohort_size": i.cohort_size,
            "notes": i.notes} for i in opportunity.indicators],
        "social_clauses": [{
            "type": c.clause_type_code, "name": c.clause_type.name,
            "requirement": c.requirement, "unit": c.unit, "minimum": number(c.minimum)}
            for c in opportunity.social_clauses],
        "criteria": [{"kind": c.kind, "title": c.title, "question": c.question,
                      "word_limit": c.word_limit, "weight": c.weight}
                     for c in opportunity.criteria],
        "amendments": [{"date": iso(a.created_at), "reason": a.reason, "changes": a.changes}
                       for a in opportunity.amendments],
        "questions": [{"question": q.question, "answer": q.answer,
                       "answered_at": iso(q.answered_at)}
                      for q in opportunity.answered_questions],
        "cancellation_reason": opportunity.cancellation_reason,
        "not_awarded_reason": opportunity.not_awarded_reason,
        "award": _award(opportunity),
    })
    return data


def _award(opportunity) -> dict | None:
    """The award, once there is one: who won, for how much, and what it has delivered."""
    contract = opportunity.contract
    return award_json(contract) if contract and opportunity.status == "awarded" else None


@bp.route("/opportunities")
def opportunities():
    filters = queries.Filters.from_args(request.args)
    filters.page, per_page = api_paging(request.args, queries.PER_PAGE)
    require_choice(request.args, "sort", queries.SORTS)  # relevance needs words: falls back
    if filters.errors:
        raise ValidationFailed(filters.errors)
    page = queries.search(filters, per_page=per_page)
    return paged([summary_json(o) for o in page.items], total=page.total, page=page.page,
                 per_page=page.per_page, meta={"query": filters.q, "message": page.message})


@bp.route("/opportunities/<int:opportunity_id>")
def opportunity(opportunity_id):
    found = services.get(opportunity_id)
    if not found.is_published:
        raise NotFound()
    return jsonify(detail_json(found))
