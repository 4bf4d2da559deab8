from flask import Blueprint, Response, request

from portal.errors import ValidationFailed, problem

bp = Blueprint("api", __name__, url_prefix="/api/v1")

# What a script on another site may read of an answer besides the body: the paging links,
# the validator for conditional requests, and where it stands against the rate limit.
EXPOSED_HEADERS = ("Link, ETag, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, "
                   "X-RateLimit-Reset")


@bp.errorhandler(ValidationFailed)
def bad_parameter(error: ValidationFailed):
    """A query parameter the API cannot use: 400, naming each parameter and what it takes."""
    return problem(400, "; ".join(error.errors.values()), error.errors)


@bp.after_app_request
def _any_origin_may_read(response: Response) -> Response:
    """Open data is for anyone, from any web page: every GET under the API (errors too, so a
    script can read why) says any origin may read it. No credentials are ever allowed with
    `*`, so a signed-in visitor's cookie is never sent along."""
    if request.path.startswith(bp.url_prefix + "/") and request.method in ("GET", "HEAD"):
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    return response
