"""GET /api/v1/search: the search page's service as JSON. Its fields are documented and kept
as they were; `meta` and `links` (and the Link header) are the envelope every list shares."""

from flask import jsonify, request

from portal.api import bp
from portal.api.paging import envelope, require_choice, with_link_header
from portal.search import MAX_PAGE, PER_PAGE, SORTS, parse_args, run
from portal.urls import api_paging


@bp.route("/search")
def search_api():
    asked = parse_args(request.args)
    asked.page, asked.per_page = api_paging(request.args, PER_PAGE, max_page=MAX_PAGE)
    require_choice(request.args, "sort", SORTS)
    results = run(asked)
    meta, links = envelope(total=results.total, page=results.request.page,
                           per_page=results.per_page)
    return with_link_header(jsonify({
        "query": results.request.query,
        "total": results.total,
        "page": results.request.page,
        "per_page": results.per_page,
        "results": [
            {"kind": hit.kind, "id": hit.id, "title": hit.title, "url": hit.url,
             "snippet": str(hit.snippet), "score": hit.score}
            for hit in results.hits
        ],
        "facets": results.facets,
        "suggestion": results.suggestion,
        "message": results.message,
        "meta": meta,
        "links": links,
    }), links)
