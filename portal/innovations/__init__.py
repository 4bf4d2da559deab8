from flask import Blueprint

bp = Blueprint("innovations", __name__, url_prefix="/innovations")

from portal.innovations import indexing, routes  # noqa: E402,F401
