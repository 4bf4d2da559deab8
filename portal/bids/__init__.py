from flask import Blueprint

bp = Blueprint("bids", __name__, url_prefix="/bids")
