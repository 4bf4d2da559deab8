"""The one shape of every open data list: `data`, then `meta` (total, page, per_page, pages)
and `links` (self, next, prev), with the same links in a `Link` header (RFC 8288). Links keep
every other query parameter the client sent, so a filtered list pages as filtered."""

from flask import Response, jsonify, request, url_for

from portal.errors import ValidationFailed

PAGING = ("page", "per_page", "page_size")


def require_choice(args, name: str, allowed) -> None:
    """A parameter that takes one of a few words (a sort order): absent is fine, anything
    else but those words is a 400 naming them (never echoing what was sent)."""
    value = args.get(name) or ""
    if value and value not in allowed:
        raise ValidationFailed({name: f"{name} must be one of: {', '.join(allowed)}"})


def _page_url(page: int, per_page: int) -> str:
    kept = {name: values for name, values in request.args.lists() if name not in PAGING}
    return url_for(request.endpoint, **(request.view_args or {}), **kept, page=page,
                   per_page=per_page, _external=True)


def envelope(*, total: int, page: int, per_page: int) -> tuple[dict, dict]:
    """(meta, links) for one page of `total` items."""
    pages = max(1, -(-total // per_page))
    links = {"self": _page_url(page, per_page),
             "next": _page_url(page + 1, per_page) if page < pages else None,
             "prev": _page_url(min(page - 1, pages), per_page) if page > 1 else None}
    return {"total": total, "page": page, "per_page": per_page, "pages": pages}, links


def with_link_header(response: Response, links: dict) -> Response:
    parts = [f'<{url}>; rel="{rel}"' for rel, url in links.items() if url and rel != "self"]
    if parts:
        response.headers["Link"] = ", ".join(parts)
    return response


def paged(data: list[dict], *, total: int, page: int, per_page: int,
          meta: dict | None = None) -> Response:
    """A list answered in the envelope; `meta` adds facts about the list (the query asked)."""
    counts, links = envelope(total=total, page=page, per_page=per_page)
    response = jsonify({"data": data, "meta": {**counts, **(meta or {})}, "links": links})
    return with_link_header(response, links)
