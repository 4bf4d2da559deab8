"""Small helpers that every blueprint's views share."""

from urllib.parse import urljoin, urlsplit

from flask import redirect, request, url_for

from portal.errors import ValidationFailed


def see_other(endpoint_or_url: str, **values):
    """Redirect with 303 after a successful POST."""
    if endpoint_or_url.startswith("/"):
        return redirect(endpoint_or_url, code=303)
    target = url_for(endpoint_or_url, **values)
    return redirect(target, code=303)


def apply_errors(form, error: ValidationFailed) -> None:
    """Show a service's rule failures against the form's fields (or the form as a whole)."""
    for name, message in error.errors.items():
        field = getattr(form, name, None)
        if field is None or not hasattr(field, "errors"):
            form.form_errors.append(message)
            continue
        field.errors = [*field.errors, message]


def safe_next(target: str | None, default: str) -> str:
    """Only follow `next` to a path on this site: never to another host (open redirect)."""
    if not target or "\\" in target or any(ord(ch) < 32 for ch in target):
        return default
    joined = urlsplit(urljoin(request.host_url, target))
    if joined.scheme not in ("http", "https") or joined.netloc != urlsplit(request.host_url).netloc:
        return default
    if not target.startswith("/") or target.startswith("//"):
        return default
    return joined.path + (f"?{joined.query}" if joined.query else "")
