"""Areas and indicators: each area's baselines beside its region and England, its Local Area
Agreement, and what worked elsewhere on the indicators where it lags."""

from flask import Blueprint

bp = Blueprint("areas", __name__)
