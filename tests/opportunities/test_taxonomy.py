"""Admins maintain the social clause taxonomy; commissioners choose from the active clauses."""

from portal.extensions import db
from portal.models import SocialClauseType
from portal.opportunities import taxonomy
from tests.conftest import csrf_token


def test_the_taxonomy_is_seeded_with_six_clauses(app):
    assert {t.code for t in taxonomy.clause_types()} == {
        "targeted-recruitment", "apprenticeships", "vcse-supply-chain", "local-employment",
        "volunteering", "co-production"}


def test_admin_adds_a_clause(client, auth, make_user):
    auth.login(make_user("admin"))
    response = client.post("/admin/social-clauses/new", data={
        "code": "carbon-reduction", "name": "Carbon reduction", "description": "Less carbon.",
        "active": "y", "csrf_token": csrf_token(client, "/admin/social-clauses/new")})
    assert response.status_code == 303
    assert db.session.get(SocialClauseType, "carbon-reduction").active


def test_a_switched_off_clause_cannot_be_chosen(client, auth, make_user, make_opportunity):
    admin = make_user("admin")
    clause = taxonomy.save_clause_type(None, code="retired-clause", name="Retired",
                                       description="", active=False, actor=admin)
    db.session.commit()
    commissioner = make_user("commissioner")
    opportunity = make_opportunity("draft", owner=commissioner)
    auth.login(commissioner)
    page = f"/opportunities/{opportunity.id}/edit/social-clauses"
    assert clause.name not in client.get(page).get_data(as_text=True)
    response = client.post(page, data={"clause_type_code": "retired-clause",
                                       "requirement": "Do it", "unit": "people",
                                       "minimum": "1", "csrf_token": csrf_token(client, page)})
    assert response.status_code == 400
    assert "Select a social clause" in response.get_data(as_text=True)


def test_bad_codes_are_refused_with_a_message(client, auth, make_user):
    auth.login(make_user("admin"))
    response = client.post("/admin/social-clauses/new", data={
        "code": "Not A Code!", "name": "Odd", "csrf_token": csrf_token(
            client, "/admin/social-clauses/new")})
    assert response.status_code == 400
    assert "lower case letters" in response.get_data(as_text=True)


def test_percentages_cannot_exceed_100(make_opportunity, commissioner):
    from decimal import Decimal

    import pytest

    from portal.errors import ValidationFailed
    from portal.opportunities import services

    with pytest.raises(ValidationFailed, match="100 or less"):
        services.add_social_clause(make_opportunity("draft"), clause_type_code="vcse-supply-chain",
                                   requirement="Spend with VCSE", unit="percent",
                                   minimum=Decimal(120), actor=commissioner)
