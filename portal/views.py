"""Small helpers that every blueprint's views share: the one way a view saves (validate,
call the service, commit once, flash, 303; or roll back and show the page again with 400),
the redirects, and CSV downloads."""

import csv
import io
from collections.abc import Callable, Iterable
from typing import TypeVar
from urllib.parse import unquote, urljoin, urlsplit

from flask import Response, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm

from portal.errors import ValidationFailed
from portal.extensions import db
from portal.templating import query_args

T = TypeVar("T")


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


def submit_form(form: FlaskForm, page: str | Callable[[], str], action: Callable[[], T], /, *,
                then: str | Callable[[T], str], message: str | Callable[[T], str] | None = None,
                show_errors: Callable[[FlaskForm, ValidationFailed], None] = apply_errors,
                **context):
    """Save a valid form with `action` (the service call), commit once, flash `message` and
    go to `then` with a 303; otherwise draw the page again with what was typed: 200 for a
    GET, 400 with the errors for a POST.

    A refusal from the service or from the commit (a bid's deadline is judged again at that
    moment) rolls everything back and goes against the form's fields through `show_errors`.
    `page` is a template, drawn with `form` and `context` (a `form` in `context` wins: the
    page's main form may be another), or a function that draws it, for a page that costs
    queries only worth making when it is shown. `then` (an endpoint or a URL) and `message`
    may be functions of what `action` returned; they run after the commit.
    """
    if form.validate_on_submit():
        try:
            result = _commit(action)
        except ValidationFailed as error:
            show_errors(form, error)
        else:
            return _done(result, then, message)
    body = page() if callable(page) else render_template(page, **{"form": form, **context})
    return body, 400 if form.is_submitted() else 200


def attempt(action: Callable[[], object]) -> dict[str, str] | None:
    """Call the service and commit: None if both went through, else their errors, with
    everything rolled back. For views without a form object of their own (a button, or
    fields read by hand), which show the errors in their own way."""
    try:
        _commit(action)
    except ValidationFailed as error:
        return error.errors
    return None


def flash_outcome(errors: dict[str, str] | None, message: str) -> None:
    """Tell the page a button leads back to what happened: the refusal, or `message`."""
    if errors:
        flash(next(iter(errors.values())), "error")
    else:
        flash(message, "success")


def _commit(action: Callable[[], T]) -> T:
    try:
        result = action()
        db.session.commit()
    except ValidationFailed:
        db.session.rollback()
        raise
    return result


def _done(result: T, then: str | Callable[[T], str], message: str | Callable[[T], str] | None):
    target = then(result) if callable(then) else then
    if message is not None:
        flash(message(result) if callable(message) else message, "success")
    return see_other(target)


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


# A spreadsheet runs a cell that starts like this as a formula (OWASP, "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """Text that a spreadsheet would run as a formula ("=1+1", "@SUM(...)") gets a leading
    apostrophe, which shows it as typed. Numbers are left as numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def download_args() -> dict[str, list[str]]:
    """This list page's filters, for the link to its download: every match, so no page."""
    return {key: values for key, values in query_args().items() if key != "page"}


def csv_download(filename: str, header: list[str], rows: Iterable[Iterable]) -> Response:
    """A CSV attachment for spreadsheet users: UTF-8 with a byte order mark, without which
    Excel reads "£" and "–" as another encoding, and every cell made spreadsheet-safe.
    Commas, quotes and line breaks in a cell are quoted by the csv module."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    response = Response("\ufeff" + buffer.getvalue(), mimetype="text/csv")
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    return response
