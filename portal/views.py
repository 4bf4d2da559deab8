"""Small helpers that every blueprint's views share."""

from urllib.parse import unquote, urljoin, urlsplit

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
    """Only follow `next` to a path on this site: never to another host (open redirect).

    The target is resolved against this site as a browser would (dot segments removed), and
    the checks run on the value that will be returned, once as written and once with its
    percent-escapes decoded, so `/.//evil.example` or `/%2F%2Fevil.example` cannot turn into
    a link to another host after the check.
    """
    if not target or not _is_plain_path(target):
        return default
    resolved = urlsplit(urljoin(request.host_url, target))
    if (resolved.scheme, resolved.netloc) != urlsplit(request.host_url)[:2]:
        return default
    result = resolved.path + (f"?{resolved.query}" if resolved.query else "")
    decoded = unquote(resolved.path)
    if not (_is_plain_path(result) and _is_plain_path(decoded)):
        return default
    if urlsplit(urljoin(request.host_url, decoded)).path != decoded:
        return default  # the decoded path still has dot segments that would move it
    return result


def _is_plain_path(value: str) -> bool:
    """A path on this host: one leading slash, no backslash, no control characters."""
    return (value.startswith("/") and not value.startswith("//") and "\\" not in value
            and not any(ord(ch) < 32 or ord(ch) == 127 for ch in value))
