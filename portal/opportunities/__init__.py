from flask import Blueprint

bp = Blueprint("opportunities", __name__, url_prefix="/opportunities")

from portal.opportunities import editing, indexing, routes  # noqa: E402,F401
