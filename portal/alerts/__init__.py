"""Saved-search alerts: save, list, change, stop, and the one-click unsubscribe link.

The services are imported by every area that publishes things, so this package does not
import its routes (they import those areas): `create_app` imports `portal.alerts.routes`
before it registers the blueprint.
"""

from flask import Blueprint

bp = Blueprint("alerts", __name__, url_prefix="/alerts")
