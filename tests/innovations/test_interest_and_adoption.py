"""Commissioners express interest (the organisation hears of it) and record adoptions."""

from sqlalchemy import select

from portal.extensions import db
from portal.models import Adoption
from portal.notifications.outbox import send_due
from tests.conftest import csrf_token
from tests.innovations.conftest import CORNWALL, LEEDS


def _post(client, path, **data):
    return client.post(path, data={"csrf_token": csrf_token(client, path), **data})


def test_interest_is_emailed_to_the_organisation_with_the_shared_reply_address(
        client, auth, make_user, make_innovation, inbox):
    provider = make_user("provider")
    innovation = make_innovation(provider=provider)
    auth.login(make_user("commissioner"))
    response = _post(client, f"/innovations/{innovation.id}/interest",
                     message="Could this work in Salford?", reply_email="cara@salford.gov.uk")
    assert response.status_code == 303
    send_due()
    [message] = [m for m in inbox.to(provider.email) if "is interested in" in m["Subject"]]
    assert message["Reply-To"] == "cara@salford.gov.uk"
    assert "Could this work in Salford?" in inbox.text(message)


def test_organisation_sees_interest_received_in_the_portal(client, auth, make_user,
                                                           make_innovation):
    provider = make_user("provider")
    innovation = make_innovation(provider=provider)
    auth.login(make_user("commissioner"))
    _post(client, f"/innovations/{innovation.id}/interest", message="Tell us more",
          reply_email="cara@salford.gov.uk")
    auth.logout()
    auth.login(provider)
    body = client.get("/innovations/interests").get_data(as_text=True)
    assert "Tell us more" in body and "cara@salford.gov.uk" in body


def test_interest_is_not_shown_to_other_organisations(client, auth, make_user, make_innovation):
    innovation = make_innovation()
    auth.login(make_user("commissioner"))
    _post(client, f"/innovations/{innovation.id}/interest", message="Private note",
          reply_email="cara@salford.gov.uk")
    auth.logout()
    auth.login(make_user("provider"))
    assert "Private note" not in client.get("/innovations/interests").get_data(as_text=True)


def test_page_counts_each_interested_commissioning_body_once(client, auth, make_user,
                                                             make_innovation):
    innovation = make_innovation()
    auth.login(make_user("commissioner"))
    for text in ("First", "Second"):
        _post(client, f"/innovations/{innovation.id}/interest", message=text,
              reply_email="cara@salford.gov.uk")
    body = client.get(f"/innovations/{innovation.id}").get_data(as_text=True)
    assert "1 commissioner has expressed interest" in body


def test_adoption_shows_on_the_page_grouped_by_region(client, auth, make_user, make_innovation):
    innovation = make_innovation()
    auth.login(make_user("commissioner"))
    for area in (LEEDS, CORNWALL):
        response = _post(client, f"/innovations/{innovation.id}/adopt", local_area=area,
                         started_on="2009-04-01")
        assert response.status_code == 303
    auth.logout()
    body = client.get(f"/innovations/{innovation.id}").get_data(as_text=True)
    assert body.index("South West") < body.index("Cornwall")
    assert body.index("Yorkshire and the Humber") < body.index("Leeds")
    assert "from 1 April 2009" in body


def test_same_adoption_twice_is_refused(client, auth, make_user, make_innovation):
    innovation = make_innovation()
    auth.login(make_user("commissioner"))
    path = f"/innovations/{innovation.id}/adopt"
    _post(client, path, local_area=LEEDS, started_on="2009-04-01")
    response = _post(client, path, local_area=LEEDS, started_on="2010-04-01")
    assert response.status_code == 400
    assert "already recorded an adoption in this area" in response.get_data(as_text=True)
    assert len(list(db.session.scalars(select(Adoption)))) == 1


def test_adoption_in_the_future_is_refused(client, auth, make_user, make_innovation):
    innovation = make_innovation()
    auth.login(make_user("commissioner"))
    response = _post(client, f"/innovations/{innovation.id}/adopt", local_area=LEEDS,
                     started_on="2999-01-01")
    assert response.status_code == 400
    assert "today or in the past" in response.get_data(as_text=True)


def test_an_adoption_links_to_the_adopting_bodys_own_opportunity(
        client, make_innovation, commissioner, make_opportunity, make_user):
    from datetime import timedelta

    import pytest

    from portal.errors import ValidationFailed
    from portal.innovations import services as innovation_services

    innovation = make_innovation("published")
    own = make_opportunity("open", title="Our mentoring contract")
    others = make_opportunity("open", owner=make_user("commissioner"), title="Someone else's")
    started = own.published_at.date() + timedelta(days=1)
    with pytest.raises(ValidationFailed, match="your organisation's published opportunities"):
        innovation_services.record_adoption(innovation, "E08000003", started,
                                            actor=commissioner, opportunity_id=others.id)
    innovation_services.record_adoption(innovation, "E08000003", started,
                                        actor=commissioner, opportunity_id=own.id)
    db.session.commit()
    body = client.get(f"/innovations/{innovation.id}").get_data(as_text=True)
    assert "through" in body and "Our mentoring contract" in body


def test_commissioning_body_sees_the_interest_it_sent(client, auth, make_user, make_innovation):
    innovation = make_innovation(title="Supported lodgings for care leavers")
    sender = make_user("commissioner")
    colleague = make_user("commissioner", organisation=sender.organisation)
    auth.login(sender)
    _post(client, f"/innovations/{innovation.id}/interest", message="Could this run in Salford?",
          reply_email="cara@salford.gov.uk")
    auth.logout()
    auth.login(colleague)
    response = client.get("/innovations/interests")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Interest sent" in body
    assert "Could this run in Salford?" in body and "Supported lodgings for care leavers" in body


def test_interest_sent_is_not_shown_to_other_commissioning_bodies(client, auth, make_user,
                                                                  make_innovation):
    innovation = make_innovation()
    auth.login(make_user("commissioner"))
    _post(client, f"/innovations/{innovation.id}/interest", message="Private note",
          reply_email="cara@salford.gov.uk")
    auth.logout()
    auth.login(make_user("commissioner"))
    response = client.get("/innovations/interests")
    assert response.status_code == 200
    assert "Private note" not in response.get_data(as_text=True)


def test_adoption_cannot_start_before_the_opportunity_it_came_through_was_published(
        client, auth, make_innovation, commissioner, make_opportunity):
    from datetime import date

    import pytest

    from portal import clock
    from portal.errors import ValidationFailed
    from portal.innovations import services as innovation_services

    innovation = make_innovation("published")
    opportunity = make_opportunity("open", title="Our mentoring contract")
    published_on = clock.to_uk(opportunity.published_at).date()
    with pytest.raises(ValidationFailed) as refused:
        innovation_services.record_adoption(innovation, "E08000003", date(2009, 4, 1),
                                            actor=commissioner, opportunity_id=opportunity.id)
    assert refused.value.errors == {"started_on": (
        f"The start date must be on or after {published_on.day} "
        f"{published_on:%B %Y}, when Our mentoring contract was published")}
    db.session.rollback()
    innovation_services.record_adoption(innovation, "E08000003", published_on,
                                        actor=commissioner, opportunity_id=opportunity.id)


def test_adoption_form_says_when_the_opportunity_was_published(client, auth, make_innovation,
                                                               commissioner, make_opportunity):
    innovation = make_innovation("published")
    opportunity = make_opportunity("open", title="Our mentoring contract")
    auth.login(commissioner)
    response = _post(client, f"/innovations/{innovation.id}/adopt", local_area=LEEDS,
                     started_on="2009-04-01", opportunity_id=str(opportunity.id))
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "when Our mentoring contract was published" in body
    assert list(db.session.scalars(select(Adoption))) == []
