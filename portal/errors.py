"""The three errors a service may raise, and the pages and JSON the portal answers them with."""

from flask import Flask, Response, jsonify, make_response, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

PROBLEM_JSON = "application/problem+json"


class PermissionDenied(Exception):
    """The actor may not do this."""


class NotFound(Exception):
    """No such object, or the actor may not know it exists."""


class ValidationFailed(Exception):
    """Input broke a rule. `errors` maps each field to its message."""

    def __init__(self, errors: dict[str, str] | str, field: str | None = None):
        if isinstance(errors, str):
            errors = {field or "_": errors}
        self.errors = errors
        super().__init__("; ".join(errors.values()))


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def problem(status: int, detail: str, errors: dict[str, str] | None = None) -> Response:
    """An API error as problem details (RFC 9457). The type is `about:blank`, so the title is
    the HTTP status's own phrase; `detail` says what went wrong in plain English, and
    `errors` names each query parameter that could not be used, with what it takes."""
    body = {"type": "about:blank", "title": HTTP_STATUS_CODES.get(status, "Error"),
            "status": status, "detail": detail}
    if errors:
        body["errors"] = [{"parameter": name, "detail": message} if name != "_"
                          else {"detail": message} for name, message in errors.items()]
    response = jsonify(body)
    response.status_code = status
    response.content_type = PROBLEM_JSON
    return response


def _render(status: int, template: str, title: str, message: str | None = None) -> Response:
    if _wants_json():
        return problem(status, message or title)
    return make_response(render_template(template, title=title, message=message), status)


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(PermissionDenied)
    @app.errorhandler(403)
    def forbidden(error):
        return _render(403, "errors/403.html", "You cannot do that")

    @app.errorhandler(NotFound)
    @app.errorhandler(404)
    def not_found(error):
        return _render(404, "errors/404.html", "Page not found")

    @app.errorhandler(413)
    def too_large(error):
        return _render(
            413,
            "errors/generic.html",
            "The file is too large",
            "Files can be up to 10 MB. Go back, choose a smaller file and try again: "
            "nothing was saved.",
        )

    @app.errorhandler(429)
    def too_many(error):
        return _render(
            429,
            "errors/generic.html",
            "Too many attempts",
            "You have tried this too many times. Wait a few minutes, then try again.",
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code and error.code >= 500:
            return _render(500, "errors/500.html", "Sorry, there is a problem with the service")
        response = _render(error.code or 400, "errors/generic.html", error.name,
                           error.description)
        if getattr(error, "valid_methods", None):  # a 405 says which methods the URL takes
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response

    @app.errorhandler(Exception)
    def server_error(error):
        app.logger.exception("Unhandled error on %s", request.path)
        return _render(500, "errors/500.html", "Sorry, there is a problem with the service")
