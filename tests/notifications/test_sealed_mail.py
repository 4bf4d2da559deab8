"""Sealed means sealed in the email queue too.

Before closes_at every message whose recipients were chosen from bids (receipts, amendment
and cancellation notices, deadline reminders) is hidden from staff: not listed, not counted,
not retryable, not named by the sender's report. A failed receipt is still retried, and its
bidder can send it again from the bid page, which shows staff nothing.
"""

import re
import smtplib
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.alerts import follows
from portal.bids import services as bids
from portal.extensions import db
from portal.jobs import tick
from portal.models import AuditEvent, OutboundEmail
from portal.notifications.outbox import send_due
from portal.opportunities import services as opportunities
from tests.bids.helpers import complete_input
from tests.conftest import csrf_token


@pytest.fixture
def bidders(make_opportunity, make_user, commissioner, clock):
    """An open opportunity closing in 30 hours: a submitted bid, two drafts, a follower;
    the receipt of the submitted bid already delivered."""
    opportunity = make_opportunity("open", closes_at=clock.current + timedelta(hours=30))
    submitter, drafter, other_drafter = (make_user("provider") for _ in range(3))
    bid = bids.start_bid(opportunity, actor=submitter)
    db.session.flush()
    bids.submit(bid, complete_input(opportunity), revision=bid.revision, actor=submitter)
    for person in (drafter, other_drafter):
        bids.start_bid(opportunity, actor=person)
    follower = make_user("provider")
    follows.follow(opportunity, actor=follower)
    db.session.commit()
    send_due()
    return dict(opportunity=opportunity, bid=bid, submitter=submitter, drafter=drafter,
                other_drafter=other_drafter, follower=follower, commissioner=commissioner,
                admin=make_user("admin"))


def _outbox(client) -> tuple[dict, str]:
    """The admin's queue page: its counts by status, and the whole text."""
    body = client.get("/admin/outbox").get_data(as_text=True)
    counts = dict(re.findall(r'__key">(\w+)</dt><dd class="govuk-summary-list__value">(\d+)<',
                             body))
    return counts, body


def _fail_everything(app, inbox):
    app.config["OUTBOX_MAX_ATTEMPTS"] = 1
    inbox.stop()
    return send_due()


def _amend(opportunity, commissioner):
    opportunities.update_overview(opportunity, title=opportunity.title, summary="New summary.",
                                  specification=opportunity.specification,
                                  reason="Clearer summary", actor=commissioner)
    db.session.commit()


def test_amendment_notices_are_sealed_until_the_deadline(client, auth, bidders, app, inbox):
    auth.login(bidders["admin"])
    before, _ = _outbox(client)
    _amend(bidders["opportunity"], bidders["commissioner"])
    queued_counts, queued_page = _outbox(client)
    _fail_everything(app, inbox)
    failed_counts, failed_page = _outbox(client)
    assert queued_counts == failed_counts == before
    for page in (queued_page, failed_page):
        for person in ("submitter", "drafter", "other_drafter", "follower"):
            assert bidders[person].email not in page
        assert "Amendment to" not in page


def test_deadline_reminders_are_sealed_until_the_deadline(client, auth, bidders, app, inbox,
                                                          clock):
    auth.login(bidders["admin"])
    before, _ = _outbox(client)
    clock.advance(timedelta(hours=7))
    assert tick().reminders == 3  # the two drafts and the follower
    _fail_everything(app, inbox)
    counts, page = _outbox(client)
    assert counts == before
    assert "Closes in" not in page
    for person in ("drafter", "other_drafter", "follower"):
        assert bidders[person].email not in page


def test_the_pending_count_does_not_rise_with_the_number_of_bidders(
        client, auth, bidders, make_user):
    auth.login(bidders["admin"])
    opportunity = bidders["opportunity"]
    for _ in range(3):
        bids.start_bid(opportunity, actor=make_user("provider"))
    db.session.commit()
    before, _ = _outbox(client)
    _amend(opportunity, bidders["commissioner"])
    after, _ = _outbox(client)
    assert after == before
    home = client.get("/admin/").get_data(as_text=True)
    assert "Amendment to" not in home


def test_the_sender_does_not_name_the_recipients_of_sealed_mail(bidders, app, inbox):
    _amend(bidders["opportunity"], bidders["commissioner"])
    report = _fail_everything(app, inbox)
    assert report.errors
    assert not [line for line in report.errors if "@" in line]


def test_the_sender_does_not_quote_a_refusal_that_names_a_sealed_recipient(
        bidders, monkeypatch):
    _amend(bidders["opportunity"], bidders["commissioner"])
    _refuse_everything(monkeypatch)
    report = send_due()
    assert report.failed == 4
    assert not [line for line in report.errors if "@" in line]


def test_after_the_deadline_staff_see_and_retry_sealed_mail(client, auth, bidders, app, inbox,
                                                            clock):
    _amend(bidders["opportunity"], bidders["commissioner"])
    clock.set(bidders["opportunity"].closes_at + timedelta(seconds=1))
    while _fail_everything(app, inbox).failed:
        pass  # the sender stops at the first refused connection; run it until all failed
    auth.login(bidders["admin"])
    counts, page = _outbox(client)
    assert bidders["drafter"].email in page
    assert int(counts["Failed"]) == 4
    notice = db.session.scalar(select(OutboundEmail.id).where(
        OutboundEmail.recipient == bidders["drafter"].email))
    response = client.post(f"/admin/outbox/{notice}/retry",
                           data={"csrf_token": csrf_token(client, "/admin/outbox")})
    assert response.status_code == 303


def test_a_receipt_that_cannot_be_delivered_is_retried_until_the_deadline(bidders, app, inbox,
                                                                          clock):
    bid, submitter = bidders["bid"], bidders["submitter"]
    bids.withdraw(bid, revision=bid.revision, actor=submitter)
    db.session.commit()
    _fail_everything(app, inbox)
    _fail_everything(app, inbox)
    receipt = db.session.scalar(select(OutboundEmail).where(
        OutboundEmail.template == "bid_receipt", OutboundEmail.status != "sent"))
    db.session.refresh(receipt)
    assert (receipt.status, receipt.attempts) == ("pending", 2)
    inbox.start()
    assert send_due().sent == 1
    assert inbox.to(submitter.email)


def _refuse_everything(monkeypatch):
    from portal.extensions import mail

    def refuse(message):
        raise smtplib.SMTPRecipientsRefused({message.recipients[0]: (550, b"Mailbox full")})

    monkeypatch.setattr(mail, "send", refuse)


def _receipt_refused(bidders, monkeypatch):
    bid = bidders["bid"]
    bids.withdraw(bid, revision=bid.revision, actor=bidders["submitter"])
    db.session.commit()
    _refuse_everything(monkeypatch)
    send_due()
    monkeypatch.undo()


def test_the_bidder_sees_a_receipt_that_was_not_delivered(client, auth, bidders, monkeypatch):
    _receipt_refused(bidders, monkeypatch)
    auth.login(bidders["submitter"])
    page = client.get(f"/bids/{bidders['bid'].reference}").get_data(as_text=True)
    assert "We could not email the receipt to" in page
    assert bidders["submitter"].email in page
    assert "Send the receipt again" in page


def test_the_bidder_sends_an_undelivered_receipt_again_and_staff_see_nothing(
        client, auth, bidders, monkeypatch, inbox):
    _receipt_refused(bidders, monkeypatch)
    bid, submitter = bidders["bid"], bidders["submitter"]
    auth.login(submitter)
    path = f"/bids/{bid.reference}"
    response = client.post(f"{path}/receipts/send-again",
                           data={"csrf_token": csrf_token(client, path)})
    assert response.status_code == 303
    assert "We could not email the receipt to" not in client.get(path).get_data(as_text=True)
    assert send_due().sent == 1
    [receipt] = inbox.to(submitter.email)
    assert "withdrawn" in inbox.text(receipt)
    auth.logout()
    auth.login(bidders["admin"])
    for admin_page in ("/admin/outbox", "/admin/audit", "/admin/"):
        body = client.get(admin_page).get_data(as_text=True)
        assert submitter.email not in body and "receipt" not in body.lower()
    assert db.session.scalar(select(AuditEvent.action).where(
        AuditEvent.action == "bid.receipt_sent_again")) is not None


def test_only_the_bidding_organisation_can_send_its_receipt_again(
        client, auth, bidders, monkeypatch):
    _receipt_refused(bidders, monkeypatch)
    path = f"/bids/{bidders['bid'].reference}"
    for outsider in ("drafter", "commissioner", "admin"):
        auth.login(bidders[outsider])
        response = client.post(f"{path}/receipts/send-again",
                               data={"csrf_token": csrf_token(client, "/account")})
        assert response.status_code == 404
        auth.logout()
    assert db.session.scalar(select(OutboundEmail.status).where(
        OutboundEmail.template == "bid_receipt", OutboundEmail.status == "failed")) == "failed"


def test_staff_cannot_retry_a_sealed_receipt(client, auth, bidders, monkeypatch):
    _receipt_refused(bidders, monkeypatch)
    failed = db.session.scalar(select(OutboundEmail.id).where(OutboundEmail.status == "failed"))
    auth.login(bidders["admin"])
    response = client.post(f"/admin/outbox/{failed}/retry",
                           data={"csrf_token": csrf_token(client, "/admin/outbox")})
    missing = client.post("/admin/outbox/999999/retry",
                          data={"csrf_token": csrf_token(client, "/admin/outbox")})
    assert response.status_code == missing.status_code == 404
