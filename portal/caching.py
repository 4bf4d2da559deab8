"""Who may keep a copy of a response: nobody, when it is private.

One after-request hook owns the rule. Every response to a signed-in user is sent
`Cache-Control: no-store` (it may show their bids, drafts, notifications or admin work), and
so is every response a view marks private with `keep_private()`: a private document, or a page
reached by a secret link. Public pages for visitors are left alone; static files too.
"""

from flask import Flask, Response, request
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


def _no_store_when_private(response: Response) -> Response:
    if request.endpoint != "static" and _is_private():
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    app.after_request(_no_store_when_private)
