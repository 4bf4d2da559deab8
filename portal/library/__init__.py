"""The practice library: what worked, where, and what it changed in the National Indicators."""

from flask import Blueprint

bp = Blueprint("library", __name__, url_prefix="/library")

from portal.library import indexing  # noqa: E402,F401  (makes its objects searchable)
