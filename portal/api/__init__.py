from flask import Blueprint, jsonify

from portal.errors import ValidationFailed

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.errorhandler(ValidationFailed)
def bad_parameter(error: ValidationFailed):
    """A query parameter the API cannot use: 400, naming each parameter and what it takes."""
    return jsonify({"error": "; ".join(error.errors.values()), "status": 400,
                    "fields": error.errors}), 400

