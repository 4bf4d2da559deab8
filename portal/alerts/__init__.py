"""Saved-search alerts: save, list, change, stop, and the one-click unsubscribe link."""

from flask import Blueprint

bp = Blueprint("alerts", __name__, url_prefix="/alerts")
