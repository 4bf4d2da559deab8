"""Innovations as search documents: only published ones are public."""

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.models import Adoption, Innovation, InnovationUpdate, LocalArea
from portal.search import SearchKind, register


def document(innovation: Innovation) -> dict:
    return {
        "title": innovation.title,
        "body": "\n\n".join([
            innovation.summary, innovation.problem, innovation.approach,
            f"From {innovation.organisation.name}.",
            "Runs in: " + ", ".join(area.name for area in innovation.local_areas) + ".",
        ]),
        "client_group": [group.code for group in innovation.client_groups],
        "outcome": [outcome.code for outcome in innovation.outcomes],
        "indicator": [indicator.code for indicator in innovation.indicators],
        "region": sorted({area.region_code for area in innovation.local_areas}),
        "evidence": innovation.evidence_level,
        "published_at": innovation.first_published_at or innovation.published_at,
    }


def public_query():
    return (
        select(Innovation).where(Innovation.status == "published").order_by(Innovation.id)
        .options(selectinload(Innovation.client_groups), selectinload(Innovation.outcomes),
                 selectinload(Innovation.indicators),
                 selectinload(Innovation.local_areas).selectinload(LocalArea.region))
    )


register(SearchKind(
    name="innovation",
    label="Innovations",
    model=Innovation,
    document=document,
    is_public=lambda innovation: innovation.status == "published",
    url=lambda object_id: url_for("innovations.detail", innovation_id=object_id),
    public_query=public_query,
    parents={Adoption: lambda row: row.innovation_id,
             InnovationUpdate: lambda row: row.innovation_id},
))
