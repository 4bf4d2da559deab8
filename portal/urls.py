"""Absolute links for emails, built without a request (the outbox and CLI commands have none)."""

from urllib.parse import quote

from flask import current_app

FRAGMENT_SAFE = "%!#$&'()*+,/:;=?@"  # what url_for leaves unquoted in an anchor


def external_url(endpoint: str, *, _anchor: str | None = None, **values) -> str:
    """The full URL of `endpoint` under PORTAL_BASE_URL; `_anchor` becomes its `#fragment`, as
    in `url_for` (the URL map alone would have made it a `?_anchor=` query argument)."""
    adapter = current_app.url_map.bind("localhost")
    path = adapter.build(endpoint, values)
    fragment = f"#{quote(_anchor, safe=FRAGMENT_SAFE)}" if _anchor else ""
    return current_app.config["PORTAL_BASE_URL"].rstrip("/") + path + fragment
