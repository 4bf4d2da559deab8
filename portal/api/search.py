"""GET /api/v1/search: the search page's service as JSON."""

from flask import jsonify, request

from portal.api import bp
from portal.search.query import parse_args, search


@bp.route("/search")
def search_api():
    results = search(parse_args(request.args))
    return jsonify({
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
    })
