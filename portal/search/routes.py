"""The search page: the same service as GET /api/v1/search, as HTML."""

from flask import render_template, request

from portal.search import FACET_TITLES, FILTERS, SORTS, bp, facet_labels, parse_args, run


@bp.route("/search")
def results():
    results = run(parse_args(request.args))
    return render_template(
        "search/results.html",
        results=results,
        labels=facet_labels(),
        facet_titles=FACET_TITLES,
        facet_order=FILTERS,
        sorts=SORTS,
    )
