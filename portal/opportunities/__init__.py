from flask import Blueprint

bp = Blueprint("opportunities", __name__, url_prefix="/opportunities")

from portal.opportunities import indexing, watching  # noqa: E402,F401  (search, alerts)
