"""Which saved alerts a newly published item matches, without a loop over every alert.

An alert is stored twice: as the search it came from, and as criteria rows (`field`,
`value`): each facet value it asks for, and each word its query requires. A new item is
described the same way (its facet values and the stemmed words of its title and body), and
one SQL query, on the (`field`, `value`) index, returns the alerts all of whose facets have
a matching value and all of whose required words appear. Alerts with no criteria match
everything. Only those candidates are then checked against their full query (phrases,
OR, NOT) by the search face, with the same parser and analyser as the search page.
"""

from dataclasses import dataclass, field

from sqlalchemy import and_, case, distinct, func, or_, select

from portal import search
from portal.extensions import db
from portal.models import AlertCriterion, SavedAlert


@dataclass
class Item:
    """What an alert can match in one published object."""

    kind: str
    object_id: int
    title: str
    url: str
    facets: dict[str, set[str]]
    positions: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    value_min: int | None = None
    value_max: int | None = None

    @property
    def words(self) -> set[str]:
        return {word for by_word in self.positions.values() for word in by_word}


def describe(kind_name: str, obj, url: str) -> Item:
    """The item as alerts see it, from the same document the search index holds."""
    document = search.get_kind(kind_name).document(obj)
    facets = {"kind": {kind_name}}
    for name in ("client_group", "outcome", "indicator", "region"):
        facets[name] = {str(v) for v in document.get(name) or ()}
    if document.get("evidence") is not None:
        facets["evidence"] = {str(document["evidence"])}
    areas = getattr(obj, "local_areas", None)
    if areas is None and kind_name == "award":
        areas = obj.opportunity.local_areas
    facets["local_area"] = {area.code for area in areas or ()}
    value = obj.opportunity if kind_name == "award" else obj
    return Item(
        kind=kind_name, object_id=obj.id, title=document["title"], url=url,
        facets={name: values for name, values in facets.items() if values},
        positions={name: search.positions(text)
                   for name, text in search.text_fields(document).items()},
        value_min=getattr(value, "value_min", None), value_max=getattr(value, "value_max", None),
    )


# ---- Finding the alerts ---------------------------------------------------------------------

def _within_value(item: Item):
    """Alerts from the opportunity list may ask for a contract value range."""
    alert = SavedAlert
    if item.value_min is None or item.value_max is None:
        return and_(alert.value_min.is_(None), alert.value_max.is_(None))
    return and_(or_(alert.value_min.is_(None), alert.value_min <= item.value_max),
                or_(alert.value_max.is_(None), alert.value_max >= item.value_min))


def candidates(item: Item) -> list[SavedAlert]:
    """Active alerts whose facets and required words the item has (one indexed query)."""
    criterion = AlertCriterion
    offered = {**item.facets, "term": item.words}
    wanted = or_(*(and_(criterion.field == name, criterion.value.in_(sorted(values)))
                   for name, values in offered.items() if values))
    hits = (
        select(criterion.alert_id,
               func.count(distinct(case((criterion.field != "term", criterion.field))))
               .label("facets"),
               func.count(case((criterion.field == "term", 1))).label("terms"))
        .where(wanted).group_by(criterion.alert_id).subquery()
    )
    active = (SavedAlert.unsubscribed_at.is_(None), _within_value(item))
    matched = select(SavedAlert).join(hits, hits.c.alert_id == SavedAlert.id).where(
        hits.c.facets == SavedAlert.facet_fields, hits.c.terms == SavedAlert.term_count,
        *active)
    unconstrained = select(SavedAlert).where(
        SavedAlert.facet_fields == 0, SavedAlert.term_count == 0, *active)
    found = {alert.id: alert for alert in db.session.scalars(matched)}
    found.update({alert.id: alert for alert in db.session.scalars(unconstrained)})
    return [found[key] for key in sorted(found)]


def matching_alerts(item: Item) -> list[SavedAlert]:
    return [alert for alert in candidates(item)
            if search.alert_matches(alert.query, item.facets, item.positions)]
