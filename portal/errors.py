"""The three errors a service may raise, and the pages and JSON the portal answers them with."""

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException


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


def _render(status: int, template: str, title: str, message: str | None = None):
    if _wants_json():
        return jsonify({"error": title, "status": status}), status
    return render_template(template, title=title, message=message), status


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
        return _render(error.code or 400, "errors/generic.html", error.name, error.description)

    @app.errorhandler(Exception)
    def server_error(error):
        app.logger.exception("Unhandled error on %s", request.path)
        return _render(500, "errors/500.html", "Sorry, there is a problem with the service")
