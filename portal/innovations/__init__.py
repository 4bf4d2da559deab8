from flask import Blueprint

bp = Blueprint("innovations", __name__, url_prefix="/innovations")

from portal.innovations import indexing  # noqa: E402,F401  (makes its objects searchable)
