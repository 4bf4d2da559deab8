"""Guidance as search documents: the published version of each published page only, so a
draft or a change not yet published is never found."""

import re

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.markdown import plain
from portal.models import GuidancePage, GuidanceVersion
from portal.search import SearchKind, register

# "NI 148" or "NI148" in the text: a page that names an indicator is found by its facet.
_INDICATOR = re.compile(r"\bNI ?(14[3-9]|150)\b")


def document(page: GuidancePage) -> dict:
    version = page.current
    body = "\n\n".join([version.summary, plain(version.body), version.model_requirement or ""])
    return {
        "title": version.title,
        "body": body.strip(),
        "indicator": sorted({f"NI {n}" for n in _INDICATOR.findall(body)}),
        "published_at": version.published_at,
    }


def public_query():
    return (select(GuidancePage).where(GuidancePage.status == "published")
            .order_by(GuidancePage.id).options(selectinload(GuidancePage.versions)))


def _url(page_id: int) -> str:
    slug = db.session.scalar(select(GuidancePage.slug).where(GuidancePage.id == page_id))
    return url_for("guidance.page", slug=slug)


register(SearchKind(
    name="guidance",
    label="Guidance",
    model=GuidancePage,
    document=document,
    is_public=lambda page: page.is_published and page.current is not None,
    url=_url,
    public_query=public_query,
    parents={GuidanceVersion: lambda version: version.page_id},
))
