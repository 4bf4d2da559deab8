"""What a request may carry: ids and text in paths, no NUL characters anywhere, whole numbers
in query strings; and absolute links for emails (built without a request: the outbox and CLI
commands have none)."""

from urllib.parse import quote

from flask import Request, current_app
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter, UnicodeConverter

from portal.errors import ValidationFailed
from portal.forms import whole_number_text

# The largest id an id column holds (PostgreSQL's integer; SQLite's holds more).
ID_MAX = 2**31 - 1
MAX_PAGE = 10_000
MAX_PER_PAGE = 100


class IdConverter(IntegerConverter):
    """Every route's `<int:…>`: a number no id column can hold matches no route (a 404),
    rather than reaching the database driver, which cannot convert it."""

    def __init__(self, map, fixed_digits=0, min=None, max=ID_MAX, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class TextConverter(UnicodeConverter):
    """Every route's `<name>`: a segment holding a NUL character matches no route (a 404).
    Nobody types one, and PostgreSQL cannot even compare text with one."""

    def __init__(self, map, minlength=1, maxlength=None, length=None):  # noqa: A002
        super().__init__(map, minlength=minlength, maxlength=maxlength, length=length)
        self.regex = self.regex.replace("[^/]", "[^/\\x00]", 1)


def _without_nul(value):
    return value.replace("\x00", "") if isinstance(value, str) else value


class NulFreeMultiDict(ImmutableMultiDict):
    """Query strings and form fields with any NUL characters taken out, before any code reads
    them: the rest of what was typed is kept, and nothing reaches the database with one."""

    def __init__(self, mapping=None):
        if isinstance(mapping, list | tuple):  # how Werkzeug builds args, form and files
            mapping = [(_without_nul(key), _without_nul(value)) for key, value in mapping]
        super().__init__(mapping)


class PortalRequest(Request):
    parameter_storage_class = NulFreeMultiDict


def whole_number(args, name: str, *, default: int | None = None, minimum: int = 1,
                 maximum: int = ID_MAX, strict: bool = True) -> int | None:
    """A whole number from the query string; `default` when absent or empty. Anything else
    raises ValidationFailed naming the parameter (the API's way), or with `strict=False`
    gives `default` too (a web page's way: a hand-edited link still shows the page)."""
    raw = args.get(name) or ""
    if not raw.strip():
        return default
    value = whole_number_text(raw, maximum=maximum)
    if value is not None and value >= minimum:
        return value
    if not strict:
        return default
    raise ValidationFailed({name: f"{name} must be a whole number from {minimum:,} to "
                                  f"{maximum:,}"})


def page_number(args, name: str = "page", maximum: int = MAX_PAGE) -> int:
    """The page of a web page's list: page 1 for anything that is not a page number."""
    return whole_number(args, name, default=1, maximum=maximum, strict=False)


def api_paging(args, per_page: int, *, max_page: int = MAX_PAGE) -> tuple[int, int]:
    """The page and page size an open data list is asked for: `page`, and `per_page` (or
    `page_size`), each a whole number in range; ValidationFailed naming the parameter if not."""
    page = whole_number(args, "page", default=1, maximum=max_page)
    sizes = [whole_number(args, name, maximum=MAX_PER_PAGE) for name in ("per_page", "page_size")]
    return page, next((size for size in sizes if size is not None), per_page)

FRAGMENT_SAFE = "%!#$&'()*+,/:;=?@"  # what url_for leaves unquoted in an anchor


def external_url(endpoint: str, *, _anchor: str | None = None, **values) -> str:
    """The full URL of `endpoint` under PORTAL_BASE_URL; `_anchor` becomes its `#fragment`, as
    in `url_for` (the URL map alone would have made it a `?_anchor=` query argument)."""
    adapter = current_app.url_map.bind("localhost")
    path = adapter.build(endpoint, values)
    fragment = f"#{quote(_anchor, safe=FRAGMENT_SAFE)}" if _anchor else ""
    return current_app.config["PORTAL_BASE_URL"].rstrip("/") + path + fragment
