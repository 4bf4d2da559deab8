"""Who may keep a copy of a response, and for how long.

One after-request hook owns the rule. Every response to a signed-in user is sent
`Cache-Control: no-store` (it may show their bids, drafts, notifications or admin work), and
so is every response a view marks private with `keep_private()`: a private document, or a page
reached by a secret link. So an author always sees their own change at once.

A visitor's page that is the same for every visitor (a public page or open data, answered 200,
with no flashed message, no form token and no cookie set) is sent
`Cache-Control: public, max-age=PUBLIC_CACHE_SECONDS`, `Vary: Cookie` (a browser that signs in
asks again) and an ETag of its body; a request whose If-None-Match matches gets 304 without the
body. Everyone else sees a change within the max-age. Other responses to visitors are left
alone, and static files too.
"""

from flask import Flask, Response, current_app, request, session
from flask_login import current_user

# Kept on the request itself (tests run many requests inside one app context, so not `g`).
_PRIVATE = "portal.private_response"


def keep_private() -> None:
    """Mark the response to this request as private, whoever asked for it."""
    request.environ[_PRIVATE] = True


def _is_private() -> bool:
    if request.environ.get(_PRIVATE):
        return True
    if request.view_args and "token" in request.view_args:
        return True  # reached by a secret link (password reset, verification, unsubscribe)
    return bool(getattr(current_user, "is_authenticated", False))


# Blueprints whose pages read the same for every visitor; the rest (sign-in, accounts, bids,
# admin...) are never shared. The health check answers for the moment it is asked.
PUBLIC_BLUEPRINTS = {"main", "opportunities", "innovations", "library", "guidance", "areas",
                     "search", "api", "contracts", "open_data"}
ALWAYS_FRESH = {"api.health"}
_FORM_TOKEN = b'name="csrf_token"'


def _is_shared(response: Response) -> bool:
    """True when this answer to a visitor may be kept by anyone for everyone."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return False
    if request.blueprint not in PUBLIC_BLUEPRINTS or request.endpoint in ALWAYS_FRESH:
        return False
    if not response.is_sequence or "Cache-Control" in response.headers:
        return False  # streamed files, and answers that chose their own rule
    if session.modified or "_flashes" in session:
        return False  # it sets a cookie, or shows (or owes) this visitor a message
    return _FORM_TOKEN not in response.get_data()  # a form token belongs to one session


def _share(response: Response) -> Response:
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["PUBLIC_CACHE_SECONDS"]
    response.vary.add("Cookie")
    response.add_etag()
    return response.make_conditional(request)


def _cache_headers(response: Response) -> Response:
    if request.endpoint == "static":
        return response
    if _is_private():
        response.headers["Cache-Control"] = "no-store"
    elif current_app.config["PUBLIC_CACHE_SECONDS"] > 0 and _is_shared(response):
        return _share(response)
    return response


def init_app(app: Flask) -> None:
    app.after_request(_cache_headers)
