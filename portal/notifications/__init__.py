"""Telling people: the outbox that events write to, the sender that empties it, the
time-driven tick, and each person's notifications page."""

from flask import Blueprint

bp = Blueprint("notifications", __name__, url_prefix="/notifications")
