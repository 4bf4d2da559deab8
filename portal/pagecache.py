"""A short-lived copy of public pages in each web process: what a caching proxy in front of
the portal would keep, kept by the portal itself.

`portal/caching.py` decides which answers anyone may keep (`Cache-Control: public,
max-age=PUBLIC_CACHE_SECONDS`: a visitor's public page or open data, with no form token,
message or cookie). This WSGI middleware keeps exactly those, for at most that max-age, and
answers the same request from a visitor from the copy without running the app: the same
promise a CDN would keep, no stronger and no weaker. A request with any cookie (a signed-in
user, or a visitor with a session) or credentials always reaches the app, so an author sees
their change at once; everyone else sees it within the max-age. The copy is keyed by scheme,
host (as ProxyFix leaves them), path and query string, holds at most MAX_ENTRIES answers of
at most MAX_BYTES each, and is per process (a new host starts empty). Answers served from it
carry `X-Cache: hit` and an `Age`, and skip the rate limits (a proxy's copy would too).
"""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

MAX_ENTRIES = 2000
MAX_BYTES = 1_000_000


@dataclass(frozen=True)
class _Copy:
    status: str
    headers: list[tuple[str, str]]
    body: bytes
    stored: float
    expires: float
    etag: str | None


def _max_age(headers: list[tuple[str, str]]) -> int | None:
    """The max-age of a `public` answer that sets no cookie; None for anything else."""
    values = {name.lower(): value for name, value in headers}
    if "set-cookie" in values:
        return None
    directives = [part.strip().lower() for part in values.get("cache-control", "").split(",")]
    if "public" not in directives:
        return None
    for directive in directives:
        if directive.startswith("max-age="):
            seconds = directive.removeprefix("max-age=")
            return int(seconds) if seconds.isdigit() else None
    return None


class PageCache:
    """Wraps a WSGI app; see the module's docstring."""

    def __init__(self, app: Callable, clock: Callable[[], float] = time.monotonic):
        self.app = app
        self.clock = clock
        self._copies: OrderedDict[tuple, _Copy] = OrderedDict()
        self._lock = threading.Lock()

    def clear(self) -> None:
        with self._lock:
            self._copies.clear()

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD")
        if (method not in ("GET", "HEAD") or environ.get("HTTP_COOKIE")
                or environ.get("HTTP_AUTHORIZATION")):
            return self.app(environ, start_response)
        key = (environ.get("wsgi.url_scheme"), environ.get("HTTP_HOST"),
               environ.get("SCRIPT_NAME", ""), environ.get("PATH_INFO"),
               environ.get("QUERY_STRING", ""))
        now = self.clock()
        with self._lock:
            copy = self._copies.get(key)
            if copy is not None and copy.expires <= now:
                del self._copies[key]
                copy = None
        if copy is not None:
            return self._answer(copy, environ, start_response, now)
        return self._fetch(key, environ, start_response, now)

    def _answer(self, copy: _Copy, environ, start_response, now: float) -> list[bytes]:
        headers = [*copy.headers, ("Age", str(int(now - copy.stored))), ("X-Cache", "hit")]
        matches = environ.get("HTTP_IF_NONE_MATCH", "")
        if copy.etag and copy.etag in matches:
            kept = [(n, v) for n, v in headers if n.lower() not in ("content-length",
                                                                   "content-type")]
            start_response("304 NOT MODIFIED", kept)
            return []
        start_response(copy.status, headers)
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [copy.body]

    def _fetch(self, key: tuple, environ, start_response, now: float) -> Iterable[bytes]:
        seen: dict = {}

        def remember(status, headers, exc_info=None):
            seen.update(status=status, headers=list(headers))
            return start_response(status, headers, exc_info)

        body = self.app(environ, remember)
        max_age = _max_age(seen.get("headers", []))
        if (environ.get("REQUEST_METHOD") != "GET" or not seen.get("status", "").startswith("200")
                or not max_age):
            return body
        try:
            data = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        if len(data) <= MAX_BYTES:
            etag = next((v for n, v in seen["headers"] if n.lower() == "etag"), None)
            copy = _Copy(seen["status"], seen["headers"], data, now, now + max_age, etag)
            with self._lock:
                self._copies[key] = copy
                self._copies.move_to_end(key)
                while len(self._copies) > MAX_ENTRIES:
                    self._copies.popitem(last=False)
        return [data]
