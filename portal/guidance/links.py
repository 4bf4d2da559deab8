"""Links to guidance from the forms it helps with, shown only when the page is published
(a fresh site without the demo content has none, and a link must never lead to a 404)."""

from flask import g, url_for

from portal.guidance.services import is_published_slug

# The pages other areas link to, by the address the demo gives them.
HOW_TO_WRITE_A_BID = "how-to-write-a-bid"
MODEL_SOCIAL_CLAUSES = "model-social-clause-wording"
LAA_TARGETS = "negotiating-laa-targets-for-ni-143-150"
EVIDENCE_SCALE = "how-to-use-the-evidence-scale"
COMMISSIONING = "commissioning-from-the-voluntary-and-community-sector"


def guidance_link(slug: str) -> str | None:
    """The address of a published guidance page, or None; asked once per page per request."""
    known = g.setdefault("guidance_links", {})
    if slug not in known:
        known[slug] = url_for("guidance.page", slug=slug) if is_published_slug(slug) else None
    return known[slug]
