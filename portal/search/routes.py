"""The search page: the same service as GET /api/v1/search, as HTML."""

from flask import render_template, request

from portal.search import bp
from portal.search.labels import FACET_TITLES, facet_labels
from portal.search.query import FILTERS, SORTS, parse_args, search


@bp.route("/search")
def results():
    results = search(parse_args(request.args))
    return render_template(
        "search/results.html",
        results=results,
        labels=facet_labels(),
        facet_titles=FACET_TITLES,
        facet_order=FILTERS,
        sorts=SORTS,
    )
