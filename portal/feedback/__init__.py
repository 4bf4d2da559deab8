"""The voice of people who use services: feedback on a funded service without an account,
moderated by staff before anything is public, answered by the provider and acted on by the
commissioner."""

from flask import Blueprint

bp = Blueprint("feedback", __name__)
