"""The demo's feedback: published with a provider reply, one in the queue, one safeguarding."""

from sqlalchemy import select

from portal import demo
from portal.extensions import db
from portal.models import ServiceFeedback


def test_the_demo_has_feedback_in_every_state_on_one_contract(app, client):
    demo.load()
    db.session.commit()
    given = list(db.session.scalars(select(ServiceFeedback).order_by(ServiceFeedback.id)))
    assert [f.status for f in given] == ["published", "published", "waiting", "safeguarding"]
    assert given[0].reply and "Dan Price" not in given[0].public_worked
    page = client.get(f"/contracts/{given[0].contract_id}").get_data(as_text=True)
    assert "2 people have given feedback" in page and "Ancoats drop-in" in page
    assert "electric meter" not in page
