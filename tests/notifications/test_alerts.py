"""Saved alerts: what matches, who is told, how often, and how to stop it."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from portal.alerts import matching
from portal.alerts import services as alerts
from portal.errors import NotFound, ValidationFailed
from portal.extensions import db
from portal.jobs import tick
from portal.library.services import moderate
from portal.models import AlertMatch, Notification, SavedAlert
from portal.opportunities import services as opportunities
from tests.factories import complete_draft
from tests.library.factories import submitted_entry
from tests.notifications.support import mail, recipients, save_alert


@pytest.fixture
def publish(commissioner):
    """publish(**overrides) -> an opportunity published now by the commissioner."""

    def make(**overrides):
        draft = complete_draft(commissioner.organisation, commissioner, **overrides)
        opportunities.publish(draft, actor=commissioner)
        db.session.commit()
        return draft

    return make


@pytest.fixture
def watcher(make_user):
    return make_user("provider")


# ---- Matching --------------------------------------------------------------------------------

@pytest.mark.parametrize(("args", "matches"), [
    ({}, True),
    ({"q": "coaching"}, True),
    ({"q": "coach"}, True),  # stemmed: "coaching" in the summary
    ({"q": "leavers work"}, True),
    ({"q": "leavers tenancy"}, False),  # every word must appear
    ({"q": '"job coaching"'}, True),
    ({"q": '"coaching job"'}, False),  # a phrase keeps its order
    ({"q": "coaching NOT tasters"}, False),
    ({"q": "tenancy OR coaching"}, True),
    ({"kind": "opportunity"}, True),
    ({"kind": "library"}, False),
    ({"client_group": "care-leavers"}, True),
    ({"client_group": "offenders"}, False),
    ({"client_group": ["offenders", "care-leavers"]}, True),  # values of one facet: any
    ({"outcome": "eet"}, True),
    ({"outcome": "accommodation"}, False),
    ({"indicator": "NI 148"}, True),
    ({"indicator": "NI 143"}, False),
    ({"region": "E12000002"}, True),  # Bolton is in the North West
    ({"region": "E12000007"}, False),
    ({"client_group": "care-leavers", "outcome": "accommodation"}, False),  # facets: all
    ({"q": "coaching", "region": "E12000002", "indicator": "NI 148"}, True),
])
def test_a_new_opportunity_matches_alerts_by_words_and_each_facet(
        publish, watcher, args, matches):
    save_alert(watcher, **args)
    publish()
    assert recipients("alert_match") == ([watcher.email] if matches else [])


@pytest.mark.parametrize(("args", "matches"), [
    ({"local_area": "E08000003"}, True),
    ({"local_area": "E09000001"}, False),
    ({"value_min": "200000"}, True),  # the contract is worth 150,000 to 210,000
    ({"value_min": "250000"}, False),
    ({"value_max": "100000"}, False),
    ({"client_group": "care-leavers", "value_max": "160000"}, True),
])
def test_alerts_from_the_opportunity_list_match_its_area_and_value_filters(
        publish, watcher, args, matches):
    save_alert(watcher, source="opportunities", **args)
    publish()
    assert recipients("alert_match") == ([watcher.email] if matches else [])


def test_alerts_for_library_entries_match_by_evidence_rating(make_user, watcher):
    save_alert(watcher, kind="library", evidence="3")
    save_alert(make_user("provider"), kind="library", evidence="5")
    save_alert(make_user("provider"), kind="opportunity")
    entry = submitted_entry(make_user("provider"))
    moderate(entry, "publish", "", actor=make_user("admin"))
    db.session.commit()
    assert recipients("alert_match") == [watcher.email]


def test_a_published_innovation_reaches_alerts_covering_innovations(make_innovation, watcher,
                                                                     make_user):
    save_alert(watcher, kind="innovation", q="mentors")
    save_alert(make_user("provider"), kind="opportunity", q="mentors")
    make_innovation()
    [message] = mail("alert_match")
    assert message.recipient == watcher.email
    assert "Mentoring into work for care leavers" in message.body_text


def test_drafts_never_reach_alerts(commissioner, watcher):
    save_alert(watcher)
    complete_draft(commissioner.organisation, commissioner)
    assert mail("alert_match") == []


def test_matching_narrows_in_the_database_before_any_alert_is_read(publish, make_user, watcher):
    """Thousands of alerts about other things are never loaded to be checked one by one."""
    others = [make_user("provider") for _ in range(10)]
    for n in range(150):
        save_alert(others[n % 10], q=f"tenancy{n}", name=f"Other {n}")
        save_alert(others[n % 10], client_group="offenders", name=f"Offenders {n}")
    wanted = save_alert(watcher, q="coaching", client_group="care-leavers")
    unconstrained = save_alert(watcher, name="Everything")
    item = matching.describe("opportunity", publish(), "http://x/1")
    assert [alert.id for alert in matching.candidates(item)] == [wanted.id, unconstrained.id]


def test_a_phrase_alert_is_a_candidate_by_its_words_then_checked_as_a_phrase(publish, watcher):
    alert = save_alert(watcher, q='"coaching job"')
    assert sorted(c.value for c in alert.criteria) == ["coach", "job"]
    item = matching.describe("opportunity", publish(), "http://x/1")
    assert [a.id for a in matching.candidates(item)] == [alert.id]
    assert matching.matching_alerts(item) == []


# ---- Who hears, and how often ---------------------------------------------------------------

def test_someone_with_two_matching_alerts_gets_one_email_naming_both(publish, watcher):
    save_alert(watcher, q="coaching", name="Coaching")
    save_alert(watcher, client_group="care-leavers", name="Care leavers")
    publish()
    [message] = mail("alert_match")
    assert "“Coaching”" not in message.body_text  # names are quoted plainly in text
    assert '"Coaching"' in message.body_text and '"Care leavers"' in message.body_text


def test_an_alert_email_has_one_click_unsubscribe_and_a_manage_link(publish, watcher):
    alert = save_alert(watcher, q="coaching")
    publish()
    [message] = mail("alert_match")
    token = alerts.unsubscribe_token(watcher.id, [alert.id])
    assert message.headers["List-Unsubscribe"] == \
        f"<http://127.0.0.1:5000/alerts/unsubscribe/{token}>"
    assert message.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"/alerts/unsubscribe/{token}" in message.body_text
    assert "http://127.0.0.1:5000/alerts/" in message.body_html


def test_an_alert_event_also_appears_on_the_notifications_page(publish, watcher):
    save_alert(watcher, q="coaching")
    opportunity = publish()
    [note] = db.session.scalars(select(Notification).where(Notification.user_id == watcher.id))
    assert note.event == "alert_match"
    assert note.link == f"/opportunities/{opportunity.id}"


def test_stopped_alerts_send_nothing(publish, watcher):
    alert = save_alert(watcher, q="coaching")
    alerts.stop(alert, actor=watcher)
    db.session.commit()
    publish()
    assert mail("alert_match") == []


def test_an_item_published_again_is_not_announced_twice(make_innovation, watcher):
    """An innovation changed materially goes back through moderation and is published
    again: its alerts have already heard about it."""
    save_alert(watcher, kind="innovation")
    innovation = make_innovation()
    assert alerts.item_published("innovation", innovation) == 0
    db.session.commit()
    assert len(mail("alert_match")) == 1


def test_digest_alerts_wait_for_the_digest_and_list_each_item_once(
        publish, watcher, clock, make_user):
    monday_6am = datetime(2009, 3, 2, 6, 0, tzinfo=UTC)
    clock.set(monday_6am - timedelta(hours=20))
    save_alert(watcher, q="coaching", frequency="daily", name="Coaching")
    save_alert(watcher, client_group="care-leavers", frequency="daily", name="Care leavers")
    save_alert(make_user("provider"), q="coaching", frequency="weekly", name="Weekly")
    first = publish(title="Care leavers into work")
    second = publish(title="Coaching for care leavers in Bolton")
    assert mail() == []  # nothing goes at once
    clock.set(monday_6am)  # 06:00 UTC is 06:00 in March: not yet 07:00
    assert tick().digests == 0
    clock.set(monday_6am + timedelta(hours=1, minutes=1))
    report = tick()
    assert report.digests == 2  # the daily one, and Monday's weekly one
    daily = next(m for m in mail("alert_digest") if m.recipient == watcher.email)
    assert daily.subject == "Daily alert digest: 2 new items"
    for opportunity in (first, second):
        assert daily.body_text.count(f"/opportunities/{opportunity.id}") == 1
    assert "Matched: Coaching, Care leavers" in daily.body_text
    assert daily.headers["List-Unsubscribe"].startswith("<http://127.0.0.1:5000/alerts/")
    assert tick().digests == 0  # sent once
    waiting = db.session.scalar(select(func.count()).where(AlertMatch.sent_at.is_(None)))
    assert waiting == 0


def test_a_digest_leaves_out_items_withdrawn_since_they_matched(
        make_innovation, watcher, clock, make_user):
    from portal.innovations.services import withdraw_innovation

    clock.set(datetime(2009, 3, 2, 12, 0, tzinfo=UTC))
    save_alert(watcher, frequency="daily", kind="innovation")
    kept = make_innovation(title="Kept")
    gone = make_innovation(title="Withdrawn soon")
    withdraw_innovation(gone, "Out of date", actor=make_user("admin"))
    db.session.commit()
    clock.advance(timedelta(days=1))
    tick()
    [digest] = mail("alert_digest")
    assert f"/innovations/{kept.id}" in digest.body_text
    assert f"/innovations/{gone.id}" not in digest.body_text
    assert digest.subject == "Daily alert digest: 1 new item"


def test_changing_frequency_moves_waiting_items_to_the_new_digest(publish, watcher, clock):
    clock.set(datetime(2009, 3, 3, 12, 0, tzinfo=UTC))  # a Tuesday
    alert = save_alert(watcher, frequency="weekly")
    publish()
    alerts.change(alert, alert.name, "daily", actor=watcher)
    db.session.commit()
    clock.advance(timedelta(days=1))
    assert tick().digests == 1


# ---- Unsubscribing ---------------------------------------------------------------------------

def test_unsubscribe_works_without_signing_in_and_only_for_that_alert(client, publish,
                                                                      watcher):
    kept = save_alert(watcher, q="tenancy", name="Tenancy")
    stopped = save_alert(watcher, q="coaching", name="Coaching")
    token = alerts.unsubscribe_token(watcher.id, [stopped.id])
    response = client.get(f"/alerts/unsubscribe/{token}")
    assert response.status_code == 200
    assert "You are unsubscribed" in response.text and "Coaching" in response.text
    db.session.expire_all()
    assert db.session.get(SavedAlert, stopped.id).unsubscribed_at is not None
    assert db.session.get(SavedAlert, kept.id).unsubscribed_at is None


def test_the_unsubscribe_link_works_once_then_says_it_is_done(client, watcher):
    alert = save_alert(watcher, q="coaching")
    path = f"/alerts/unsubscribe/{alerts.unsubscribe_token(watcher.id, [alert.id])}"
    assert "You are unsubscribed" in client.get(path).text
    again = client.get(path)
    assert again.status_code == 200
    assert "Already unsubscribed" in again.text


def test_mail_clients_can_unsubscribe_with_one_post(client, watcher):
    alert = save_alert(watcher, q="coaching")
    token = alerts.unsubscribe_token(watcher.id, [alert.id])
    response = client.post(f"/alerts/unsubscribe/{token}",
                           data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    db.session.expire_all()
    assert not db.session.get(SavedAlert, alert.id).is_active


@pytest.mark.parametrize("tamper", ["flip", "other_alert", "other_user"])
def test_a_tampered_unsubscribe_token_is_refused(client, watcher, make_user, tamper):
    mine = save_alert(watcher, q="coaching")
    theirs = save_alert(make_user("provider"), q="coaching")
    token = alerts.unsubscribe_token(watcher.id, [mine.id])
    if tamper == "flip":
        token = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    elif tamper == "other_alert":  # a valid signature cannot be moved to another alert
        body, signature = token.rsplit(".", 1)
        token = alerts.unsubscribe_token(watcher.id, [theirs.id]).rsplit(".", 1)[0] + \
            "." + signature
    else:  # signed for me, naming someone else's alert: matches nothing of theirs
        token = alerts.unsubscribe_token(watcher.id, [theirs.id])
    response = client.get(f"/alerts/unsubscribe/{token}")
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(SavedAlert, theirs.id).is_active
    assert db.session.get(SavedAlert, mine.id).is_active


def test_an_unsubscribe_can_be_undone_from_the_same_page(client, watcher):
    from tests.conftest import csrf_token

    alert = save_alert(watcher, q="coaching")
    token = alerts.unsubscribe_token(watcher.id, [alert.id])
    client.get(f"/alerts/unsubscribe/{token}")
    response = client.post(f"/alerts/unsubscribe/{token}/undo",
                           data={"csrf_token": csrf_token(client, "/register")})
    assert response.status_code == 200
    db.session.expire_all()
    assert db.session.get(SavedAlert, alert.id).is_active


# ---- Saving from the pages -------------------------------------------------------------------

def test_saving_an_alert_from_the_search_page_keeps_its_query_and_facets(client, auth,
                                                                        watcher):
    from tests.conftest import csrf_token

    auth.login(watcher)
    path = "/alerts/new?source=search&q=housing+support&client_group=offenders&region=E12000002"
    page = client.get(path)
    assert page.status_code == 200
    assert "Offenders under probation supervision" in page.text
    response = client.post(path, data={"csrf_token": csrf_token(client, path),
                                       "name": "Housing in the North West",
                                       "frequency": "weekly"})
    assert response.status_code == 303
    alert = db.session.scalar(select(SavedAlert))
    assert (alert.name, alert.frequency, alert.query) == (
        "Housing in the North West", "weekly", "housing support")
    assert alert.filters == {"client_group": ["offenders"], "region": ["E12000002"]}
    assert (alert.facet_fields, alert.term_count) == (2, 2)


def test_a_bad_alert_form_keeps_what_was_typed_and_names_the_problem(client, auth, watcher):
    from tests.conftest import csrf_token

    auth.login(watcher)
    path = "/alerts/new?source=search&q=housing"
    response = client.post(path, data={"csrf_token": csrf_token(client, path),
                                       "name": "x" * 200, "frequency": "hourly"})
    assert response.status_code == 400
    assert "Name must be 120 characters or fewer" in response.text
    assert "Choose how often you want email" in response.text
    assert "x" * 200 in response.text
    assert db.session.scalar(select(func.count()).select_from(SavedAlert)) == 0


@pytest.mark.parametrize(("path", "message"), [
    ("/alerts/new?source=search&client_group=nonsense", "is not one we know"),
    ("/alerts/new?source=opportunities&value_min=lots", "Enter an amount in pounds"),
    ("/alerts/new?source=elsewhere", "Save an alert from the search page"),
    ("/alerts/new?source=search&q=%22+AND+OR", "no words an alert could look for"),
])
def test_a_search_that_cannot_be_an_alert_says_why(client, auth, watcher, path, message):
    auth.login(watcher)
    response = client.get(path)
    assert response.status_code == 400
    assert message in response.text


def test_the_status_filter_is_left_out_of_an_alert_with_a_note(client, auth, watcher):
    auth.login(watcher)
    response = client.get("/alerts/new?source=search&q=housing&status=closed")
    assert "is not part of the alert" in response.text


def test_someone_elses_alert_cannot_be_seen_or_changed(client, auth, watcher, make_user):
    alert = save_alert(make_user("provider"), q="coaching")
    auth.login(watcher)
    assert client.get(f"/alerts/{alert.id}").status_code == 404
    with pytest.raises(NotFound):
        alerts.get_own(alert.id, actor=watcher)


def test_an_alert_needs_a_name_and_a_frequency(watcher):
    with pytest.raises(ValidationFailed) as error:
        save_alert(watcher, name=" ", frequency="sometimes", q="coaching")
    assert set(error.value.errors) == {"name", "frequency"}
