"""Kinds of searchable object. Each area registers its kind; the search package does the rest.

To make another kind searchable (opportunities, award notices, innovations), call
`register(SearchKind(...))` when its blueprint package is imported:

    register(SearchKind(
        name="opportunity", label="Opportunities", model=Opportunity,
        document=opportunity_document,          # obj -> dict of schema fields (see below)
        is_public=lambda o: o.status != "draft",  # False: removed from the index
        url=lambda object_id: url_for("opportunities.detail", opportunity_id=object_id),
        public_query=lambda: select(Opportunity).where(Opportunity.status != "draft"),
        parents={OpportunityArea: lambda row: row.opportunity_id},
    ))

A document is a dict with `title` and `body` (text) and any of `client_group`, `outcome`,
`indicator`, `region` (lists of codes), `evidence` (1-5), `published_at`, `closes_at`
(aware datetimes; `closes_at` gives the open/closed facet) and `improvement` (percentage
points). `parents` maps dependent models (rows of a child table) to the id of the object
they belong to, so changing a child re-indexes its parent.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.extensions import db

_KINDS: dict[str, "SearchKind"] = {}


@dataclass(frozen=True)
class SearchKind:
    name: str
    label: str
    model: type
    document: Callable[[Any], dict]
    is_public: Callable[[Any], bool]
    url: Callable[[int], str]
    public_query: Callable[[], Any]
    parents: dict[type, Callable[[Any], int | None]] = field(default_factory=dict)


def register(kind: SearchKind) -> None:
    _KINDS[kind.name] = kind


def get(name: str) -> SearchKind | None:
    return _KINDS.get(name)


def kinds() -> list[SearchKind]:
    return list(_KINDS.values())


def affected(obj) -> list[tuple[str, int]]:
    """The indexed objects (kind, id) that a change to `obj` may alter."""
    found = []
    for kind in _KINDS.values():
        if isinstance(obj, kind.model) and obj.id is not None:
            found.append((kind.name, obj.id))
        for model, parent_id in kind.parents.items():
            if isinstance(obj, model):
                object_id = parent_id(obj)
                if object_id is not None:
                    found.append((kind.name, object_id))
    return found


def public_count() -> int:
    """How many public objects the database holds, over every kind (what a rebuild indexes)."""
    total = 0
    with Session(db.engine) as session:
        for kind in _KINDS.values():
            total += session.scalar(select(func.count()).select_from(
                kind.public_query().subquery()))
    return total
