"""A published opportunity's criteria, indicators, social clauses and documents stay as
bidders read them: a remove button posted for one (an old tab, a crafted form) is refused
with a message, and nothing is removed."""

import pytest

from portal.extensions import db
from tests.conftest import csrf_token

PARTS = {"criteria": "criteria", "indicators": "indicators",
         "social-clauses": "social_clauses"}


@pytest.mark.parametrize("part", PARTS)
def test_removing_a_part_of_a_published_opportunity_is_refused_and_keeps_it(
        client, auth, commissioner, make_opportunity, part):
    opportunity = make_opportunity("open")
    kept = getattr(opportunity, PARTS[part])
    count, target = len(kept), kept[0].id
    auth.login(commissioner)
    token = csrf_token(client, f"/opportunities/{opportunity.id}")
    response = client.post(f"/opportunities/{opportunity.id}/edit/{part}/{target}/remove",
                           data={"csrf_token": token}, follow_redirects=True)
    assert response.status_code == 200
    assert "cannot change after publication" in response.get_data(as_text=True)
    db.session.expire_all()
    assert len(getattr(db.session.merge(opportunity), PARTS[part])) == count
