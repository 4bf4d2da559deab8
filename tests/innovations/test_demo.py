"""The demo data shows the Innovation Exchange at work."""

from sqlalchemy import select

from portal.extensions import db
from portal.models import Innovation


def test_demo_has_published_innovations_for_every_group_and_stage_and_one_waiting(runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    innovations = list(db.session.scalars(select(Innovation)))
    published = [i for i in innovations if i.status == "published"]
    assert len(published) >= 10
    assert {g.code for i in published for g in i.client_groups} == {
        "care-leavers", "offenders", "mental-health", "learning-disabilities"}
    assert {i.stage for i in published} == {"idea", "pilot", "evidence-of-impact", "scaling"}
    assert [i.status for i in innovations].count("submitted") == 1


def test_demo_adoptions_spread_to_other_regions(runner):
    runner.invoke(args=["seed-demo"])
    spread = [i for i in db.session.scalars(select(Innovation)) if any(
        a.local_area.region_code not in {area.region_code for area in i.local_areas}
        for a in i.adoptions)]
    assert len(spread) >= 2
