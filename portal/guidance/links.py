"""Links to guidance from the forms it helps with, shown only when the page is published
(a fresh site without the demo content has none, and a link must never lead to a 404)."""

from flask import request, url_for

from portal.guidance.services import is_published_slug

# The pages that forms in other areas link to, by the address the demo gives them.
LINKED_FROM_FORMS = (
    "how-to-write-a-bid",  # the bid form
    "model-social-clause-wording",  # an opportunity's social clauses
    "negotiating-laa-targets-for-ni-143-150",  # area pages and the LAA form
    "how-to-use-the-evidence-scale",  # the library's evidence scale
    "commissioning-from-the-voluntary-and-community-sector",  # a new opportunity
)


def guidance_link(slug: str) -> str | None:
    """The address of a published guidance page, or None; asked once per page per request."""
    # Kept on the request (tests run many requests in one app context, so not `g`).
    known = request.environ.setdefault("portal.guidance_links", {})
    if slug not in known:
        known[slug] = url_for("guidance.page", slug=slug) if is_published_slug(slug) else None
    return known[slug]
