"""The guidance the demo ships: at least ten published pages, model wording for every clause
type in the taxonomy, and every page the forms link to."""

from sqlalchemy import select

from portal import demo
from portal.extensions import db
from portal.guidance import services
from portal.guidance.links import LINKED_FROM_FORMS
from portal.models import GuidancePage, SocialClauseType


def test_the_demo_publishes_the_guidance(app, client):
    demo.load()
    db.session.commit()
    pages = {page.slug: page for page in db.session.scalars(select(GuidancePage))}
    assert len(pages) >= 10 and all(page.is_published for page in pages.values())
    assert set(LINKED_FROM_FORMS) <= set(pages)
    taxonomy = set(db.session.scalars(select(SocialClauseType.code)))
    models = services.model_clauses()
    assert set(models) == taxonomy
    assert all(model.model_minimum > 0 for model in models.values())
    assert len(pages["how-to-write-a-bid"].versions) == 2
    for slug in pages:  # every page draws, and its links to other guidance lead somewhere
        body = client.get(f"/guidance/{slug}").get_data(as_text=True)
        for target in set(__import__("re").findall(r'href="/guidance/([a-z0-9-]+)"', body)):
            assert target in pages, (slug, target)
