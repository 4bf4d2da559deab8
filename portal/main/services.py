"""Reference data as the public pages show it."""

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import ClientGroup, Indicator, LocalArea, Outcome, Region


def indicators() -> list[Indicator]:
    return list(db.session.scalars(select(Indicator).order_by(Indicator.number)))


def client_groups() -> list[ClientGroup]:
    return list(db.session.scalars(select(ClientGroup).order_by(ClientGroup.name)))


def outcomes() -> list[Outcome]:
    return list(db.session.scalars(select(Outcome).order_by(Outcome.code)))


def regions_with_area_counts() -> list[tuple[Region, int]]:
    query = (
        select(Region, func.count(LocalArea.code))
        .join(LocalArea, LocalArea.region_code == Region.code)
        .group_by(Region.code)
        .order_by(Region.name)
    )
    return [(region, count) for region, count in db.session.execute(query)]


def regions() -> list[Region]:
    return list(db.session.scalars(select(Region).order_by(Region.name)))


def local_areas() -> list[LocalArea]:
    return list(db.session.scalars(select(LocalArea).order_by(LocalArea.name)))


def regions_with_areas() -> list[Region]:
    """Regions with their local areas loaded, for grouped checkboxes."""
    from sqlalchemy.orm import selectinload

    query = select(Region).options(selectinload(Region.local_areas)).order_by(Region.name)
    return list(db.session.scalars(query))
