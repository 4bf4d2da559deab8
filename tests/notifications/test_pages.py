"""The notifications page, the unread count in the header, following, and the alerts page."""

from sqlalchemy import select

from portal.alerts import follows
from portal.extensions import db
from portal.models import Notification, SavedAlert
from portal.notifications.events import notify
from tests.conftest import csrf_token
from tests.notifications.support import save_alert


def _tell(user, subject, link="/opportunities/"):
    notify(user, "member_confirmed", subject, link=f"http://127.0.0.1:5000{link}",
           organisation=user.organisation)
    db.session.commit()


def test_the_header_counts_unread_notifications(client, auth, make_user):
    user = make_user("provider")
    _tell(user, "First")
    _tell(user, "Second")
    auth.login(user)
    page = client.get("/").text
    assert '2<span class="govuk-visually-hidden"> unread</span>' in page


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(client, auth, make_user):
    user = make_user("provider")
    _tell(user, "You are now a member", link="/dashboard")
    auth.login(user)
    listing = client.get("/notifications/").text
    assert "You are now a member" in listing and "Unread" in listing
    note = db.session.scalar(select(Notification))
    response = client.get(f"/notifications/{note.id}")
    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"
    db.session.expire_all()
    assert db.session.get(Notification, note.id).is_read
    assert "unread</span>" not in client.get("/").text


def test_mark_all_as_read(client, auth, make_user):
    user = make_user("provider")
    other = make_user("provider")
    for n in range(3):
        _tell(user, f"Note {n}")
    _tell(other, "Someone else's")
    auth.login(user)
    response = client.post("/notifications/read",
                           data={"csrf_token": csrf_token(client, "/notifications/")})
    assert response.status_code == 303
    unread = db.session.scalars(select(Notification.user_id).where(
        Notification.read_at.is_(None))).all()
    assert unread == [other.id]


def test_the_notifications_page_shows_only_your_own(client, auth, make_user):
    user = make_user("provider")
    _tell(make_user("provider"), "Not for you")
    auth.login(user)
    page = client.get("/notifications/").text
    assert "Not for you" not in page
    assert "Nothing yet" in page


def test_a_provider_follows_and_unfollows_from_the_opportunity_page(
        client, auth, make_user, make_opportunity):
    opportunity = make_opportunity("open")
    provider = make_user("provider")
    auth.login(provider)
    page = f"/opportunities/{opportunity.id}"
    assert "Follow this opportunity" in client.get(page).text
    response = client.post(f"{page}/follow", data={"csrf_token": csrf_token(client, page)})
    assert response.status_code == 303
    assert follows.is_following(provider, opportunity)
    assert "You follow this opportunity" in client.get(page).text
    assert opportunity.title in client.get("/alerts/").text
    client.post(f"{page}/unfollow", data={"csrf_token": csrf_token(client, page)})
    assert not follows.is_following(provider, opportunity)


def test_the_commissioning_body_cannot_follow_its_own_opportunity(
        client, auth, commissioner, make_opportunity):
    opportunity = make_opportunity("open")
    auth.login(commissioner)
    page = f"/opportunities/{opportunity.id}"
    assert "Follow this opportunity" not in client.get(page).text
    response = client.post(f"{page}/follow", data={"csrf_token": csrf_token(client, page)})
    assert response.status_code == 403


def test_the_alerts_page_stops_resumes_changes_and_deletes(client, auth, make_user):
    user = make_user("provider")
    alert = save_alert(user, q="coaching", name="Coaching", frequency="daily")
    auth.login(user)
    listing = client.get("/alerts/").text
    assert "Coaching" in listing and "Daily digest" in listing
    token = csrf_token(client, "/alerts/")
    client.post(f"/alerts/{alert.id}/stop", data={"csrf_token": token})
    db.session.expire_all()
    assert not db.session.get(SavedAlert, alert.id).is_active
    assert "Stopped" in client.get("/alerts/").text
    client.post(f"/alerts/{alert.id}/resume", data={"csrf_token": token})
    db.session.expire_all()
    assert db.session.get(SavedAlert, alert.id).is_active
    response = client.post(f"/alerts/{alert.id}", data={
        "csrf_token": csrf_token(client, f"/alerts/{alert.id}"), "name": "Coaching weekly",
        "frequency": "weekly"})
    assert response.status_code == 303
    db.session.expire_all()
    changed = db.session.get(SavedAlert, alert.id)
    assert (changed.name, changed.frequency) == ("Coaching weekly", "weekly")
    client.post(f"/alerts/{alert.id}/delete", data={"csrf_token": token})
    assert db.session.get(SavedAlert, alert.id) is None


def test_search_and_list_pages_offer_to_save_the_search(client, auth, make_user):
    assert 'href="/sign-in?next=' in client.get("/search?q=housing").text
    auth.login(make_user("provider"))
    search = client.get("/search?q=housing&client_group=offenders&page=2").text
    assert 'href="/alerts/new?source=search&amp;q=housing&amp;client_group=offenders"' in search
    listing = client.get("/opportunities/?region=E12000002").text
    assert 'href="/alerts/new?source=opportunities&amp;region=E12000002"' in listing
