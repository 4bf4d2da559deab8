"""Guidance written by site staff for commissioners, providers and local strategic
partnerships: drafts, published versions with a "last reviewed" date, and their history."""

from flask import Blueprint

bp = Blueprint("guidance", __name__, url_prefix="/guidance")

from portal.guidance import indexing  # noqa: E402,F401  (makes its pages searchable)
