"""Regional events: workshops, webinars and market engagement days in the nine Government
Office regions, with registration, a waiting list and calendar files."""

from flask import Blueprint

bp = Blueprint("events", __name__, url_prefix="/events")

from portal.events import indexing  # noqa: E402,F401  (makes events searchable)
