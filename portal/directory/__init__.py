"""The public directory of live services: what is funded for me here, and how to get to it
(the third sector's role of helping people not in contact with services reach them)."""

from flask import Blueprint

bp = Blueprint("directory", __name__, url_prefix="/services")
