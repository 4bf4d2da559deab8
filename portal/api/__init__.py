from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from portal.api import areas, innovations, library, opportunities, routes, search  # noqa: E402,F401
