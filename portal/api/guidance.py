"""GET /api/v1/guidance and /api/v1/guidance/<slug>: published guidance, as published (a
draft or a change not yet published is never served)."""

from flask import jsonify, request, url_for

from portal.api import bp
from portal.api.paging import paged
from portal.api.values import iso, number
from portal.guidance import services
from portal.models import GuidancePage
from portal.urls import api_paging


def _summary(page: GuidancePage) -> dict:
    version = page.current
    return {
        "slug": page.slug,
        "url": url_for("guidance.page", slug=page.slug, _external=True),
        "title": version.title,
        "summary": version.summary,
        "audiences": list(version.audiences),
        "version": version.number,
        "published_at": iso(version.published_at),
        "last_reviewed": version.reviewed_on.isoformat(),
    }


def _detail(page: GuidancePage) -> dict:
    version = page.current
    model = None
    if version.has_model_clause:
        model = {"clause_type": version.clause_type_code, "requirement": version.model_requirement,
                 "unit": version.model_unit, "minimum": number(version.model_minimum)}
    return {**_summary(page), "body_markdown": version.body, "model_social_clause": model}


@bp.route("/guidance")
def guidance_pages():
    page, per_page = api_paging(request.args, services.PAGE_SIZE)
    pages, total = services.published_pages(page=page, per_page=per_page)
    return paged([_summary(item) for item in pages], total=total, page=page, per_page=per_page)


@bp.route("/guidance/<slug>")
def guidance_page(slug):
    return jsonify(_detail(services.get_page(slug, actor=None)))
