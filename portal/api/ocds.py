"""Open Contracting Data Standard 1.1.5, in the shape of Find a Tender's OCDS API.

GET /api/v1/ocds/releases              a release package, newest first: `limit` (1 to 100),
                                       `cursor` (from links.next), `updatedFrom`, `updatedTo`
GET /api/v1/ocds/releases/<id>         one release, in a release package
GET /api/v1/ocds/records/<ocid>        the record of one process, compiled release included
GET /api/v1/ocds/releases.jsonl        every release, one per line (streamed)
"""

import json
from datetime import UTC, datetime

from flask import Response, current_app, jsonify, request, stream_with_context, url_for

from portal.api import bp
from portal.errors import NotFound, ValidationFailed
from portal.ocds import index, releases
from portal.ocds.records import record_package, release_package
from portal.urls import whole_number

BATCH = 50  # opportunities loaded at a time while streaming the bulk file


def _moment(name: str) -> datetime | None:
    """An ISO 8601 date or date and time (UTC unless it says otherwise); 400 if not."""
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(raw.upper().replace("Z", "+00:00"))
    except ValueError:
        raise ValidationFailed({name: f"{name} must be a date or a date and time in ISO 8601, "
                                      "like 2026-04-01 or 2026-04-01T09:00:00Z"}) from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _filters() -> dict:
    since, until = _moment("updatedFrom"), _moment("updatedTo")
    if since and until and since > until:
        raise ValidationFailed({"updatedFrom": "updatedFrom must be on or before updatedTo"})
    limit = whole_number(request.args, "limit", default=index.MAX_LIMIT,
                         maximum=index.MAX_LIMIT)
    return {"since": since, "until": until, "limit": limit,
            "cursor": (request.args.get("cursor") or "").strip() or None}


def _built(stages) -> list[dict]:
    """The releases of these stages, in their order, loading each opportunity once."""
    by_id = {o.id: o for o in releases.published_opportunities(
        sorted({stage.opportunity_id for stage in stages}))}
    return [releases.build(by_id[stage.opportunity_id], stage) for stage in stages]


@bp.route("/ocds/releases")
def ocds_releases():
    filters = _filters()
    page = index.newest_first(**filters)
    links = None
    if page.next_cursor:
        args = {k: v for k, v in request.args.items() if k != "cursor"}
        links = {"next": url_for("api.ocds_releases", **args, cursor=page.next_cursor,
                                 _external=True)}
    return jsonify(release_package(_built(page.stages), request.url, links))


@bp.route("/ocds/releases/<release_id>")
def ocds_release(release_id):
    found = releases.find(release_id)
    if found is None:
        raise NotFound()
    return jsonify(release_package([found], request.url))


@bp.route("/ocds/records/<ocid>")
def ocds_record(ocid):
    opportunity = releases.opportunity_for(ocid)
    if opportunity is None:
        raise NotFound()
    return jsonify(record_package(opportunity.id, releases.releases_of(opportunity),
                                  request.url))


def _lines():
    stages = index.all_stages()
    ids = sorted({stage.opportunity_id for stage in stages})
    for start in range(0, len(ids), BATCH):
        batch = set(ids[start:start + BATCH])
        for release in _built([stage for stage in stages if stage.opportunity_id in batch]):
            yield json.dumps(release, ensure_ascii=False) + "\n"


@bp.route("/ocds/releases.jsonl")
def ocds_bulk():
    """Every release, one JSON object a line, built a batch of opportunities at a time (oldest
    first within each batch) and streamed, so the file is never held whole in memory."""
    response = Response(stream_with_context(_lines()), mimetype="application/jsonl")
    response.headers["Content-Disposition"] = 'attachment; filename="ocds-releases.jsonl"'
    seconds = current_app.config["PUBLIC_CACHE_SECONDS"]
    response.headers["Cache-Control"] = f"public, max-age={seconds}" if seconds else "no-cache"
    return response
