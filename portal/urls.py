"""Absolute links for emails, built without a request (the outbox and CLI commands have none)."""

from flask import current_app


def external_url(endpoint: str, **values) -> str:
    """The full URL of `endpoint` under PORTAL_BASE_URL."""
    adapter = current_app.url_map.bind("localhost")
    path = adapter.build(endpoint, values)
    return current_app.config["PORTAL_BASE_URL"].rstrip("/") + path
