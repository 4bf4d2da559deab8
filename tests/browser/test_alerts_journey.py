"""Save an alert from a search, get the email when a match is published, stop it from the
email's link without signing in: in a real headless Chromium, with axe-core on each page."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from portal.extensions import db
from portal.notifications.outbox import send_due
from portal.opportunities import services as opportunities
from tests.browser.support import sign_in
from tests.factories import complete_draft
from tests.notifications.support import save_alert

pytestmark = pytest.mark.browser


def test_save_an_alert_receive_the_match_and_unsubscribe_from_the_email(
        page, make_user, commissioner, inbox, assert_accessible):
    provider = make_user("provider")
    sign_in(page, provider)
    page.get_by_label("Search opportunities, innovations and the practice library").fill(
        "coaching")
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("link", name="Get email alerts for this search").click()
    expect(page.get_by_role("heading", name="Get email alerts for this search")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Name of the alert").fill("Coaching services")
    page.get_by_label("As soon as something matches").check()
    page.get_by_role("button", name="Save alert").click()
    expect(page.get_by_text("Alert “Coaching services” saved")).to_be_visible()
    expect(page.get_by_role("heading", name="Coaching services")).to_be_visible()
    assert_accessible(page)

    draft = complete_draft(commissioner.organisation, commissioner,
                           title="Job coaching for care leavers in Bolton")
    opportunities.publish(draft, actor=commissioner)
    db.session.commit()
    send_due()
    [message] = inbox.to(provider.email)
    text = inbox.text(message)
    assert "Job coaching for care leavers in Bolton" in text
    assert message["List-Unsubscribe"].startswith("<http")
    link = re.search(r"Stop this alert \(one click, no sign-in\): (\S+)", text).group(1)

    page.reload()
    page.get_by_role("link", name=re.compile(r"Notifications 1 unread")).click()
    expect(page.get_by_role("link", name=re.compile("Job coaching for care leavers"))
           ).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out")).to_be_visible()
    page.goto(urlsplit(link).path)
    expect(page.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
    assert_accessible(page)
    page.goto(urlsplit(link).path)
    expect(page.get_by_role("heading", name="Already unsubscribed")).to_be_visible()


def test_alert_pages_with_errors_have_no_axe_violations(page, make_user, assert_accessible):
    user = make_user("provider")
    save_alert(user, q="housing", frequency="weekly", name="Housing")
    sign_in(page, user)
    page.goto("/alerts/new?source=opportunities&region=E12000002&status=open")
    page.get_by_label("Name of the alert").fill("")
    page.get_by_role("button", name="Save alert").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
    page.goto("/alerts/new?source=search&client_group=nonsense")
    assert_accessible(page)
    page.goto("/notifications/")
    assert_accessible(page)
